import { buildDirectoryIndex } from '../matching/directory-index';
import { matchFiles, summarise } from '../matching/match-files';
import { toUserRef } from '../matching/directory-index';
import { applyScope, assertInScope, OutsideScopeError, type ScopeMembership } from './apply-scope';
import { CHRIS, DIRECTORY, JANE, JOHN_1, JOHN_2, JOSE, PAT } from '../../../../test/support/test-directory';

const index = buildDirectoryIndex(DIRECTORY);
const scopeOf = (...users: { id: string }[]): ScopeMembership => ({
  userIds: new Set(users.map((u) => u.id.toLowerCase())),
  membership: 'a member of Sales EMEA',
});

const scoped = (files: string[], scope: ScopeMembership) =>
  applyScope(matchFiles(files, index).matches, scope);

describe('applyScope', () => {
  it('a file matched to someone outside the scope is outside-scope, with the user and why', () => {
    const [jane, chris] = scoped(['jane.doe@contoso.com.jpg', 'Christopher Johnson.jpg'], scopeOf(CHRIS));
    expect(jane).toMatchObject({
      status: 'outside-scope',
      user: toUserRef(JANE),
      method: 'upn',
      candidates: [],
    });
    expect(jane!.reason).toMatch(
      /^Jane Doe \(jane\.doe@contoso\.com\) is not a member of Sales EMEA: outside this upload's scope\. This photo is not uploaded\. \("jane\.doe@contoso\.com" is the user principal name of Jane Doe/,
    );
    expect(chris).toMatchObject({ status: 'matched', user: toUserRef(CHRIS) });
  });

  it('matching itself does not change: the same user, and in-scope files are untouched', () => {
    const files = ['jane.doe@contoso.com.jpg', '00123.jpg', 'José Müller.jpg', 'IMG_0001.jpg'];
    const plain = matchFiles(files, index).matches;
    const withScope = applyScope(plain, scopeOf(JANE, JOSE));
    expect(withScope).toEqual(plain);
    expect(summarise(applyScope(plain, scopeOf(JOSE)))).toMatchObject({
      matched: 1,
      'outside-scope': 2,
      unmatched: 1,
    });
  });

  it('candidates outside the scope are not offered; with none left the file is outside-scope', () => {
    // "John Smith" is two users: ambiguous. One in scope: still a pick for a person, with only that one offered.
    const [one] = scoped(['John Smith.jpg'], scopeOf(JOHN_2));
    expect(one).toMatchObject({ status: 'ambiguous', user: null, candidates: [toUserRef(JOHN_2)] });
    expect(one!.reason).toContain(
      "Not offered: John Smith (john.smith@contoso.com) is not a member of Sales EMEA: outside this upload's scope.",
    );
    const [none] = scoped(['John Smith.jpg'], scopeOf(CHRIS));
    expect(none).toMatchObject({
      status: 'outside-scope',
      user: null,
      candidates: [toUserRef(JOHN_1), toUserRef(JOHN_2)],
    });
    expect(none!.reason).toMatch(
      /^John Smith \(john\.smith@contoso\.com\); John Smith \(jsmith2@contoso\.com\) are not a member of Sales EMEA/,
    );
  });

  it('a suggestion for someone outside the scope is outside-scope', () => {
    const [typo] = scoped(['Christopher Jonson.jpg'], scopeOf(JANE));
    expect(typo).toMatchObject({ status: 'outside-scope', user: toUserRef(CHRIS), candidates: [] });
    expect(typo!.reason).toMatch(
      /^Christopher Johnson .* is not a member of Sales EMEA: outside this upload's scope\. This photo is not used\./,
    );
    expect(scoped(['Christopher Jonson.jpg'], scopeOf(CHRIS))[0]).toMatchObject({ status: 'suggested' });
  });

  it('two files for a user outside the scope: both outside-scope, neither a conflict to resolve', () => {
    const results = scoped(['jane.doe@contoso.com.jpg', 'Jane Doe.png'], scopeOf(PAT));
    expect(results.map((r) => r.status)).toEqual(['outside-scope', 'outside-scope']);
    expect(results.map((r) => r.user?.id)).toEqual(['u-jane', 'u-jane']);
  });

  it('assertInScope: the run engine refuses users outside the scope, naming them', () => {
    expect(() => assertInScope([toUserRef(JANE)], scopeOf(JANE))).not.toThrow();
    expect(() => assertInScope([toUserRef(JANE), toUserRef(CHRIS)], scopeOf(JANE))).toThrow(
      new OutsideScopeError([toUserRef(CHRIS)], scopeOf(JANE)),
    );
    expect(() => assertInScope([toUserRef(CHRIS)], scopeOf(JANE))).toThrow(
      "Nothing was uploaded: Christopher Johnson (chris.johnson@contoso.com) is not a member of Sales EMEA, outside this upload's scope.",
    );
  });
});
