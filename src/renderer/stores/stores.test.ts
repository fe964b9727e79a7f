import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { SIGNED_OUT } from '../../shared/session';
import type { RunProgress } from '../../shared/upload';
import { item, user } from '../../../test/renderer/review-fixtures';
import { installFakeApi, ok } from '../../../test/renderer/fake-api';
import { createImportStore } from './import-store';
import { createReviewStore } from './review-store';
import { createRunStore, workKeyOf } from './run-store';
import { createSessionStore } from './session-store';
import { createSettingsStore } from './settings-store';

const signedIn = {
  ...SIGNED_OUT,
  signedIn: true,
  demo: true,
  account: 'admin@contoso.com',
  tenantId: 't1',
  cloud: 'custom' as const,
};

describe('session store', () => {
  it('starts the demo and keeps its folder, never a token', async () => {
    installFakeApi({
      'session:startDemo': () =>
        ok({ session: signedIn, folder: '/demo/photos', mappingCsv: '/demo/map.csv', userCount: 40 }),
      'session:preflight': () =>
        ok({
          ok: false,
          problems: [{ severity: 'error', message: 'Grant admin consent for User.Read.All.' }],
        }),
    });
    const store = createSessionStore();
    await expect(store.getState().startDemo()).resolves.toBe(true);
    // The pre-flight runs right after sign-in and its sentences are kept for the screen.
    await vi.waitFor(() => expect(store.getState().preflight?.problems[0]?.message).toMatch(/admin consent/));
    expect(store.getState()).toMatchObject({
      info: signedIn,
      demo: { folder: '/demo/photos' },
      busy: null,
      error: null,
    });
  });

  it('shows the device code while signing in, then clears it', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = installFakeApi({ 'session:signIn': () => new Promise((r) => (finish = r)) as never });
    const store = createSessionStore();
    const pending = store.getState().signIn({
      cloud: 'global',
      tenant: 'contoso.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      mode: 'device-code',
    });
    await Promise.resolve();
    api.emit('session:deviceCode', {
      message: 'Go to https://microsoft.com/devicelogin',
      userCode: 'ABCD-1234',
      verificationUri: 'https://microsoft.com/devicelogin',
    });
    expect(store.getState().deviceCode?.userCode).toBe('ABCD-1234');
    finish(ok({ ...signedIn, demo: false }));
    await expect(pending).resolves.toBe(true);
    expect(store.getState().deviceCode).toBeNull();
    expect(api.listening('session:deviceCode')).toBe(0);
  });

  it('keeps the error sentence from main', async () => {
    installFakeApi({
      'session:signIn': () => ({
        ok: false,
        error: { code: 'failed', message: 'An administrator must grant admin consent.' },
      }),
    });
    const store = createSessionStore();
    await expect(
      store.getState().signIn({ cloud: 'global', tenant: 'c', clientId: 'x', mode: 'interactive' }),
    ).resolves.toBe(false);
    expect(store.getState().error).toBe('An administrator must grant admin consent.');
  });
});

