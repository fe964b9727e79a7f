import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  acceptSuggestions,
  assignUser,
  conflictRivals,
  countByFilter,
  deriveRows,
  filterRows,
  middleEllipsis,
  narrowSelection,
  readiness,
  resetDecision,
  resolveConflict,
  reviewedPairs,
  setCrop,
  setExcluded,
  userContext,
} from './review-model';
import { item, manyMatched, user } from '../../../../test/renderer/review-fixtures';

const jane = user('jane', 'Jane Doe');
const john1 = user('john1', 'John Smith', 'john.smith@contoso.com');
const john2 = user('john2', 'John Smith', 'john.smith2@contoso.com');
const jose = user('jose', 'José Müller');

const items = [
  item('jane.doe.jpg', 'matched', jane),
  item('John Smith.jpg', 'ambiguous', null, { candidates: [john1, john2] }),
  item('jose muler.jpg', 'suggested', jose, { candidates: [jose] }),
  item('a/jose.jpg', 'conflict', jose),
  item('b/jose.jpg', 'conflict', jose),
  item('IMG_1234.jpg', 'unmatched', null),
  item('notes.txt', 'skipped', null),
];

describe('deriveRows', () => {
  it('maps matcher statuses to row states', () => {
    const rows = deriveRows(items, {});
    expect(rows.map((r) => r.state)).toEqual([
      'ready',
      'attention',
      'attention',
      'conflict',
      'conflict',
      'unmatched',
      'skipped',
    ]);
    // A suggestion is never a target until a person accepts it.
    expect(rows[2]?.target).toBeNull();
    expect(rows[2]?.shownUser).toEqual(jose);
  });

  it('makes two rows aiming at one user a conflict', () => {
    const rows = deriveRows(items, assignUser({}, ['IMG_1234.jpg'], jane));
    expect(rows[0]?.state).toBe('conflict');
    expect(rows[5]?.state).toBe('conflict');
  });

  it('never lets an unusable image become ready, even when assigned', () => {
    const broken = [
      item('bad.jpg', 'matched', jane, { error: { code: 'corrupt-image', message: 'Corrupt' } }),
    ];
    expect(deriveRows(broken, {})[0]?.state).toBe('attention');
    expect(deriveRows(broken, assignUser({}, ['bad.jpg'], jane))[0]?.state).toBe('attention');
    expect(deriveRows(broken, setExcluded({}, ['bad.jpg'], true))[0]?.state).toBe('excluded');
  });

  it('treats a person clearing the user as unmatched', () => {
    const rows = deriveRows(items, assignUser({}, ['jane.doe.jpg'], null));
    expect(rows[0]).toMatchObject({ state: 'unmatched', target: null, shownUser: null, byHand: true });
  });
});

