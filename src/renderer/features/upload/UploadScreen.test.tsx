import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNED_OUT } from '../../../shared/session';
import type { RunListEntry, RunProgress } from '../../../shared/upload';
import { installFakeApi, ok } from '../../../../test/renderer/fake-api';
import { user } from '../../../../test/renderer/review-fixtures';
import { useImportStore } from '../../stores/import-store';
import { usePendingRun } from '../../stores/pending-run';
import { useRunStore } from '../../stores/run-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { UploadScreen } from './UploadScreen';

const pairs = ['a', 'b'].map((id) => ({
  file: `${id}.jpg`,
  user: user(id),
  method: 'upn' as const,
  crop: { strategy: 'attention' as const },
}));

const progress = (over: Partial<RunProgress> = {}): RunProgress => ({
  runId: 'r1',
  state: 'running',
  total: 2,
  stages: { queued: 0, processing: 0, waiting: 0, backingUp: 0, uploading: 2, verifying: 0, done: 0 },
  summary: {},
  throughputPerMin: 30,
  etaSeconds: 20,
  throttled: 0,
  concurrency: 4,
  writeRatePerSec: null,
  waitingUntil: null,
  elapsedMs: 1000,
  ...over,
});

const listEntry = (restore: RunListEntry['restore']): RunListEntry => ({
  runId: 'r1',
  tenantId: 'tid',
  state: 'completed',
  dryRun: false,
  createdAt: '2026-11-26T10:00:00.000Z',
  total: 2,
  summary: { uploaded: 2 },
  restore,
  runDir: '/state/runs/r1',
});

let off: (() => void) | null = null;
let api: ReturnType<typeof installFakeApi>;

const setup = (responders: Parameters<typeof installFakeApi>[0] = {}) => {
  api = installFakeApi({
    'run:start': () => ok({ runId: 'r1', total: 2 }),
    'run:list': () => ok({ runs: [], live: [] }),
    ...responders,
  });
  off = useRunStore.getState().listen();
  render(
    <FluentProvider theme={webLightTheme}>
      <UploadScreen />
    </FluentProvider>,
  );
};
/**
 * Text in the open dialog. By text, not role: in jsdom, Fluent's dialog motion and focus trap can leave a fresh
 * dialog marked hidden for a while after an earlier one closed (see screens.test.tsx); each test opens one.
 */
const inDialog = (text: string) => screen.findByText(text);
/** A real run started for the pending pairs, as the confirmation does (that path is tested on its own). */
const startReal = () =>
  act(() =>
    useRunStore
      .getState()
      .start('imp', pairs, false)
      .then(() => undefined),
  );
const starts = () => api.calls.filter((c) => c.channel === 'run:start');
const emit = (channel: 'run:progress' | 'run:done', payload: unknown) =>
  act(() => api.emit(channel, payload));
const done = (state: 'completed' | 'cancelled', summary: Record<string, number>) =>
  emit('run:done', { runId: 'r1', kind: 'upload', state, summary, error: null });

beforeEach(() => {
  useRunStore.setState({
    dryRun: true,
    runId: null,
    runDryRun: true,
    workKey: null,
    progress: null,
    counts: null,
    failures: [],
    done: null,
    busy: false,
    error: null,
    notice: null,
    history: [],
    live: [],
    report: null,
    restoring: null,
  });
  useSessionStore.setState({
    info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 'tid', tenantName: 'Contoso' },
  });
  useImportStore.setState({ result: { importId: 'imp', folder: '/p', summary: {}, mappingErrors: [] } });
  usePendingRun.setState({ pairs });
  useShell.setState({ screen: 'upload' });
});
afterEach(() => {
  off?.();
  off = null;
});

