/**
 * The upload's scope in Review (and on Import): who this upload is limited to, how many files are for people
 * outside it, and a filter for them. Renders nothing when the upload is for everyone.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { useImportStore } from '../../stores/import-store';
import { useReviewStore } from '../../stores/review-store';
import { useShell } from '../../store';

export function scopeSentence(label: string, outside: number): string {
  const files =
    outside === 0
      ? 'No file is for anyone outside it.'
      : `${outside} ${outside === 1 ? 'file is' : 'files are'} for people outside it: never uploaded.`;
  return `This upload is limited to ${label}. ${files}`;
}

export function ScopeLine({ where = 'review' }: { where?: 'review' | 'import' }) {
  const scope = useImportStore((s) => s.result?.scope);
  const outside = useReviewStore((s) => s.items.filter((i) => i.status === 'outside-scope').length);
  const filter = useReviewStore((s) => s.filter);
  const setFilter = useReviewStore((s) => s.setFilter);
  const setScreen = useShell((s) => s.setScreen);
  if (!scope) return null;
  const problems = scope.problems.length;
  return (
    <MessageBar intent="info" layout="multiline" data-testid="review-scope">
      <MessageBarBody>
        {scopeSentence(scope.label, outside)}
        {problems > 0 &&
          ` ${problems} ${problems === 1 ? 'row' : 'rows'} of the users CSV named nobody and ${problems === 1 ? 'was' : 'were'} left out (${scope.problems.slice(0, 3).join('; ')}${problems > 3 ? '; …' : ''}).`}
      </MessageBarBody>
      {outside > 0 && (
        <MessageBarActions>
          {where === 'review' && filter === 'outside-scope' ? (
            <Button size="small" onClick={() => setFilter('all')}>
              Show all files
            </Button>
          ) : (
            <Button
              size="small"
              onClick={() => {
                setFilter('outside-scope');
                if (where === 'import') setScreen('review');
              }}
            >
              {`Show the ${outside} ${outside === 1 ? 'file' : 'files'} outside the scope`}
            </Button>
          )}
        </MessageBarActions>
      )}
    </MessageBar>
  );
}
