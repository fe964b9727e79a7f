import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { AppInfo, IpcResult } from '../../shared/ipc';
import { INVOKE_CHANNELS } from '../../shared/ipc';
import { DROPPED_PATH_CHANNEL } from '../../shared/ipc-channels';
import { createIpcCore } from '../ipc';

vi.mock('electron', () => ({}));
const { bindIpc, forwardEvents } = await import('./ipc-binding');

const info = {
  name: 'Headshot',
  version: '1',
  runtime: 'electron',
  platform: 'linux',
  arch: 'x64',
} as AppInfo;
info.versions = { node: '22', electron: '45', chrome: '140' };
info.packaged = false;

type InvokeHandler = (event: IpcMainInvokeEvent, input: unknown) => Promise<IpcResult<unknown>>;

function setup() {
  const handlers = new Map<string, InvokeHandler>();
  const listeners = new Map<string, (event: IpcMainEvent, payload: unknown) => void>();
  const ipcMain = {
    handle: (channel: string, fn: InvokeHandler) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, fn: (event: IpcMainEvent, payload: unknown) => void) => {
      listeners.set(channel, fn);
      return ipcMain as unknown as IpcMain;
    },
    removeListener: (channel: string) => {
      listeners.delete(channel);
      return ipcMain as unknown as IpcMain;
    },
  };
  const opened: string[] = [];
  const core = createIpcCore({
    platform: {
      appInfo: () => info,
      chooseFolder: () => Promise.resolve(null),
      openExternal: (url) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
  });
  const refusals: string[] = [];
  const dispose = bindIpc({
    ipcMain: ipcMain,
    core,
    policy: { origins: ['app://headshot'], isKnownContents: (id) => id === 1 },
    log: (m) => refusals.push(m),
  });
  const invoke = (channel: string, event: IpcMainInvokeEvent, input?: unknown) =>
    handlers.get(channel)!(event, input);
  return { handlers, listeners, invoke, opened, refusals, dispose, core };
}

/** An IPC event from a frame: the main frame of webContents 1 at app://headshot unless overridden. */
function eventFrom({
  url = 'app://headshot/index.html',
  subFrame = false,
  otherTopFrame = false,
  contentsId = 1,
  noFrame = false,
} = {}) {
  const mainFrame = { url, parent: null, processId: 4, routingId: 1 };
  const frame = subFrame
    ? { url, parent: mainFrame, processId: 4, routingId: 2 }
    : { ...mainFrame, routingId: otherTopFrame ? 3 : 1 };
  return {
    senderFrame: noFrame ? null : frame,
    sender: { id: contentsId, mainFrame },
  } as unknown as IpcMainInvokeEvent;
}

describe('ipc binding: dropped paths', () => {
  it('grants a folder dropped in our window, and nothing a stranger sends', async () => {
    const { listeners, core, refusals, dispose } = setup();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-drop-'));
    const [ours, theirs] = [path.join(dir, 'ours'), path.join(dir, 'theirs')];
    await Promise.all([mkdir(ours), mkdir(theirs)]);
    const drop = listeners.get(DROPPED_PATH_CHANNEL)!;
    drop(eventFrom() as unknown as IpcMainEvent, ours);
    drop(eventFrom({ url: 'https://evil.example/' }) as unknown as IpcMainEvent, theirs);
    drop(eventFrom() as unknown as IpcMainEvent, { path: theirs });
    await expect(core.grants.folder(ours)).resolves.toBe(await realpath(ours));
    await expect(core.grants.folder(theirs)).resolves.toBeNull();
    expect(refusals.some((r) => r.includes(DROPPED_PATH_CHANNEL))).toBe(true);
    dispose();
    expect(listeners.has(DROPPED_PATH_CHANNEL)).toBe(false);
  });
});

describe('ipc binding: handle()', () => {
  it('binds every contract channel, and unbinds them', () => {
    const { handlers, dispose } = setup();
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('answers the app main frame', async () => {
    const { invoke } = setup();
    await expect(invoke('app:info', eventFrom())).resolves.toEqual({ ok: true, value: info });
  });

  it.each([
    ['a sub-frame', { subFrame: true }, 'sub-frame'],
    ['a top frame that is not the page main frame', { otherTopFrame: true }, 'sub-frame'],
    ['another origin', { url: 'https://evil.example/' }, 'origin https://evil.example'],
    ['a file:// page', { url: 'file:///tmp/x.html' }, 'origin'],
    ['an app:// look-alike host', { url: 'app://headshot.evil/index.html' }, 'origin'],
    ['a destroyed frame', { noFrame: true }, 'gone'],
    ['another webContents', { contentsId: 7 }, 'not an app window'],
  ])('refuses %s', async (_name, from, reason) => {
    const { invoke, opened, refusals } = setup();
    const result = await invoke('shell:openExternal', eventFrom(from), {
      url: 'https://learn.microsoft.com/',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(opened).toEqual([]);
    expect(refusals[0]).toContain(reason);
  });

  it('refuses a payload that fails its schema, from a trusted sender', async () => {
    const { invoke, opened } = setup();
    await expect(
      invoke('shell:openExternal', eventFrom(), { href: 'https://learn.microsoft.com/' }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    await expect(invoke('job:cancel', eventFrom(), { jobId: '../../etc' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(opened).toEqual([]);
  });

  it('forwards job events to live windows only, and keys jobs by the sending window', async () => {
    const { invoke, core } = setup();
    const sent: string[] = [];
    const live = { isDestroyed: () => false, send: (channel: string) => sent.push(channel) };
    const dead = { isDestroyed: () => true, send: () => sent.push('dead') };
    forwardEvents(core, () => [live, dead] as never);
    const jobId = randomUUID();
    const run = invoke('demo:countdown', eventFrom(), { jobId, steps: 100, intervalMs: 5 });
    await vi.waitFor(() => expect(sent).toContain('job:progress'));
    expect(core.jobs.cancelOwnedBy('webContents:1')).toBe(1);
    await expect(run).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(sent.at(-1)).toBe('job:done');
    expect(sent).not.toContain('dead');
  });
});
