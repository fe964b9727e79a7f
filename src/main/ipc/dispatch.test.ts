import { randomUUID } from 'node:crypto';
import type { AppInfo } from '../../shared/ipc';
import { createIpcCore } from './index';
import type { Platform } from './platform';

const info: AppInfo = {
  name: 'Headshot',
  version: '0.1.0',
  runtime: 'harness',
  platform: 'linux',
  arch: 'x64',
  versions: { node: '20', electron: null, chrome: null },
  packaged: false,
};

function fakePlatform(overrides: Partial<Platform> = {}) {
  const calls = { opened: [] as string[] };
  const platform: Platform = {
    appInfo: () => info,
    chooseFolder: () => Promise.resolve('/photos'),
    openExternal: (url) => {
      calls.opened.push(url);
      return Promise.resolve();
    },
    ...overrides,
  };
  return { platform, calls };
}

function setup(overrides: Partial<Platform> = {}) {
  const { platform, calls } = fakePlatform(overrides);
  const errors: unknown[] = [];
  const core = createIpcCore({ platform, onError: (_c, e) => errors.push(e) });
  const call = (channel: unknown, input?: unknown) => core.dispatch(channel, input, core.context('test'));
  return { core, call, calls, errors };
}

describe('dispatch', () => {
  it('answers app:info', async () => {
    const { call } = setup();
    await expect(call('app:info')).resolves.toEqual({ ok: true, value: info });
  });

  it('refuses an unknown channel', async () => {
    const { call } = setup();
    await expect(call('fs:readFile', { path: '/etc/passwd' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    // Prototype keys are not channels.
    await expect(call('constructor')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
  });

  it.each([
    ['app:info', { extra: true }],
    ['shell:openExternal', undefined],
    ['shell:openExternal', { url: 42 }],
    ['shell:openExternal', { url: 'https://learn.microsoft.com/', extra: 1 }],
    ['job:cancel', { jobId: 'not-a-uuid' }],
    ['demo:countdown', { jobId: randomUUID(), steps: 0, intervalMs: 1 }],
    ['demo:countdown', { jobId: randomUUID(), steps: 1e9, intervalMs: 1 }],
  ])('refuses %s with a payload that fails its schema: %j', async (channel, input) => {
    const { call, calls } = setup();
    const result = await call(channel, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(result.ok ? '' : result.error.message).toContain(channel);
    expect(calls.opened).toEqual([]);
  });

  it('opens allowlisted links and refuses others with not-allowed', async () => {
    const { call, calls } = setup();
    await expect(call('shell:openExternal', { url: 'https://learn.microsoft.com/graph' })).resolves.toEqual({
      ok: true,
      value: { opened: true },
    });
    await expect(call('shell:openExternal', { url: 'https://evil.example/' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-allowed' },
    });
    expect(calls.opened).toEqual(['https://learn.microsoft.com/graph']);
  });

  it('grants image access to a chosen folder, and nothing when the dialog is cancelled', async () => {
    const chosen = setup();
    await expect(chosen.call('dialog:chooseFolder', { purpose: 'photos' })).resolves.toEqual({
      ok: true,
      value: { path: '/photos' },
    });
    expect(chosen.core.grants.grantedFolders).toEqual(['/photos']);

    const cancelled = setup({ chooseFolder: () => Promise.resolve(null) });
    await expect(cancelled.call('dialog:chooseFolder')).resolves.toEqual({ ok: true, value: null });
    expect(cancelled.core.grants.grantedFolders).toEqual([]);
  });

  it('strips fields the contract does not list from handler output', async () => {
    const leaky = { ...info, accessToken: 'secret' } as AppInfo;
    const { call } = setup({ appInfo: () => leaky });
    const result = await call('app:info');
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('turns an invalid handler result into failed, and a thrown error into its message', async () => {
    const bad = setup({ appInfo: () => ({ name: 1 }) as unknown as AppInfo });
    await expect(bad.call('app:info')).resolves.toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(bad.errors).toHaveLength(1);

    const throwing = setup({ chooseFolder: () => Promise.reject(new Error('dialog broke')) });
    await expect(throwing.call('dialog:chooseFolder')).resolves.toEqual({
      ok: false,
      error: { code: 'failed', message: 'dialog broke' },
    });
  });

  it('runs a job with progress events and cancels it through job:cancel', async () => {
    const { core, call } = setup();
    const seen: string[] = [];
    core.events.subscribe((channel, payload) =>
      seen.push(`${channel}:${(payload as { jobId?: string }).jobId ?? ''}`),
    );
    const jobId = randomUUID();
    const run = call('demo:countdown', { jobId, steps: 1000, intervalMs: 5 });
    await vi.waitFor(() => expect(seen).toContain(`job:progress:${jobId}`));
    await expect(call('job:cancel', { jobId })).resolves.toEqual({ ok: true, value: { cancelled: true } });
    await expect(run).resolves.toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(seen.at(-1)).toBe(`job:done:${jobId}`);
    await expect(call('job:cancel', { jobId })).resolves.toEqual({ ok: true, value: { cancelled: false } });
  });

  it('completes a short job with the final count', async () => {
    const { core, call } = setup();
    const progress: number[] = [];
    core.events.subscribe((channel, payload) => {
      if (channel === 'job:progress') progress.push((payload as { done: number }).done);
    });
    await expect(call('demo:countdown', { jobId: randomUUID(), steps: 3, intervalMs: 0 })).resolves.toEqual({
      ok: true,
      value: { steps: 3 },
    });
    expect(progress.at(-1)).toBe(3);
  });
});
