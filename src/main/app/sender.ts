import type { IpcMainInvokeEvent, WebFrameMain } from 'electron';

/**
 * `scheme://host[:port]` of a URL. Node's URL#origin is "null" for non-special schemes such as app://, so the
 * origin is rebuilt from its parts; the trailing-slash-free form compares equal to APP_ORIGIN.
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export interface SenderPolicy {
  /** Origins whose main frame may call IPC (app://headshot, plus the Vite dev server in development). */
  origins: readonly string[];
  /** Optional: only these webContents (our windows) may call. */
  isKnownContents?: (id: number) => boolean;
}

/**
 * Is this IPC call from the app itself? Like VS Code's validatedIpcMain: the frame must still exist, be the top
 * frame of its page (no iframes), and its URL must be on one of our origins.
 */
export function checkSender(
  event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>,
  policy: SenderPolicy,
): { ok: true } | { ok: false; reason: string } {
  const frame: WebFrameMain | null = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  // Compared by ids, not object identity: WebFrameMain wrappers are not guaranteed to be the same object.
  const main = event.sender.mainFrame;
  if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) {
    return { ok: false, reason: 'a sub-frame sent it' };
  }
  const origin = originOf(frame.url);
  if (!origin || !policy.origins.includes(origin))
    return { ok: false, reason: `origin ${origin ?? frame.url} is not the app's` };
  if (policy.isKnownContents && !policy.isKnownContents(event.sender.id)) {
    return { ok: false, reason: 'the sender is not an app window' };
  }
  return { ok: true };
}
