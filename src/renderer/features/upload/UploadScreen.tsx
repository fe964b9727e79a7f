/**
 * Upload, as a run's lifecycle. Before: what will happen (how many users, the tenant by name, test run or real)
 * and, for a real run, a confirmation naming both. During: per-stage counts, the rate, time left, and when
 * Microsoft 365 throttles, how long Headshot waits. After: the outcome and the next step (the report, roll back,
 * the real upload after a test run, resume after a cancel); the same work is never re-armed: starting it again
 * takes an explicit "Upload again" and the confirmation.
 */
import {
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  ArrowUndoRegular,
  DismissRegular,
  DocumentTextRegular,
  PauseRegular,
  PlayRegular,
} from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { tenantLabel } from '../../../shared/session';
import { visibleText } from '../../../shared/visible-text';
import { useImportStore } from '../../stores/import-store';
import { useRunStore, workKeyOf } from '../../stores/run-store';
import { usePendingRun } from '../../stores/pending-run';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { engineView, formatWait, throttleWaitMs } from './progress-model';
import { RollBackButton } from './RollBackButton';
import { photosText, runOutcome, usersText } from './run-outcome';
import { ScreenPage } from '../screen-page';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  stages: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))',
    gap: tokens.spacingHorizontalM,
    margin: 0,
  },
  stage: { display: 'flex', flexDirection: 'column' },
  number: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  failures: {
    maxHeight: '260px',
    overflowY: 'auto',
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
  },
});

export const PROPAGATION_NOTE =
  'Microsoft 365 shows new photos in Outlook and Teams after a delay: it can take several hours (Teams caches photos the longest). Headshot has finished when the report says uploaded.';

