import { describe, expect, it, vi } from 'vitest';
import type { DesktopServices } from '../../use-cases/desktop-services';
import { createDispatcher } from '../dispatch';
import { createEventBus } from '../events';
import { JobRegistry } from '../jobs';
import { createHandlers } from './index';
import type { Platform } from '../platform';

/** The desktop handlers over stand-in services: what the handlers themselves decide. */
function setup(preflightProblems: { severity: 'error' | 'warning'; message: string }[]) {
  const start = vi.fn(() =>
    Promise.resolve({ runId: 'r1', progress: () => ({ total: 1 }), done: new Promise(() => undefined) }),
  );
  const desktop = {
    attach: vi.fn(),
    getImport: (id: string) => (id === 'imp' ? { images: new Map(), items: [] } : undefined),
    markStarted: vi.fn(),
    session: {
      preflight: () => Promise.resolve({ ok: preflightProblems.length === 0, problems: preflightProblems }),
    },
    runs: { start },
  } as unknown as DesktopServices;
  const platform = {} as Platform;
  const events = createEventBus();
  const jobs = new JobRegistry({ emit: events.emit });
  const dispatch = createDispatcher(createHandlers({ platform, desktop }));
  const call = (channel: string, input: unknown) =>
    dispatch(channel, input, { jobs, emit: events.emit, owner: 't' });
  return { call, start };
}

const pair = {
  file: 'a.jpg',
  user: { id: 'u1', userPrincipalName: 'a@contoso.com', displayName: 'A' },
  method: 'upn',

  crop: { strategy: 'center' },
};

describe('desktop handlers', () => {
  it('refuses a real run when the pre-flight finds a blocking problem, and says why', async () => {
    const { call, start } = setup([
      { severity: 'error', message: 'Grant admin consent for ProfilePhoto.ReadWrite.All.' },
    ]);
    await expect(call('run:start', { importId: 'imp', pairs: [pair], dryRun: false })).resolves.toEqual({
      ok: false,
      error: { code: 'not-allowed', message: 'Grant admin consent for ProfilePhoto.ReadWrite.All.' },
    });
    expect(start).not.toHaveBeenCalled();
    // A dry run writes nothing, so it may show what would happen even so.
    await expect(call('run:start', { importId: 'imp', pairs: [pair], dryRun: true })).resolves.toMatchObject({
      ok: true,
      value: { runId: 'r1' },
    });
  });

  it('lets warnings through and refuses an unknown import', async () => {
    const { call } = setup([{ severity: 'warning', message: 'Only one photo read was tried.' }]);
    await expect(call('run:start', { importId: 'imp', pairs: [pair], dryRun: false })).resolves.toMatchObject(
      { ok: true },
    );
    await expect(
      call('run:start', { importId: 'gone', pairs: [pair], dryRun: false }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });

  it('validates payloads against the contract', async () => {
    const { call } = setup([]);
    await expect(
      call('run:start', { importId: 'imp', pairs: [{ ...pair, crop: { strategy: 'rect' } }], dryRun: false }),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    await expect(call('settings:set', { quality: 5 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });
});
