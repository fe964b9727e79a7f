/**
 * People picker: a combobox that searches the directory as you type (debounced) and lists the matcher's
 * candidates first. Picking an option hands back the user; nothing is chosen by default.
 */
import { Combobox, Option, Text, makeStyles, tokens, useId } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { UserRef } from '../../../shared/domain';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  option: { display: 'flex', flexDirection: 'column' },
  upn: { color: tokens.colorNeutralForeground3 },
});

export interface PeoplePickerProps {
  label: string;
  /** Directory search; rejections are shown as a message, never thrown. */
  search: (query: string) => Promise<UserRef[]>;
  /** Offered before anything is typed (e.g. an ambiguous match's candidates). */
  candidates?: readonly UserRef[];
  onPick: (user: UserRef) => void;
  debounceMs?: number;
}

export function PeoplePicker({
  label,
  search,
  candidates = [],
  onPick,
  debounceMs = 200,
}: PeoplePickerProps) {
  const styles = useStyles();
  const id = useId('people-picker');
  const [query, setQuery] = useState('');
  // The answer is kept with the query it answers, so a stale answer is never shown for a newer query.
  const [answer, setAnswer] = useState<{ query: string; users: UserRef[]; message: string | null } | null>(
    null,
  );
  const latest = useRef(0);
  const q = query.trim();

  useEffect(() => {
    if (q.length === 0) return;
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      search(q).then(
        (users) => {
          if (ticket !== latest.current) return;
          setAnswer({
            query: q,
            users,
            message: users.length === 0 ? `No one in the directory matches "${q}".` : null,
          });
        },
        () => {
          if (ticket !== latest.current) return;
          setAnswer({
            query: q,
            users: [],
            message: 'The directory search failed. Check the connection and try again.',
          });
        },
      );
    }, debounceMs);
    return () => clearTimeout(timer);
  }, [q, search, debounceMs]);

  const current = q.length > 0 && answer?.query === q ? answer : null;
  const message = current?.message ?? null;
  const options = q.length === 0 ? [...candidates] : (current?.users ?? []);
  const byId = new Map(options.map((u) => [u.id, u]));

  return (
    <div className={styles.root}>
      <label htmlFor={id}>{label}</label>
      <Combobox
        id={id}
        freeform
        placeholder="Type a name, UPN or email"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onOptionSelect={(_, data) => {
          const picked = data.optionValue ? byId.get(data.optionValue) : undefined;
          if (picked) {
            onPick(picked);
            setQuery('');
          }
        }}
      >
        {options.map((u) => (
          <Option key={u.id} value={u.id} text={u.displayName ?? u.userPrincipalName}>
            <div className={styles.option}>
              <span>{u.displayName ?? u.userPrincipalName}</span>
              <Text size={200} className={styles.upn}>
                {u.userPrincipalName}
              </Text>
            </div>
          </Option>
        ))}
      </Combobox>
      <Text size={200} role="status" aria-live="polite">
        {message ?? ''}
      </Text>
    </div>
  );
}
