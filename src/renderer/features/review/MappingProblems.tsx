/**
 * The mapping CSV's rows that were not used, each with why, where the decision is made: a banner in Review (and on
 * Import), with a filter for the files those rows name. Renders nothing when every row was used.
 */
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { visibleText } from '../../../shared/visible-text';
import { useImportStore } from '../../stores/import-store';
import { useReviewStore } from '../../stores/review-store';
import { useShell } from '../../store';

/** Rows listed before "Show all". */
const FIRST_ROWS = 5;

const useStyles = makeStyles({
  list: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    paddingLeft: tokens.spacingHorizontalXL,
    maxHeight: '180px',
    overflowY: 'auto',
  },
});

export function mappingProblemsTitle(rows: number): string {
  return rows === 1
    ? '1 row of the mapping CSV was not used'
    : `${rows} rows of the mapping CSV were not used`;
}

export function MappingProblems({ where = 'review' }: { where?: 'review' | 'import' }) {
  const styles = useStyles();
  const errors = useImportStore((s) => s.result?.mappingErrors);
  const affected = useReviewStore((s) => s.items.filter((i) => (i.mappingRows?.length ?? 0) > 0).length);
  const filter = useReviewStore((s) => s.filter);
  const setFilter = useReviewStore((s) => s.setFilter);
  const setScreen = useShell((s) => s.setScreen);
  const [all, setAll] = useState(false);
  if (!errors || errors.length === 0) return null;
  const shown = all ? errors : errors.slice(0, FIRST_ROWS);
  const files = `${affected} ${affected === 1 ? 'file' : 'files'}`;

  let action = null;
  if (affected > 0 && where === 'import') {
    action = (
      <Button
        size="small"
        onClick={() => {
          setFilter('mapping');
          setScreen('review');
        }}
      >
        {`Review the ${files} these rows name`}
      </Button>
    );
  } else if (affected > 0) {
    action =
      filter === 'mapping' ? (
        <Button size="small" onClick={() => setFilter('all')}>
          Show all files
        </Button>
      ) : (
        <Button size="small" onClick={() => setFilter('mapping')}>
          {`Show the ${files} these rows name`}
        </Button>
      );
  }

  return (
    <MessageBar intent="warning" layout="multiline" data-testid="mapping-problems">
      <MessageBarBody>
        <MessageBarTitle>{mappingProblemsTitle(errors.length)}</MessageBarTitle>
        Correct these rows in the CSV and import again, or choose the users here.
        <ul className={styles.list}>
          {shown.map((e) => (
            <li key={e.row}>
              Row {e.row}: {visibleText(e.message)}
            </li>
          ))}
        </ul>
      </MessageBarBody>
      <MessageBarActions>
        {action}
        {errors.length > FIRST_ROWS && (
          <Button size="small" appearance="transparent" onClick={() => setAll((v) => !v)}>
            {all ? 'Show fewer rows' : `Show all ${errors.length} rows`}
          </Button>
        )}
      </MessageBarActions>
    </MessageBar>
  );
}
