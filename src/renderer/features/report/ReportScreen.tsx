/** A run's report: summary, per-user results, export, the backup folder, and roll back with its own progress. */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUndoRegular, FolderOpenRegular, SaveRegular, WarningRegular } from '@fluentui/react-icons';
import type { RunItemStatus } from '../../../shared/domain';
import { visibleText } from '../../../shared/visible-text';
import { useRunStore } from '../../stores/run-store';
import { useShell } from '../../store';
import { PROPAGATION_NOTE } from '../upload/UploadScreen';
import { warningLabel } from '../review/photo-warnings';
import { engineView } from '../upload/progress-model';
import { ScreenPage } from '../screen-page';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  tableWrap: { maxHeight: '420px', overflowY: 'auto' },
  warning: { display: 'block', color: tokens.colorStatusWarningForeground3 },
});

export const STATUS_COLOR: Record<
  RunItemStatus,
  'success' | 'informative' | 'danger' | 'subtle' | 'warning'
> = {
  uploaded: 'success',
  restored: 'success',
  unchanged: 'informative',
  'dry-run': 'informative',
  failed: 'danger',
  skipped: 'subtle',
};

const SHOWN_ROWS = 500;

export function ReportScreen() {
  const styles = useStyles();
  const run = useRunStore();
  const setScreen = useShell((s) => s.setScreen);
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
  const canRollBack = r.kind === 'upload' && !report.dryRun && (report.summary.uploaded ?? 0) > 0;
  const restoring = run.restoring?.runId === r.runId ? run.restoring : null;
  const restoreView = restoring?.progress ? engineView(restoring.progress) : null;
  const withWarnings = report.results.filter((row) => row.warnings.length > 0).length;

  return (
    <ScreenPage
      title={r.kind === 'restore' ? 'Roll back report' : report.dryRun ? 'Dry run report' : 'Upload report'}
      maxWidth={1000}
    >
      <Card>
        <CardHeader
          header={<Text weight="semibold">Run {report.runId}</Text>}
          description={
            <Text>
              Started {new Date(report.startedAt).toLocaleString()}
              {report.finishedAt ? `, finished ${new Date(report.finishedAt).toLocaleString()}` : ''} ·{' '}
              {report.state}
            </Text>
          }
        />
        <div className={styles.row} data-testid="report-summary">
          {Object.entries(report.summary).map(([status, n]) => (
            <Badge key={status} appearance="tint" color={STATUS_COLOR[status as RunItemStatus]}>
              {`${n} ${status}`}
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
          <Button
            icon={<FolderOpenRegular />}
            disabled={run.busy}
            onClick={() => void run.openBackup(r.runId)}
          >
            Open the backup folder
          </Button>
          {canRollBack && (
            <Dialog>
              <DialogTrigger disableButtonEnhancement>
                <Button icon={<ArrowUndoRegular />} disabled={run.busy || restoring !== null}>
                  Roll back this run
                </Button>
              </DialogTrigger>
              <DialogSurface>
                <DialogBody>
                  <DialogTitle>Roll back this run?</DialogTitle>
                  <DialogContent>
                    Each user this run changed gets their previous photo back; users who had no photo get
                    theirs removed. The roll back has its own report.
                  </DialogContent>
                  <DialogActions>
                    <DialogTrigger disableButtonEnhancement>
                      <Button appearance="secondary">Keep the new photos</Button>
                    </DialogTrigger>
                    <DialogTrigger disableButtonEnhancement>
                      <Button appearance="primary" onClick={() => void run.restore(r.runId)}>
                        Roll back
                      </Button>
                    </DialogTrigger>
                  </DialogActions>
                </DialogBody>
              </DialogSurface>
            </Dialog>
          )}
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
      <div className={styles.tableWrap} tabIndex={0} role="region" aria-label="Results per user, scrollable">
        <Table aria-label="Results per user" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>File</TableHeaderCell>
              <TableHeaderCell>User</TableHeaderCell>
              <TableHeaderCell>Result</TableHeaderCell>
              <TableHeaderCell>Details</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {report.results.slice(0, SHOWN_ROWS).map((row) => (
              <TableRow key={`${row.file}-${row.user?.id ?? ''}`}>
                <TableCell>{visibleText(row.file)}</TableCell>
                <TableCell>{row.user ? (row.user.displayName ?? row.user.userPrincipalName) : '-'}</TableCell>
                <TableCell>
                  <Badge appearance="tint" color={STATUS_COLOR[row.status]}>
                    {row.status}
                  </Badge>
                </TableCell>
                <TableCell>
                  {row.error?.message ?? row.note}
                  {row.warnings.map((w) => (
                    <Text key={w.code} as="p" size={200} className={styles.warning}>
                      <WarningRegular aria-hidden /> {warningLabel(w)}: {w.message}
                    </Text>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {report.results.length > SHOWN_ROWS && (
        <Text>
          Showing the first {SHOWN_ROWS} of {report.results.length} results. The CSV export has them all.
        </Text>
      )}
      <MessageBar intent="info">
        <MessageBarBody>{PROPAGATION_NOTE}</MessageBarBody>
      </MessageBar>
    </ScreenPage>
  );
}