/** The wall clock, once a second while `active` (the throttling countdown). */
function useSecondTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** The question before a real run: the tenant by name and how many users. */
function ConfirmRealRun({
  open,
  users,
  tenant,
  onConfirm,
  onClose,
}: {
  open: boolean;
  users: number;
  tenant: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{`Replace the photos of ${usersText(users)} in ${tenant}?`}</DialogTitle>
          <DialogContent>
            Headshot backs up each user’s current photo first, so the run can be rolled back. New photos can
            take several hours to show in Outlook and Teams.
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Not now
            </Button>
            <Button appearance="primary" onClick={onConfirm}>
              {`Replace ${photosText(users)}`}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export function UploadScreen() {
  const styles = useStyles();
  const run = useRunStore();
  const pending = useStore(usePendingRun);
  const importId = useImportStore((s) => s.result?.importId ?? null);
  const session = useSessionStore((s) => s.info);
  const setScreen = useShell((x) => x.setScreen);
  const [confirming, setConfirming] = useState(false);
  const tenant = tenantLabel(session);
  const p = run.progress;
  const live = run.runId !== null && run.done === null;
  const now = useSecondTick(live);
  const counts = run.counts;
  const view = p ? engineView(p) : null;
  const waitMs = live && p ? throttleWaitMs(p, Math.max(now, run.progressAt)) : null;
  const users = pending.pairs.length;
  const key = useMemo(
    () => (importId ? workKeyOf(importId, pending.pairs) : null),
    [importId, pending.pairs],
  );
  // The followed run did the work waiting here: its outcome and next step replace the start button.
  const sameWork = run.runId !== null && key !== null && run.workKey === key;
  const after = !live && sameWork;
  const listed = run.history.find((r) => r.runId === run.runId);
  const rolledBack = listed?.restore === 'completed';
  const restoringThis = run.restoring !== null && run.restoring.runId === run.runId;
  const outcome =
    run.done && run.done.kind === 'upload'
      ? runOutcome({
          state: run.done.state,
          dryRun: run.runDryRun,
          summary: run.done.summary,
          total: p?.total ?? counts?.total ?? 0,
          tenant,
          rolledBack,
        })
      : null;
  const canStart = users > 0 && importId !== null && !run.busy && !live;

  const startTest = () => {
    if (canStart) void run.start(importId, pending.pairs, true);
  };
  const startReal = () => {
    setConfirming(false);
    if (!canStart) return;
    run.setDryRun(false);
    void run.start(importId, pending.pairs, false);
  };
  const openReport = (kind: 'upload' | 'restore') =>
    void run.openReport(run.runId!, kind).then((ok) => ok && setScreen('report'));

  return (
    <ScreenPage title="Upload" maxWidth={880}>
      {run.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>That did not work.</MessageBarTitle>
            {run.error}
          </MessageBarBody>
        </MessageBar>
      )}
      {!live && !after && (
        <Card>
          <CardHeader
            header={
              <Text weight="semibold" data-testid="upload-plan">
                {users > 0 ? `${usersText(users)} to update in ${tenant}` : 'Nothing to upload yet'}
              </Text>
            }
            description={
              <Text>
                {users === 0
                  ? 'Review the matches first: the Upload button there brings you here.'
                  : run.dryRun
                    ? `Test run: Headshot prepares each photo and reads each user’s current photo, and changes nothing in ${tenant}. The report then says what the real upload would do.`
                    : `Headshot backs up each user’s current photo in ${tenant}, then replaces it, so the run can be rolled back. You confirm before anything changes.`}
              </Text>
            }
          />
          <Switch
            checked={run.dryRun}
            onChange={(_, d) => run.setDryRun(d.checked)}
            label="Test run: check everything, change nothing"
          />
          <div className={styles.row}>
            <Button
              appearance="primary"
              icon={<PlayRegular />}
              disabled={!canStart}
              onClick={() => (run.dryRun ? startTest() : setConfirming(true))}
            >
              {run.dryRun ? `Start test run for ${usersText(users)}` : `Upload ${photosText(users)}`}
            </Button>
          </div>
        </Card>
      )}
      {run.runId && (
        <Card aria-labelledby="run-title">
          <CardHeader
            header={
              <Text weight="semibold" id="run-title" tabIndex={-1} data-focus-return>
                {run.done
                  ? run.done.state === 'cancelled'
                    ? 'Run cancelled'
                    : 'Run finished'
                  : p?.state === 'paused'
                    ? 'Paused'
                    : 'Running'}{' '}
                · {run.runId}
              </Text>
            }
            description={
              <Text>
                {run.runDryRun ? `Test run in ${tenant}: nothing is changed` : `Upload to ${tenant}`}
              </Text>
            }
          />
          {outcome && (
            <MessageBar intent={outcome.intent}>
              <MessageBarBody data-testid="run-outcome">{outcome.text}</MessageBarBody>
            </MessageBar>
          )}
          {waitMs !== null && (
            <MessageBar intent="warning" role="status">
              <MessageBarBody data-testid="run-throttled">
                Microsoft 365 is throttling requests; Headshot is waiting {formatWait(waitMs)} and will
                continue.
              </MessageBarBody>
            </MessageBar>
          )}
          {!rolledBack && (
            <Field label={view?.summary ?? 'Starting…'}>
              <ProgressBar value={view ? view.fraction : undefined} aria-label="Overall progress" />
            </Field>
          )}
          {counts && !rolledBack && (
            <dl className={styles.stages} aria-label="Counts per stage">
              {(
                [
                  ['Processed', counts.processed],
                  ['Unchanged', counts.unchanged],
                  ['Backed up', counts.backedUp],
                  [
                    run.runDryRun ? 'Would upload' : 'Uploaded',
                    run.runDryRun ? counts.dryRun : counts.uploaded,
                  ],
                  ['Failed', counts.failed],
                ] as const
              ).map(([label, n]) => (
                <div key={label} className={styles.stage}>
                  <dt>{label}</dt>
                  <dd className={styles.number} style={{ margin: 0 }} data-testid={`stage-${label}`}>
                    {n}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {restoringThis && <Text>Rolling back… the report opens when it is done.</Text>}
          <div className={styles.row}>
            {live && p?.state !== 'paused' && (
              <Button icon={<PauseRegular />} onClick={() => void run.control('pause')}>
                Pause
              </Button>
            )}
            {live && p?.state === 'paused' && (
              <Button icon={<PlayRegular />} onClick={() => void run.control('resume')}>
                Resume
              </Button>
            )}
            {live && (
              <Button icon={<DismissRegular />} onClick={() => void run.control('cancel')}>
                Cancel
              </Button>
            )}
            {(outcome?.kind === 'cancelled' || outcome?.kind === 'interrupted') && (
              <Button
                appearance="primary"
                icon={<PlayRegular />}
                disabled={!session.signedIn || run.busy}
                onClick={() => void run.resume(run.runId!)}
              >
                Resume this run
              </Button>
            )}
            {outcome?.kind === 'test-finished' && sameWork && (
              <Button
                appearance="primary"
                icon={<PlayRegular />}
                disabled={!canStart}
                onClick={() => setConfirming(true)}
              >
                Run the real upload
              </Button>
            )}
            {outcome?.kind === 'rolled-back' && (
              <Button appearance="primary" icon={<ArrowUndoRegular />} onClick={() => openReport('restore')}>
                See the roll back report
              </Button>
            )}
            {run.done && (
              <Button
                appearance={
                  outcome?.kind === 'uploaded' || (outcome?.kind === 'test-finished' && !sameWork)
                    ? 'primary'
                    : 'secondary'
                }
                icon={<DocumentTextRegular />}
                onClick={() => openReport('upload')}
              >
                See the report
              </Button>
            )}
            {outcome?.kind === 'uploaded' && (run.done?.summary.uploaded ?? 0) > 0 && (
              <RollBackButton runId={run.runId} tenant={tenant} onRolledBack={() => setScreen('report')} />
            )}
            {run.done && run.failures.length > 0 && !rolledBack && (
              <Button icon={<ArrowClockwiseRegular />} onClick={() => void run.retryFailed()}>
                Retry {run.failures.length} failed
              </Button>
            )}
            {after && (outcome?.kind === 'uploaded' || outcome?.kind === 'rolled-back') && (
              <Button icon={<PlayRegular />} disabled={!canStart} onClick={() => setConfirming(true)}>
                Upload again
              </Button>
            )}
          </div>
          {run.done?.error && (
            <MessageBar intent="error">
              <MessageBarBody>{run.done.error}</MessageBarBody>
            </MessageBar>
          )}
          {run.failures.length > 0 && (
            <div role="region" aria-label="Failures">
              <Text weight="semibold">Failures</Text>
              <ul className={styles.failures}>
                {run.failures.map((f) => (
                  <li key={f.file}>
                    <Text weight="semibold">{visibleText(f.file)}</Text>: {f.error?.message ?? 'Failed.'}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Card>
      )}
      <ConfirmRealRun
        open={confirming}
        users={users}
        tenant={tenant}
        onConfirm={startReal}
        onClose={() => setConfirming(false)}
      />
      <MessageBar intent="info">
        <MessageBarBody>{PROPAGATION_NOTE}</MessageBarBody>
      </MessageBar>
    </ScreenPage>
  );
}
