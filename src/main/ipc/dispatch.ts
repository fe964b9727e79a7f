/**
 * The transport-agnostic core of IPC: validate the channel and payload against the contract, run the handler,
 * validate its output, and return an IpcResult. Electron's handle() (src/main/app/ipc-binding.ts) adds the
 * sender check on top; the e2e harness calls the same function from a WebSocket.
 */
import {
  type InvokeChannel,
  type InvokeOutput,
  type IpcResult,
  type ParsedInput,
  invokeChannels,
  isInvokeChannel,
} from '../../shared/ipc';
import { errorFields, getLogger } from '../core/logging/logger';
import { toIpcError } from './errors';
import type { EventSink } from './events';
import type { JobRegistry } from './jobs';

export interface HandlerContext {
  jobs: JobRegistry;
  emit: EventSink;
  /** Who called: jobs started by a window are cancelled when it goes away. */
  owner: string;
}

export type Handler<C extends InvokeChannel> = (
  input: ParsedInput<C>,
  ctx: HandlerContext,
) => Promise<InvokeOutput<C>>;

/** Every channel of the contract must have a handler: a missing one is a compile error. */
export type Handlers = { [C in InvokeChannel]: Handler<C> };

export type Dispatch = (channel: unknown, input: unknown, ctx: HandlerContext) => Promise<IpcResult<unknown>>;

function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

const log = getLogger('ipc');

export function createDispatcher(
  handlers: Handlers,
  onError?: (channel: string, error: unknown) => void,
): Dispatch {
  return async (channel, input, ctx) => {
    if (!isInvokeChannel(channel)) {
      return {
        ok: false,
        error: { code: 'unknown-channel', message: `Unknown channel ${String(channel)}.` },
      };
    }
    const contract = invokeChannels[channel];
    const parsed = contract.input.safeParse(input);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid-input', message: `${channel}: ${describeIssues(parsed.error.issues)}` },
      };
    }
    const started = Date.now();
    try {
      const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => Promise<unknown>;
      const value: unknown = await handler(parsed.data, ctx);
      // The channel and its outcome only: inputs and outputs may hold paths and photos, never logged here.
      log.debug('handled', { channel, ms: Date.now() - started });
      // Parsing the output too keeps handler drift from reaching the renderer, and strips fields the contract
      // does not list (nothing extra, such as a token, can leak through an object a handler passes along).
      const output = contract.output.safeParse(value);
      if (!output.success) {
        log.error('handler returned an invalid result', {
          channel,
          issues: describeIssues(output.error.issues),
        });
        onError?.(channel, output.error);
        return {
          ok: false,
          error: { code: 'failed', message: `${channel}: the handler returned an invalid result.` },
        };
      }
      return { ok: true, value: output.data };
    } catch (error) {
      const ipcError = toIpcError(error);
      if (ipcError.code === 'failed') {
        log.error('handler failed', { channel, ...errorFields(error) });
        onError?.(channel, error);
      } else log.info('handler refused', { channel, code: ipcError.code, message: ipcError.message });
      return { ok: false, error: ipcError };
    }
  };
}
