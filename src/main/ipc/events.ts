import type { EventChannel, EventPayload, EventSink } from '../../shared/ipc';

export type { EventSink } from '../../shared/ipc';

export type EventListener = (channel: EventChannel, payload: EventPayload<EventChannel>) => void;

export interface EventBus {
  emit: EventSink;
  /** Returns the unsubscribe function. */
  subscribe: (listener: EventListener) => () => void;
}

/** A synchronous fan-out: a throwing listener (e.g. a destroyed window) never stops the others or the emitter. */
export function createEventBus(onListenerError?: (error: unknown) => void): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(channel, payload) {
      for (const listener of [...listeners]) {
        try {
          listener(channel, payload);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