describe('filters and search', () => {
  const rows = deriveRows(items, setExcluded({}, ['IMG_1234.jpg'], true));
  it('counts every filter', () => {
    expect(countByFilter(rows)).toEqual({
      all: 7,
      ready: 1,
      attention: 4,
      unmatched: 0,
      conflicts: 2,
      warnings: 0,
      skipped: 2,
      mapping: 0,
      'outside-scope': 0,
    });
  });
  it('counts only the rows the search finds, so each tab says what it will show', () => {
    const counts = countByFilter(rows, 'jose');
    expect(counts.all).toBe(filterRows(rows, 'all', 'jose').length);
    expect(counts).toMatchObject({ all: 3, ready: 0, attention: 3, conflicts: 2, skipped: 0 });
    expect(countByFilter(rows, 'nobody-by-that-name').all).toBe(0);
  });
  it('lists usable photos with warnings under Warnings; a warning does not stop the upload', () => {
    const blurry = { code: 'blurry', message: 'The photo looks blurred.' };
    const flagged = [
      item('jane.doe.jpg', 'matched', jane, { warnings: [blurry] }),
      item('John Smith.jpg', 'matched', john1, { warnings: [blurry] }),
      item('bad.jpg', 'matched', jose, {
        error: { code: 'corrupt-image', message: 'Corrupt' },
        warnings: [blurry],
      }),
      item('fine.jpg', 'matched', john2),
    ];
    const rows = deriveRows(flagged, setExcluded({}, ['John Smith.jpg'], true));
    expect(filterRows(rows, 'warnings', '').map((r) => r.id)).toEqual(['jane.doe.jpg']);
    expect(countByFilter(rows).warnings).toBe(1);
    expect(rows[0]?.state).toBe('ready');
    const usable = deriveRows([flagged[0]!, flagged[3]!], {});
    expect(readiness(usable)).toMatchObject({ canUpload: true, usersToChange: 2 });
  });
  it('filters by state', () => {
    expect(filterRows(rows, 'conflicts', '').map((r) => r.id)).toEqual(['a/jose.jpg', 'b/jose.jpg']);
    expect(filterRows(rows, 'skipped', '').map((r) => r.id)).toEqual(['IMG_1234.jpg', 'notes.txt']);
  });
  it('searches file, user and candidates without case or accents', () => {
    expect(filterRows(rows, 'all', 'JOSE MULLER').map((r) => r.id)).toEqual([
      'jose muler.jpg',
      'a/jose.jpg',
      'b/jose.jpg',
    ]);
    expect(filterRows(rows, 'all', 'john.smith2').map((r) => r.id)).toEqual(['John Smith.jpg']);
    expect(filterRows(rows, 'attention', 'jane')).toEqual([]);
  });
});

describe('resolving', () => {
  it('resolves an ambiguous match by picking a candidate', () => {
    const rows = deriveRows(items, assignUser({}, ['John Smith.jpg'], john2));
    expect(rows[1]).toMatchObject({ state: 'ready', target: john2, byHand: true });
  });

  it('accepts suggestions but never ambiguous rows', () => {
    const d = acceptSuggestions(items, {}, ['jose muler.jpg', 'John Smith.jpg']);
    const rows = deriveRows(items, d);
    expect(rows[1]?.state).toBe('attention');
    // Accepting José's suggestion collides with the two conflict rows only once they aim at him too.
    expect(rows[2]).toMatchObject({ state: 'ready', target: jose });
  });

  it('resolves a conflict: the chosen photo goes to the user and its rivals are excluded', () => {
    const d = resolveConflict(items, {}, 'b/jose.jpg', jose);
    const rows = deriveRows(items, d);
    expect(rows.find((r) => r.id === 'b/jose.jpg')).toMatchObject({ state: 'ready', target: jose });
    expect(rows.find((r) => r.id === 'a/jose.jpg')?.state).toBe('excluded');
    // The suggestion for José was not a target, so it is left for its own decision.
    expect(rows.find((r) => r.id === 'jose muler.jpg')?.state).toBe('attention');
  });

  it('resolves a conflict whose user comes only as its candidate', () => {
    const bare = [
      item('x/ana.jpg', 'conflict', null, { candidates: [jane] }),
      item('y/ana.jpg', 'conflict', null, { candidates: [jane] }),
    ];
    expect(deriveRows(bare, {})[0]?.shownUser).toEqual(jane);
    const rows = deriveRows(bare, resolveConflict(bare, {}, 'y/ana.jpg', jane));
    expect(rows.map((r) => r.state)).toEqual(['excluded', 'ready']);
  });

  it('resolving a conflict also excludes an accepted rival', () => {
    const accepted = acceptSuggestions(items, {}, ['jose muler.jpg']);
    const rows = deriveRows(items, resolveConflict(items, accepted, 'a/jose.jpg', jose));
    expect(rows.find((r) => r.id === 'jose muler.jpg')?.state).toBe('excluded');
    expect(rows.find((r) => r.id === 'b/jose.jpg')?.state).toBe('excluded');
  });

  it('reset returns to the matcher result but keeps the crop', () => {
    let d = setCrop(assignUser({}, ['jane.doe.jpg'], john1), ['jane.doe.jpg'], { strategy: 'center' });
    d = resetDecision(d, ['jane.doe.jpg']);
    const row = deriveRows(items, d)[0];
    expect(row).toMatchObject({ target: jane, byHand: false, crop: { strategy: 'center' } });
  });
});

