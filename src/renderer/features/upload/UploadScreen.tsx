/**
 * Upload: dry run or real, overall progress with per-stage counts, throughput and ETA, pause/resume/cancel, the
 * live failure list with retry, and the way to the report.
 */
import {
  Button,
  Card,
  CardHeader,
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
  DismissRegular,
  DocumentTextRegular,
  PauseRegular,
  PlayRegular,
} from '@fluentui/react-icons';
import { useStore } from 'zustand';
import { visibleText } from '../../../shared/visible-text';
import { useImportStore } from '../../stores/import-store';
import { useRunStore } from '../../stores/run-store';
import { usePendingRun } from '../../stores/pending-run';
import { useShell } from '../../store';
import { countsFromEngine, engineView } from './progress-model';
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

export function UploadScreen() {
  const styles = useStyles();
  const run = useRunStore();
  const pending = useStore(usePendingRun);
  const importId = useImportStore((s) => s.result?.importId ?? null);
  const setScreen = useShell((x) => x.setScreen);
  const p = run.progress;
  const live = run.runId !== null && run.done === null;
  const counts = p ? countsFromEngine(p) : null;
  const view = p ? engineView(p) : null;
  const dry = run.dryRun;

  const start = () => {
    if (importId && pending.pairs.length > 0) void run.start(importId, pending.pairs);
  };

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
      {!live && (
        <Card>
          <CardHeader
            header={
              <Text weight="semibold">
                {pending.pairs.length > 0
                  ? `${pending.pairs.length} users to update`
                  : 'Nothing to upload yet'}
              </Text>
            }
            description={
              <Text>
                {pending.pairs.length > 0
                  ? 'Each user’s current photo is backed up before it is replaced, so the run can be rolled back.'
                  : 'Review the matches first: the Upload button there brings you here.'}
              </Text>
            }
          />
          <Switch
            checked={dry}
            onChange={(_, d) => run.setDryRun(d.checked)}
            label="Dry run: check everything, change nothing"
          />
          <div className={styles.row}>
            <Button
              appearance="primary"
              icon={<PlayRegular />}
              disabled={pending.pairs.length === 0 || !importId || run.busy}
              onClick={start}
            >
              {dry
                ? `Start dry run for ${pending.pairs.length} users`
                : `Upload ${pending.pairs.length} photos`}
            </Button>
          </div>
        </Card>
      )}
      {run.runId && (
        <Card aria-labelledby="run-title">
          <CardHeader
            header={
              <Text weight="semibold" id="run-title">
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
          />
          <Field label={view?.summary ?? 'Starting…'}>
            <ProgressBar value={view ? view.fraction : undefined} aria-label="Overall progress" />
          </Field>
          {counts && (
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
            {run.done && (
              <Button
                appearance="primary"
                icon={<DocumentTextRegular />}
                onClick={() => void run.openReport(run.runId!).then((ok) => ok && setScreen('report'))}
              >
                See the report
              </Button>
            )}
            {run.done && run.failures.length > 0 && (
              <Button icon={<ArrowClockwiseRegular />} onClick={() => void run.retryFailed()}>
                Retry {run.failures.length} failed
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
      <MessageBar intent="info">
        <MessageBarBody>{PROPAGATION_NOTE}</MessageBarBody>
      </MessageBar>
    </ScreenPage>
  );
}