describe('Upload: before the run', () => {
  it('says what will happen, in the tenant by name, and starts a test run by default', async () => {
    setup();
    expect(screen.getByTestId('upload-plan')).toHaveTextContent('2 users to update in Contoso');
    expect(screen.getByText(/changes nothing in Contoso/)).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /Test run/ })).toBeChecked();
    await userEvent.click(screen.getByRole('button', { name: 'Start test run for 2 users' }));
    expect(starts()).toEqual([{ channel: 'run:start', input: { importId: 'imp', pairs, dryRun: true } }]);
  });

  it('asks before a real run, naming the tenant and the count; "Not now" starts nothing', async () => {
    setup();
    await userEvent.click(screen.getByRole('switch', { name: /Test run/ }));
    expect(screen.getByText(/backs up each user’s current photo in Contoso/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Upload 2 photos' }));
    expect(await inDialog('Replace the photos of 2 users in Contoso?')).toBeInTheDocument();
    await userEvent.click(await inDialog('Not now'));
    await waitFor(() => expect(screen.queryByText('Replace the photos of 2 users in Contoso?')).toBeNull());
    expect(starts()).toEqual([]);
  });

  it('starts the real run once confirmed', async () => {
    setup();
    await userEvent.click(screen.getByRole('switch', { name: /Test run/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Upload 2 photos' }));
    await userEvent.click(await inDialog('Replace 2 photos'));
    expect(starts()).toEqual([{ channel: 'run:start', input: { importId: 'imp', pairs, dryRun: false } }]);
    expect(await screen.findByText(/Running · r1/)).toBeInTheDocument();
    expect(screen.getByText('Upload to Contoso')).toBeInTheDocument();
  });

  it('names the tenant by its id when its name is not known', () => {
    useSessionStore.setState({
      info: { ...SIGNED_OUT, signedIn: true, account: 'a@contoso.com', tenantId: 'tid' },
    });
    setup();
    expect(screen.getByTestId('upload-plan')).toHaveTextContent('2 users to update in tid');
  });
});

describe('Upload: during the run', () => {
  it('shows the counts, the rate and time left, and says when Microsoft 365 throttles and for how long', async () => {
    setup();
    await userEvent.click(screen.getByRole('button', { name: 'Start test run for 2 users' }));
    emit('run:progress', progress({ etaSeconds: 30 }));
    expect(screen.getByText('0 of 2 users · 30 per minute · less than a minute left')).toBeInTheDocument();
    expect(screen.queryByTestId('run-throttled')).toBeNull();

    emit('run:progress', progress({ waitingUntil: Date.now() + 12_000 }));
    expect(screen.getByTestId('run-throttled')).toHaveTextContent(
      /^Microsoft 365 is throttling requests; Headshot is waiting 12 s and will continue\.$/,
    );
    // Paused by the user: not the service's wait.
    emit('run:progress', progress({ state: 'paused', waitingUntil: Date.now() + 12_000 }));
    expect(screen.queryByTestId('run-throttled')).toBeNull();
    emit('run:progress', progress({ waitingUntil: null }));
    expect(screen.queryByTestId('run-throttled')).toBeNull();
    expect(screen.queryByRole('button', { name: /Start test run/ })).toBeNull();
  });
});

describe('Upload: after the run', () => {
  it('after a test run, the next step is the real upload, with the confirmation', async () => {
    setup();
    await userEvent.click(screen.getByRole('button', { name: 'Start test run for 2 users' }));
    emit('run:progress', progress({ stages: { ...progress().stages, uploading: 0, done: 2 } }));
    done('completed', { 'dry-run': 2 });
    expect(screen.getByText(/^Run finished · r1/)).toBeInTheDocument();
    expect(screen.getByTestId('run-outcome')).toHaveTextContent(
      'Test run finished: 2 users would get a new photo. Nothing was changed in Contoso. Next: run the real upload.',
    );
    expect(screen.queryByRole('button', { name: /Start test run/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Upload 2 photos$/ })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Run the real upload' }));
    await userEvent.click(await inDialog('Replace 2 photos'));
    expect(starts().map((c) => (c.input as { dryRun: boolean }).dryRun)).toEqual([true, false]);
  });

  it('after a real run, offers the report and roll back, never the same upload again without asking', async () => {
    useRunStore.setState({ dryRun: false });
    setup();
    await startReal();
    emit(
      'run:progress',
      progress({ summary: { uploaded: 2 }, stages: { ...progress().stages, uploading: 0, done: 2 } }),
    );
    done('completed', { uploaded: 2 });
    expect(screen.getByTestId('run-outcome')).toHaveTextContent('Uploaded 2 photos to Contoso.');
    expect(screen.getByTestId('stage-Uploaded')).toHaveTextContent('2');
    expect(screen.queryByRole('button', { name: 'Upload 2 photos' })).toBeNull();
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.getByRole('button', { name: 'See the report' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Roll back this run' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Upload again' }));
    expect(await inDialog('Replace the photos of 2 users in Contoso?')).toBeInTheDocument();
    expect(starts()).toHaveLength(1);
    await userEvent.click(await inDialog('Replace 2 photos'));
    expect(starts().map((c) => (c.input as { dryRun: boolean }).dryRun)).toEqual([false, false]);
  });

  it('new pairs from Review bring the start button back', async () => {
    setup();
    await userEvent.click(screen.getByRole('button', { name: 'Start test run for 2 users' }));
    done('completed', { 'dry-run': 2 });
    expect(await screen.findByTestId('run-outcome')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Start test run/ })).toBeNull();
    act(() => usePendingRun.setState({ pairs: pairs.slice(0, 1) }));
    expect(screen.getByRole('button', { name: 'Start test run for 1 user' })).toBeInTheDocument();
  });

  it('a cancel keeps the counts and offers Resume right there', async () => {
    useRunStore.setState({ dryRun: false });
    setup({ 'run:resume': () => ok({ runId: 'r1', total: 2 }) });
    await startReal();
    emit(
      'run:progress',
      progress({
        summary: { uploaded: 1 },
        stages: { queued: 0, processing: 0, waiting: 0, backingUp: 0, uploading: 1, verifying: 0, done: 1 },
      }),
    );
    expect(screen.getByTestId('stage-Processed')).toHaveTextContent('2');
    expect(screen.getByTestId('stage-Backed up')).toHaveTextContent('2');
    // The cancel puts the user in flight back in the queue: the engine's counts drop, the screen's do not.
    emit(
      'run:progress',
      progress({
        state: 'cancelled',
        summary: { uploaded: 1 },
        stages: { queued: 1, processing: 0, waiting: 0, backingUp: 0, uploading: 0, verifying: 0, done: 1 },
      }),
    );
    done('cancelled', { uploaded: 1 });
    expect(screen.getByText(/^Run cancelled · r1/)).toBeInTheDocument();
    expect(screen.getByTestId('stage-Processed')).toHaveTextContent('2');
    expect(screen.getByTestId('stage-Backed up')).toHaveTextContent('2');
    expect(screen.getByTestId('stage-Uploaded')).toHaveTextContent('1');
    expect(screen.getByTestId('run-outcome')).toHaveTextContent(
      'Run cancelled: 1 of 2 users done, 1 not yet; users not done keep their photo. Resume to finish it.',
    );
    expect(screen.queryByRole('button', { name: 'Upload 2 photos' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Resume this run' }));
    expect(api.calls.filter((c) => c.channel === 'run:resume')).toEqual([
      { channel: 'run:resume', input: { runId: 'r1' } },
    ]);
    expect(await screen.findByText(/^Running · r1/)).toBeInTheDocument();
  });

  it('a rolled-back run says so, without the old upload counts', async () => {
    useRunStore.setState({ dryRun: false });
    setup({ 'run:list': () => ok({ runs: [listEntry('completed')], live: [] }) });
    await startReal();
    emit(
      'run:progress',
      progress({ summary: { uploaded: 2 }, stages: { ...progress().stages, uploading: 0, done: 2 } }),
    );
    done('completed', { uploaded: 2 });
    // run:done refreshes the run list, which says the run was rolled back.
    expect(await screen.findByText('Rolled back: the previous photos are back.')).toBeInTheDocument();
    expect(screen.queryByTestId('stage-Uploaded')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Roll back this run' })).toBeNull();
    expect(screen.getByRole('button', { name: 'See the roll back report' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upload again' })).toBeInTheDocument();
  });
});
