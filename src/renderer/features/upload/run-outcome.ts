/**
 * What a finished run did, in one sentence for people, and how it stands now (rolled back or not). Pure, so the
 * Upload, Report and History screens say the same thing.
 */
import type { RunState, RunSummary } from '../../../shared/upload';

export type RunOutcomeKind = 'test-finished' | 'uploaded' | 'cancelled' | 'interrupted' | 'rolled-back';

export interface RunOutcome {
  kind: RunOutcomeKind;
  intent: 'success' | 'warning' | 'info';
  text: string;
}

export const ROLLED_BACK = 'Rolled back: the previous photos are back.';

export const usersText = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'user' : 'users'}`;
export const photosText = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'photo' : 'photos'}`;

export function runOutcome(input: {
  state: RunState;
  dryRun: boolean;
  summary: RunSummary | Record<string, number>;
  total: number;
  tenant: string;
  /** The run's roll back finished. */
  rolledBack: boolean;
}): RunOutcome {
  const s = input.summary as Record<string, number | undefined>;
  const n = (k: string) => s[k] ?? 0;
  const failed = n('failed');
  const failedPart = failed > 0 ? `; ${photosText(failed)} failed (see the report)` : '';
  if (input.rolledBack) return { kind: 'rolled-back', intent: 'info', text: ROLLED_BACK };
  const finished = n('uploaded') + n('unchanged') + n('failed') + n('dry-run') + n('skipped');
  if (input.state !== 'completed') {
    const rest = Math.max(0, input.total - finished);
    const what = input.dryRun ? 'Test run' : 'Run';
    const how = input.state === 'cancelled' ? 'cancelled' : 'interrupted';
    return {
      kind: how,
      intent: 'warning',
      text: `${what} ${how}: ${finished.toLocaleString('en-US')} of ${usersText(input.total)} done${
        rest > 0 ? `, ${rest.toLocaleString('en-US')} not yet` : ''
      }${input.dryRun ? '' : `; users not done keep their photo`}. Resume to finish it.`,
    };
  }
  if (input.dryRun) {
    const unchanged = n('unchanged');
    return {
      kind: 'test-finished',
      intent: 'success',
      text: `Test run finished: ${usersText(n('dry-run'))} would get a new photo${
        unchanged > 0
          ? `, ${unchanged.toLocaleString('en-US')} already ${unchanged === 1 ? 'has' : 'have'} it`
          : ''
      }${failedPart}. Nothing was changed in ${input.tenant}. Next: run the real upload.`,
    };
  }
  const unchanged = n('unchanged');
  return {
    kind: 'uploaded',
    intent: failed > 0 ? 'warning' : 'success',
    text: `Uploaded ${photosText(n('uploaded'))} to ${input.tenant}${
      unchanged > 0 ? `; ${usersText(unchanged)} already had it` : ''
    }${failedPart}.`,
  };
}
