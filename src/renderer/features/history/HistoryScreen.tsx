/** Past runs from their journals: open the report, resume an interrupted run, or roll back. */
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
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
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import type { RunListEntry } from '../../../shared/upload';
import { useRunStore } from '../../stores/run-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { ScreenPage } from '../screen-page';
import { ROLLED_BACK } from '../upload/run-outcome';
import type { RunItemStatus } from '../../../shared/domain';
import { RESULT_COUNT_WORDS } from '../report/ReportTable';

const useStyles = makeStyles({
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

const STATE_LABELS: Record<string, string> = {
  completed: 'Completed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  running: 'Running',
  paused: 'Paused',
};

const summaryText = (r: RunListEntry) =>
  Object.entries(r.summary)
    .map(([k, v]) => `${v} ${RESULT_COUNT_WORDS[k as RunItemStatus]}`)
    .join(', ') || 'nothing finished';

export function HistoryScreen() {
  const styles = useStyles();
  const run = useRunStore();
  const signedIn = useSessionStore((s) => s.info.signedIn);
  const setScreen = useShell((s) => s.setScreen);
  const { loadHistory } = run;
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  const open = async (runId: string, kind: 'upload' | 'restore') => {
    if (await run.openReport(runId, kind)) setScreen('report');
  };
  const resume = async (runId: string) => {
    if (await run.resume(runId)) setScreen('upload');
  };

  return (
    <ScreenPage title="History" maxWidth={1100}>
      {run.error && (
        <MessageBar intent="error">
          <MessageBarBody>{run.error}</MessageBarBody>
        </MessageBar>
      )}
      {run.history.length === 0 ? (
        <Text>No runs yet.</Text>
      ) : (
        <Table aria-label="Past runs">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Started</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Results</TableHeaderCell>
              <TableHeaderCell>Actions</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {run.history.map((r) => {
              const resumable =
                (r.state === 'interrupted' || r.state === 'cancelled') && !run.live.includes(r.runId);
              return (
                <TableRow key={r.runId}>
                  <TableCell>{new Date(r.createdAt).toLocaleString()}</TableCell>
                  <TableCell>
                    {r.kind === 'remove'
                      ? r.dryRun
                        ? 'Test removal'
                        : 'Photo removal'
                      : r.dryRun
                        ? 'Test run'
                        : 'Upload'}
                  </TableCell>
                  <TableCell>
                    <Badge
                      appearance="tint"
                      color={
                        r.state === 'completed'
                          ? 'success'
                          : r.state === 'interrupted'
                            ? 'warning'
                            : 'informative'
                      }
                    >
                      {STATE_LABELS[r.state] ?? r.state}
                    </Badge>
                    {r.restore !== 'none' && (
                      // A sentence, not a pill: it wraps in a narrow window.
                      <Text
                        block
                        size={200}
                        className={r.restore === 'completed' ? undefined : styles.warning}
                      >
                        {r.restore === 'completed' ? ROLLED_BACK : 'Roll back unfinished: roll it back again'}
                      </Text>
                    )}
                  </TableCell>
                  <TableCell>{summaryText(r)}</TableCell>
                  <TableCell>
                    <div className={styles.actions}>
                      <Button
                        size="small"
                        onClick={() => void open(r.runId, 'upload')}
                        aria-label={`Report of the run started ${new Date(r.createdAt).toLocaleString()}`}
                      >
                        Report
                      </Button>
                      {r.restore !== 'none' && (
                        <Button size="small" onClick={() => void open(r.runId, 'restore')}>
                          Roll back report
                        </Button>
                      )}
                      {resumable && (
                        <Button
                          size="small"
                          icon={<ArrowClockwiseRegular />}
                          disabled={!signedIn}
                          onClick={() => void resume(r.runId)}
                        >
                          Resume
                        </Button>
                      )}
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </ScreenPage>
  );
}

/** Offered at launch (once signed in) when a run was interrupted: crash, kill or closed lid. */
export function ResumeOffer() {
  const history = useRunStore((s) => s.history);
  const live = useRunStore((s) => s.live);
  const resume = useRunStore((s) => s.resume);
  const signedIn = useSessionStore((s) => s.info.signedIn);
  const setScreen = useShell((s) => s.setScreen);
  const interrupted = history.find((r) => r.state === 'interrupted' && !live.includes(r.runId));
  if (!signedIn || !interrupted) return null;
  return (
    <MessageBar intent="warning">
      <MessageBarBody>
        A run started {new Date(interrupted.createdAt).toLocaleString()} was interrupted. Users already done
        stay done.{' '}
        <Button
          size="small"
          onClick={() => void resume(interrupted.runId).then((ok) => ok && setScreen('upload'))}
        >
          Resume it
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}