describe('import store', () => {
  it('scans with live counts keyed by job id and loads the review', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = installFakeApi({
      'directory:domains': () => ok({ domains: ['contoso.com', 'fabrikam.com'] }),
      'import:run': () => new Promise((r) => (finish = r)) as never,
    });
    const review = createReviewStore();
    const store = createImportStore(review);
    await store.getState().loadDomains();
    store.getState().toggleDomain('fabrikam.com');
    store.getState().setFolder('/photos');
    const running = store.getState().start();
    await Promise.resolve();
    const input = api.calls.find((c) => c.channel === 'import:run')!.input as {
      jobId: string;
      domains: string[];
    };
    expect(input.domains).toEqual(['contoso.com']);
    api.emit('job:progress', {
      jobId: 'someone-else',
      channel: 'import:run',
      done: 99,
      total: null,
      counts: { scanned: 99 },
      message: null,
    });
    api.emit('job:progress', {
      jobId: input.jobId,
      channel: 'import:run',
      done: 5,
      total: 10,
      counts: { scanned: 10, previews: 5 },
      message: 'Making previews',
    });
    expect(store.getState().progress).toEqual({
      scanned: 10,
      previews: 5,
      total: 10,
      message: 'Making previews',
    });
    const items = [item('a.jpg', 'matched', user('a'))];
    finish(ok({ importId: 'imp1', folder: '/photos', items, summary: { matched: 1 }, mappingErrors: [] }));
    await expect(running).resolves.toMatchObject({ importId: 'imp1' });
    expect(store.getState()).toMatchObject({ phase: 'done', result: { importId: 'imp1' } });
    expect(review.getState().items).toEqual(items);
  });

  it('opens Review on the match result and merges previews as they stream in, the visible rows asked for first', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = installFakeApi({
      'import:run': () => new Promise((r) => (finish = r)) as never,
      'import:prioritize': () => ok({ queued: true }),
    });
    const review = createReviewStore();
    const store = createImportStore(review);
    store.getState().setFolder('/photos');
    const running = store.getState().start();
    await Promise.resolve();
    const pending = { previewPending: true };
    const items = [
      item('a.jpg', 'matched', user('a'), pending),
      item('b.jpg', 'matched', user('b'), pending),
      item('c.jpg', 'matched', user('c'), pending),
    ];
    const done = (file: string, extra = {}) => ({ ...item(file, 'matched', user(file[0]!)), ...extra });
    // An event that beats the result is kept, and one of another import is ignored.
    api.emit('import:previews', { importId: 'imp1', items: [done('a.jpg')], done: 1, total: 3 });
    api.emit('import:previews', { importId: 'other', items: [done('b.jpg')], done: 1, total: 1 });
    finish(ok({ importId: 'imp1', folder: '/photos', items, summary: { matched: 3 }, mappingErrors: [] }));
    await expect(running).resolves.toMatchObject({ importId: 'imp1' });
    const pendingIds = () =>
      review
        .getState()
        .items.filter((i) => i.previewPending)
        .map((i) => i.id);
    expect(pendingIds()).toEqual(['b.jpg', 'c.jpg']);
    expect(store.getState().previews).toMatchObject({ done: 1, total: 3 });

    store.getState().prioritize(['c.jpg']);
    expect(api.calls.find((c) => c.channel === 'import:prioritize')?.input).toEqual({
      importId: 'imp1',
      ids: ['c.jpg'],
    });
    const broken = { error: { code: 'corrupt-image', message: 'The file is damaged.' } };
    api.emit('import:previews', {
      importId: 'imp1',
      items: [done('c.jpg', broken), done('b.jpg')],
      done: 3,
      total: 3,
    });
    expect(pendingIds()).toEqual([]);
    expect(review.getState().items.find((i) => i.id === 'c.jpg')?.error?.code).toBe('corrupt-image');
    expect(store.getState().previews).toBeNull();
    // Done: later events no longer reach the store.
    api.emit('import:previews', { importId: 'imp1', items: [done('c.jpg')], done: 3, total: 3 });
    expect(review.getState().items.find((i) => i.id === 'c.jpg')?.error?.code).toBe('corrupt-image');
  });

  it('runs the import-like call it is given (Prepare, a package) the same way, and answers with all of it', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = installFakeApi({
      'prepare:match': () => new Promise((r) => (finish = r)) as never,
    });
    const review = createReviewStore();
    const store = createImportStore(review);
    // No folder on the Import screen: the call names its own.
    const running = store
      .getState()
      .start((jobId) => window.headshot!.prepare.match({ jobId, folder: '/shoot', roster: '/roster.csv' }));
    await Promise.resolve();
    const { jobId } = api.calls.find((c) => c.channel === 'prepare:match')!.input as { jobId: string };
    expect(store.getState()).toMatchObject({ phase: 'running', jobId });
    api.emit('job:progress', {
      jobId,
      channel: 'prepare:match',
      done: 4,
      total: null,
      counts: { scanned: 4 },
      message: 'Scanning: 4 files',
    });
    expect(store.getState().progress.scanned).toBe(4);
    const items = [item('a.jpg', 'matched', user('a'), { previewPending: true })];
    api.emit('import:previews', {
      importId: 'p1',
      items: [item('a.jpg', 'matched', user('a'))],
      done: 1,
      total: 1,
    });
    const answer = { importId: 'p1', folder: '/shoot', items, summary: {}, mappingErrors: [], rosterSize: 3 };
    finish(ok({ ...answer, rosterProblems: [{ row: 4, message: 'names nobody' }] }));
    await expect(running).resolves.toMatchObject({ rosterSize: 3, rosterProblems: [{ row: 4 }] });
    // The preview that beat the answer was kept and applied.
    expect(review.getState().items.map((i) => i.previewPending ?? false)).toEqual([false]);
    expect(store.getState()).toMatchObject({ phase: 'done', previews: null, result: { importId: 'p1' } });
  });

  it('treats a cancel as cancelled, not as an error', async () => {
    installFakeApi({
      'import:run': () => ({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } }),
    });
    const store = createImportStore(createReviewStore());
    store.getState().setFolder('/photos');
    await expect(store.getState().start()).resolves.toBeNull();
    expect(store.getState()).toMatchObject({ phase: 'cancelled', error: null });
  });
});

const progress = (runId: string, done: number): RunProgress => ({
  runId,
  state: 'running',
  total: 4,
  stages: { queued: 0, processing: 0, waiting: 0, backingUp: 0, uploading: 4 - done, verifying: 0, done },
  summary: { uploaded: done },
  throughputPerMin: 60,
  etaSeconds: 10,
  throttled: 0,
  writeRatePerSec: 1,
  concurrency: 4,
  elapsedMs: 1000,
});

