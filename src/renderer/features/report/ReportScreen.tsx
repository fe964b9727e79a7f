/** A run's report: summary, per-user results, export, the backup folder, and roll back with its own progress. */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FolderOpenRegular, SaveRegular, WarningRegular } from '@fluentui/react-icons';
import type { RunItemStatus } from '../../../shared/domain';
import { useRunStore } from '../../stores/run-store';
import { useShell } from '../../store';
import { tenantLabel } from '../../../shared/session';
import { useSessionStore } from '../../stores/session-store';
import { PROPAGATION_NOTE } from '../upload/UploadScreen';
import { RollBackButton } from '../upload/RollBackButton';
import { ROLLED_BACK } from '../upload/run-outcome';
import { engineView } from '../upload/progress-model';
import { ScreenPage } from '../screen-page';
import { RESULT_COUNT_WORDS, STATUS_COLOR, ReportTable } from './ReportTable';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

export function ReportScreen() {
  const styles = useStyles();
  const run = useRunStore();
  const setScreen = useShell((s) => s.setScreen);
  const session = useSessionStore((s) => s.info);
  const r = run.report;
  if (!r) {
    return (
      <ScreenPage title="Report" maxWidth={1000}>
        <MessageBar intent="info">
          <MessageBarBody>
            No report open. Finish a run, or open one from History.{' '}
            <Button size="small" onClick={() => setScreen('history')}>
              Go to History
            </Button>
          </MessageBarBody>
        </MessageBar>
      </ScreenPage>
    );
  }
  const { report } = r;
  // A removal run's report comes through the 'upload' kind (its report.json); the report says which it is.
  const removal = report.kind === 'remove';
  const changed = (report.summary.uploaded ?? 0) + (report.summary.removed ?? 0);
  const canRollBack = r.kind === 'upload' && !report.dryRun && changed > 0;
  const restoreState = run.history.find((h) => h.runId === r.runId)?.restore ?? 'none';
  const rolledBack = r.kind === 'upload' && restoreState === 'completed';
  const tenant = report.tenantId === session.tenantId ? tenantLabel(session) : report.tenantId;
  const restoring = run.restoring?.runId === r.runId ? run.restoring : null;
  const restoreView = restoring?.progress ? engineView(restoring.progress) : null;
  const withWarnings = report.results.filter((row) => row.warnings.length > 0).length;

  return (
    <ScreenPage
      title={
        r.kind === 'restore'
          ? 'Roll back report'
          : removal
            ? report.dryRun
              ? 'Test removal report'
              : 'Removal report'
            : report.dryRun
              ? 'Test run report'
              : 'Upload report'
      }
      maxWidth={1000}
    >
      <Card>
        <CardHeader
          header={<Text weight="semibold">Run {report.runId}</Text>}
          description={
            <Text>
              {r.kind === 'restore'
                ? 'Roll back in'
                : removal
                  ? report.dryRun
                    ? 'Test removal in'
                    : 'Photo removal in'
                  : report.dryRun
                    ? 'Test run in'
                    : 'Upload to'}{' '}
              {tenant}. Started {new Date(report.startedAt).toLocaleString()}
              {report.finishedAt ? `, finished ${new Date(report.finishedAt).toLocaleString()}` : ''} ·{' '}
              {report.state}
            </Text>
          }
        />
        {rolledBack && (
          <MessageBar intent="info">
            <MessageBarBody data-testid="report-rolled-back">
              {ROLLED_BACK}{' '}
              <Button size="small" onClick={() => void run.openReport(r.runId, 'restore')}>
                See the roll back report
              </Button>
            </MessageBarBody>
          </MessageBar>
        )}
        {r.kind === 'upload' && restoreState === 'incomplete' && (
          <MessageBar intent="warning">
            <MessageBarBody>
              The roll back of this run did not finish: some users may still have the new photo. Roll it back
              again to finish it.
            </MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.row} data-testid="report-summary">
          {Object.entries(report.summary).map(([status, n]) => (
            <Badge key={status} appearance="tint" color={STATUS_COLOR[status as RunItemStatus]}>
              {`${n} ${RESULT_COUNT_WORDS[status as RunItemStatus]}`}
            </Badge>
          ))}
          {withWarnings > 0 && (
            <Badge appearance="tint" color="warning" icon={<WarningRegular />}>
              {`${withWarnings} ${withWarnings === 1 ? 'photo' : 'photos'} with warnings`}
            </Badge>
          )}
        </div>
        <div className={styles.row}>
          <Button
            icon={<SaveRegular />}
            disabled={!r.hasCsv || run.busy}
            onClick={() => void run.exportCsv(r.runId, r.kind)}
          >
            Export CSV…
          </Button>
          {/* A test run backs nothing up, so it has no backup folder to open. */}
          {!(r.kind === 'upload' && report.dryRun) && (
            <Button
              icon={<FolderOpenRegular />}
              disabled={run.busy}
              onClick={() => void run.openBackup(r.runId)}
            >
              Open the backup folder
            </Button>
          )}
          {canRollBack && !rolledBack && <RollBackButton runId={r.runId} tenant={tenant} />}
        </div>
        {restoring && (
          <Field label={restoreView?.summary ?? 'Rolling back…'}>
            <ProgressBar value={restoreView?.fraction} aria-label="Roll back progress" />
          </Field>
        )}
        {run.notice && (
          <MessageBar intent="success">
            <MessageBarBody data-testid="report-notice">{run.notice}</MessageBarBody>
          </MessageBar>
        )}
        {run.error && (
          <MessageBar intent="error">
            <MessageBarBody>{run.error}</MessageBarBody>
          </MessageBar>
        )}
      </Card>
      <ReportTable rows={report.results} />
      <MessageBar intent="info">
        <MessageBarBody>{PROPAGATION_NOTE}</MessageBarBody>
      </MessageBar>
    </ScreenPage>
  );
}
