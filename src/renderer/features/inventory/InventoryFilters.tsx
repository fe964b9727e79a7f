/**
 * The People screen's filters: dropdowns of the values present (department, company, office, country, domain),
 * account enabled, licensed, and a group found by its name (transitive members, from inventory:group).
 */
import { Button, Dropdown, Field, Input, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular, PeopleTeamRegular } from '@fluentui/react-icons';
import { useMemo, useState, type ChangeEvent } from 'react';
import { useStore } from 'zustand';
import type { InventoryStore } from '../../stores/inventory-store';
import { optionValues, type OptionField } from './inventory-model';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    flexShrink: 0,
  },
  dropdown: { minWidth: '130px', maxWidth: '180px' },
  group: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'flex-end' },
  error: { color: tokens.colorPaletteRedForeground1 },
  groupInput: { width: '170px' },
});

const ANY = '';

const TEXT_FILTERS: {
  key: 'department' | 'company' | 'office' | 'country' | 'domain';
  field: OptionField;
  label: string;
}[] = [
  { key: 'department', field: 'department', label: 'Department' },
  { key: 'company', field: 'companyName', label: 'Company' },
  { key: 'office', field: 'officeLocation', label: 'Office' },
  { key: 'country', field: 'country', label: 'Country or region' },
  { key: 'domain', field: 'domain', label: 'Domain' },
];

const YES_NO: { key: 'enabled' | 'licensed'; label: string; yes: string; no: string }[] = [
  { key: 'enabled', label: 'Account', yes: 'Enabled accounts', no: 'Disabled accounts' },
  { key: 'licensed', label: 'Licence', yes: 'Licensed', no: 'Not licensed' },
];

export function InventoryFilters({ store }: { store: InventoryStore }) {
  const styles = useStyles();
  const s = useStore(store);
  const users = s.result?.document.users;
  const options = useMemo(
    () => Object.fromEntries(TEXT_FILTERS.map((f) => [f.key, optionValues(users ?? [], f.field)])),
    [users],
  ) as Record<(typeof TEXT_FILTERS)[number]['key'], string[]>;
  const [groupName, setGroupName] = useState('');

  const findGroup = () => void s.findGroup(groupName);

  return (
    <div className={styles.root} role="group" aria-label="Filters">
      {TEXT_FILTERS.map((f) => {
        const value = s.filters[f.key] ?? ANY;
        return (
          <Field key={f.key} label={f.label} size="small">
            <Dropdown
              size="small"
              className={styles.dropdown}
              value={value || 'Any'}
              selectedOptions={[value]}
              onOptionSelect={(_, d) => s.setFilter({ [f.key]: d.optionValue || undefined })}
            >
              <Option value={ANY}>Any</Option>
              {options[f.key].map((v) => (
                <Option key={v} value={v}>
                  {v}
                </Option>
              ))}
            </Dropdown>
          </Field>
        );
      })}
      {YES_NO.map((f) => {
        const v = s.filters[f.key];
        const value = v === undefined ? ANY : v ? 'yes' : 'no';
        const text = v === undefined ? 'Any' : v ? f.yes : f.no;
        return (
          <Field key={f.key} label={f.label} size="small">
            <Dropdown
              size="small"
              className={styles.dropdown}
              value={text}
              selectedOptions={[value]}
              onOptionSelect={(_, d) =>
                s.setFilter({ [f.key]: d.optionValue === ANY ? undefined : d.optionValue === 'yes' })
              }
            >
              <Option value={ANY}>Any</Option>
              <Option value="yes">{f.yes}</Option>
              <Option value="no">{f.no}</Option>
            </Dropdown>
          </Field>
        );
      })}
      <div className={styles.group}>
        <Field label="Member of the group" size="small">
          <Input
            size="small"
            className={styles.groupInput}
            placeholder="Group name"
            value={groupName}
            onChange={(e: ChangeEvent<HTMLInputElement>) => setGroupName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                findGroup();
              }
            }}
          />
        </Field>
        <Button
          size="small"
          icon={<PeopleTeamRegular />}
          disabled={s.groupBusy || groupName.trim() === ''}
          onClick={findGroup}
        >
          {s.groupBusy ? 'Finding…' : 'Find'}
        </Button>
        {s.group && (
          <Button
            size="small"
            appearance="subtle"
            icon={<DismissRegular />}
            aria-label={`Stop showing only members of ${s.group.displayName}`}
            onClick={() => {
              s.clearGroup();
              setGroupName('');
            }}
          />
        )}
        <Text role="status" size={200} className={s.groupError ? styles.error : undefined}>
          {s.groupError ??
            (s.group
              ? `${s.group.members.size.toLocaleString('en-US')} members of ${s.group.displayName}`
              : '')}
        </Text>
      </div>
      {Object.keys(s.filters).length + (s.group ? 1 : 0) > 0 && (
        <Button size="small" appearance="subtle" onClick={s.clearFilters}>
          Clear filters
        </Button>
      )}
      {!users && <Text>Load the inventory to filter it.</Text>}
    </div>
  );
}