describe('readiness', () => {
  it('blocks upload until every row is ready or excluded', () => {
    const r = readiness(deriveRows(items, {}));
    expect(r).toMatchObject({ canUpload: false, usersToChange: 1, blocking: 5 });
    expect(r.label).toBe('5 rows need a decision before upload');
  });

  it('allows upload and says how many users will change', () => {
    let d = assignUser({}, ['John Smith.jpg'], john1);
    d = acceptSuggestions(items, d, ['jose muler.jpg']);
    d = setExcluded(d, ['a/jose.jpg', 'b/jose.jpg', 'IMG_1234.jpg'], true);
    const rows = deriveRows(items, d);
    expect(readiness(rows)).toEqual({
      canUpload: true,
      usersToChange: 3,
      blocking: 0,
      label: 'Upload 3 users',
    });
    const pairs = reviewedPairs(rows, { strategy: 'attention' });
    expect(pairs.map((p) => [p.file, p.user.id, p.method])).toEqual([
      ['jane.doe.jpg', 'jane', 'upn'],
      ['John Smith.jpg', 'john1', null],
      ['jose muler.jpg', 'jose', null],
    ]);
  });

  it('holds the upload while photo checks are still running, and says so', () => {
    const rows = deriveRows(
      [{ ...items[0]!, previewPending: true }, ...items.slice(1).filter((i) => i.status === 'matched')],
      {},
    );
    const r = readiness(rows);
    expect(r.canUpload).toBe(false);
    expect(r.label).toBe('Checking 1 photo…');
  });

  it('says nothing to upload when all rows are excluded', () => {
    const rows = deriveRows([items[0]!], setExcluded({}, ['jane.doe.jpg'], true));
    expect(readiness(rows)).toMatchObject({ canUpload: false, label: 'Nothing to upload' });
  });

  it('handles 10,000 rows', () => {
    const big = manyMatched(10_000);
    const rows = deriveRows(big, {});
    expect(readiness(rows)).toMatchObject({
      canUpload: true,
      usersToChange: 10_000,
      label: 'Upload 10000 users',
    });
    expect(filterRows(rows, 'all', 'user 9999')).toHaveLength(1);
  });

  it('property: no two ready rows ever share a user, whatever the decisions', () => {
    const users = [jane, john1, john2, jose];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -1, max: 3 }), fc.boolean()), {
          maxLength: 20,
        }),
        (ops) => {
          let d = {};
          for (const [row, u, exclude] of ops) {
            const id = items[row]!.id;
            d = exclude ? setExcluded(d, [id], true) : assignUser(d, [id], u < 0 ? null : users[u]!);
          }
          const ready = deriveRows(items, d).filter((r) => r.state === 'ready');
          return new Set(ready.map((r) => r.target!.id)).size === ready.length;
        },
      ),
    );
  });
});