describe('run store', () => {
  it('remembers the work a run was for, through a resume of it but not of a run from History', async () => {
    const pair = {
      file: 'a.jpg',
      user: user('a'),
      method: 'upn' as const,
      crop: { strategy: 'attention' as const },
    };
    installFakeApi({
      'run:start': () => ok({ runId: 'r1', total: 1 }),
      'run:resume': (input) => ok({ runId: (input as { runId: string }).runId, total: 1 }),
      'run:list': () => ok({ runs: [], live: [] }),
    });
    const store = createRunStore();
    await store.getState().start('imp', [pair], false);
    const key = workKeyOf('imp', [pair]);
    expect(store.getState()).toMatchObject({ runId: 'r1', workKey: key, runDryRun: false });
    expect(workKeyOf('imp', [{ ...pair, crop: { strategy: 'center' } }])).not.toBe(key);
    expect(workKeyOf('imp2', [pair])).not.toBe(key);
    await store.getState().resume('r1');
    expect(store.getState()).toMatchObject({ runId: 'r1', workKey: key, runDryRun: false });
    await store.getState().resume('r0');
    expect(store.getState()).toMatchObject({ runId: 'r0', workKey: null });
  });

  it('follows its run only, collects failures and the end', async () => {
    const api = installFakeApi({ 'run:start': () => ok({ runId: 'r1', total: 4 }) });
    const store = createRunStore();
    const off = store.getState().listen();
    await store.getState().start('imp1', []);
    expect(api.calls.at(-1)).toEqual({
      channel: 'run:start',
      input: { importId: 'imp1', pairs: [], dryRun: true },
    });
    api.emit('run:progress', progress('other', 3));
    api.emit('run:progress', progress('r1', 2));
    api.emit('run:item', {
      runId: 'r1',
      file: 'a.jpg',
      user: null,
      status: 'failed',
      error: { code: 'x', message: 'Graph said no.' },
    });
    api.emit('run:item', { runId: 'r1', file: 'b.jpg', user: null, status: 'uploaded', error: null });
    api.emit('run:done', {
      runId: 'r1',
      kind: 'upload',
      state: 'completed',
      summary: { uploaded: 3, failed: 1 },
      error: null,
    });
    expect(store.getState().progress?.stages.done).toBe(2);
    expect(store.getState().failures.map((f) => f.file)).toEqual(['a.jpg']);
    expect(store.getState().done?.state).toBe('completed');
    off();
    expect(api.listening('run:progress')).toBe(0);
  });

  it('rolls back with its own progress, then opens the roll back report', async () => {
    let finish: (v: unknown) => void = () => undefined;
    const api = installFakeApi({
      'run:restore': () => new Promise((r) => (finish = r)) as never,
      'run:report': (input) =>
        ok({
          report: { runId: 'r1', kind: (input as { kind: string }).kind, results: [], summary: {} },
          hasCsv: true,
        }),
      'run:list': () => ok({ runs: [], live: [] }),
    });
    const store = createRunStore();
    store.getState().listen();
    const restoring = store.getState().restore('r1');
    await Promise.resolve();
    api.emit('run:progress', progress('r1', 1));
    expect(store.getState().restoring?.progress?.stages.done).toBe(1);
    finish(ok({ runId: 'r1', summary: { restored: 4 }, state: 'completed' }));
    await expect(restoring).resolves.toBe(true);
    expect(store.getState().restoring).toBeNull();
    expect(store.getState().notice).toBe('Rolled back: 4 photos put back.');
    expect(store.getState().report).toMatchObject({ runId: 'r1', kind: 'restore' });
  });

  it('exports the CSV to a chosen folder, and does nothing when the dialog is cancelled', async () => {
    let folder: { path: string } | null = null;
    const api = installFakeApi({
      'dialog:chooseFolder': () => ok(folder),
      'run:exportCsv': (input) =>
        ok({ path: `${(input as { folder: string }).folder}/headshot-report-r1.csv` }),
    });
    const store = createRunStore();
    await store.getState().exportCsv('r1', 'upload');
    expect(api.calls.some((c) => c.channel === 'run:exportCsv')).toBe(false);
    folder = { path: '/reports' };
    await store.getState().exportCsv('r1', 'upload');
    expect(store.getState().notice).toBe('Saved the report to /reports/headshot-report-r1.csv');
  });
});

describe('settings store', () => {
  it('loads, reports reset fields and saves a patch', async () => {
    installFakeApi({
      'settings:get': () =>
        ok({
          settings: DEFAULT_SETTINGS,
          problems: ['The setting "quality" had an invalid value and was reset to its default.'],
        }),
      'settings:set': (patch) => ok({ ...DEFAULT_SETTINGS, ...(patch as object) }),
    });
    const store = createSettingsStore();
    await store.getState().load();
    expect(store.getState().problems).toHaveLength(1);
    await expect(store.getState().save({ includeGuests: true })).resolves.toBe(true);
    expect(store.getState()).toMatchObject({
      settings: { includeGuests: true },
      problems: [],
      saving: false,
    });
  });
});