describe('selection and display', () => {
  const jane = user('jane', 'Jane Doe');
  const rows = deriveRows(
    [
      item('jane.jpg', 'matched', jane),
      item('a/x.jpg', 'conflict', user('sam', 'Sam')),
      item('b/x.jpg', 'conflict', user('sam', 'Sam')),
      item('IMG_1.jpg', 'unmatched', null),
    ],
    {},
  );

  it('narrows a selection to the rows shown, keeping the same set when nothing is hidden', () => {
    const selected = new Set(['jane.jpg', 'IMG_1.jpg']);
    expect(narrowSelection(selected, rows)).toBe(selected);
    expect([...narrowSelection(selected, filterRows(rows, 'unmatched', ''))]).toEqual(['IMG_1.jpg']);
    expect(narrowSelection(selected, filterRows(rows, 'conflicts', '')).size).toBe(0);
    expect([...narrowSelection(selected, filterRows(rows, 'all', 'jane'))]).toEqual(['jane.jpg']);
  });

  it('finds the other photos competing for a conflict row’s user', () => {
    expect(conflictRivals(rows, rows[1]!).map((r) => r.id)).toEqual(['b/x.jpg']);
    expect(conflictRivals(rows, rows[0]!)).toEqual([]);
  });

  it('tells people apart by job title, department and office', () => {
    expect(userContext({ ...jane, jobTitle: 'Buyer', department: 'Sales', officeLocation: ' Leeds ' })).toBe(
      'Buyer · Sales · Leeds',
    );
    expect(userContext({ ...jane, department: null })).toBe('');
  });

  it('cuts long names in the middle, keeping the extension and ⟨U+…⟩ codes whole', () => {
    expect(middleEllipsis('jane.jpg')).toBe('jane.jpg');
    const cut = middleEllipsis('Department of Very Long Names - Jane Doe-Smith final v2.jpg', 30);
    expect(cut).toHaveLength(30);
    expect(cut).toMatch(/^Department of .*….* v2\.jpg$/);
    const coded = middleEllipsis(`${'a'.repeat(19)}⟨U+202E⟩${'b'.repeat(20)}.jpg`, 30);
    expect(coded).not.toMatch(/⟨U\+20…|…2E⟩/);
    expect(coded.endsWith('.jpg')).toBe(true);
  });
});

describe('rows outside the upload scope', () => {
  const outside = item('pat.jpg', 'outside-scope', user('pat', 'Pat Lee'), {
    reason: "Pat Lee (pat@contoso.com) is not a member of Sales EMEA: outside this upload's scope.",
  });
  const scoped = [item('jane.doe.jpg', 'matched', jane), outside];

  it('are Outside scope, show their person, and never become ready, whatever a person decides', () => {
    const [, row] = deriveRows(scoped, {});
    expect(row).toMatchObject({ state: 'outside-scope', target: null, shownUser: user('pat', 'Pat Lee') });
    // Assigning (a compromised or stale UI) or excluding does not change it.
    expect(deriveRows(scoped, assignUser({}, ['pat.jpg'], jane))[1]).toMatchObject({
      state: 'outside-scope',
      target: null,
    });
    expect(deriveRows(scoped, setExcluded({}, ['pat.jpg'], true))[1]).toMatchObject({
      state: 'outside-scope',
      excluded: false,
    });
    // And they never make a conflict with a live row for the same person.
    expect(deriveRows(scoped, assignUser({}, ['pat.jpg'], jane))[0]?.state).toBe('ready');
  });

  it('are left out of the Upload count and do not block the Upload button (like skipped)', () => {
    const rows = deriveRows(scoped, {});
    expect(readiness(rows)).toMatchObject({
      canUpload: true,
      usersToChange: 1,
      blocking: 0,
      label: 'Upload 1 user',
    });
    expect(reviewedPairs(rows, { strategy: 'attention' }).map((p) => p.file)).toEqual(['jane.doe.jpg']);
    expect(readiness(deriveRows([outside], {}))).toMatchObject({
      canUpload: false,
      label: 'Nothing to upload',
    });
  });

  it('have their own filter, and are under Skipped (neither is uploaded)', () => {
    const rows = deriveRows(scoped, {});
    expect(filterRows(rows, 'outside-scope', '').map((r) => r.id)).toEqual(['pat.jpg']);
    expect(countByFilter(rows)).toMatchObject({ 'outside-scope': 1, skipped: 1, ready: 1, attention: 0 });
    expect(acceptSuggestions(scoped, {}, ['pat.jpg'])).toEqual({});
  });
});
