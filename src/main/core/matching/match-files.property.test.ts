/**
 * Property: for random directories and random file names, a file is `matched` only to a user one of whose
 * identifiers equals a key the file name yields, and only by the method that identifier belongs to; a display
 * name only with its words in the same order (or swapped by the comma of "Last, First"). The oracle below is
 * written independently of the index (plain string comparisons over the user object).
 */
import fc from 'fast-check';
import type { GraphUser, MatchResult } from '../../../shared/domain';
import { buildDirectoryIndex, isDisabled, isGuest } from './directory-index';
import { extractIdentifiers } from './extract-identifiers';
import { foldText } from '../../../shared/text-fold';
import { matchFiles, type MatchOptions } from './match-files';

const FIRST = ['Jane', 'José', 'Jose', 'Zoë', 'Anne-Marie'];
const LAST = ['Doe', 'Müller', 'Muller', 'O’Brien', "O'Brien", 'Straße', 'Ødegård'];
const DOMAINS = ['contoso.com', 'fabrikam.com'];
const LOCALS = ['jane.doe', 'jdoe', 'john', 'j.smith', 'a', 'jose', 'zoe', 'li'];

const userArb = fc.record({
  first: fc.constantFrom(...FIRST),
  last: fc.constantFrom(...LAST),
  local: fc.constantFrom(...LOCALS),
  domain: fc.constantFrom(...DOMAINS),
  mailLocal: fc.option(fc.constantFrom(...LOCALS), { nil: undefined }),
  alias: fc.option(fc.constantFrom(...LOCALS), { nil: undefined }),
  proxyLocal: fc.option(fc.constantFrom(...LOCALS), { nil: undefined }),
  employeeId: fc.option(fc.constantFrom('123', '00123', '0123', '7', '007', 'E-7', 'e-7'), {
    nil: undefined,
  }),
  // Mostly ordinary members, so eligible users collide often enough to exercise ambiguity.
  guest: fc.constantFrom(false, false, false, true),
  disabled: fc.constantFrom(false, false, false, true),
  // 'last first': surname first without a comma, as East Asian names and many French tenants write them.
  nameForm: fc.constantFrom('first last', 'last, first', 'first last (Sales)', 'last first'),
});

type UserRecord = typeof userArb extends fc.Arbitrary<infer T> ? T : never;

function toUser(r: UserRecord, i: number): GraphUser {
  const name = r.nameForm.replace('first', r.first).replace('last', r.last);
  return {
    id: `u${i}`,
    userPrincipalName: r.guest
      ? `${r.local}_${r.domain}#EXT#@tenant.onmicrosoft.com`
      : `${r.local}@${r.domain}`,
    displayName: name,
    givenName: r.first,
    surname: r.last,
    mail: r.mailLocal ? `${r.mailLocal}@${r.domain}` : null,
    mailNickname: r.alias ?? null,
    employeeId: r.employeeId ?? null,
    proxyAddresses: r.proxyLocal ? [`smtp:${r.proxyLocal}@${DOMAINS[0]}`, `x500:/o=${r.proxyLocal}`] : [],
    accountEnabled: !r.disabled,
    userType: r.guest ? 'Guest' : 'Member',
  };
}

const fileArb = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...LOCALS),
      fc.constantFrom(...LOCALS).chain((l) => fc.constantFrom(...DOMAINS).map((d) => `${l}@${d}`)),
      fc
        .tuple(
          fc.constantFrom(...FIRST),
          fc.constantFrom(...LAST),
          fc.constantFrom(' ', '_', '-', ', '),
          fc.boolean(),
        )
        .map(([f, l, sep, surnameFirst]) =>
          sep === ', ' ? `${l}, ${f}` : surnameFirst ? `${l}${sep}${f}` : `${f}${sep}${l}`,
        ),
      fc.constantFrom('123', '0123', '00123', '7', '0007', 'E-7', 'IMG_1234', 'DSC0001'),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
    fc.constantFrom('', '_1', ' (2)', '-final', '_648', '-edit', ' copy'),
    fc.constantFrom('jpg', 'JPG', 'png', 'heic'),
    fc.boolean(),
  )
  .map(([stem, suffix, ext, nfd]) => {
    const name = `${stem}${suffix}.${ext}`.replace(/[/\\]/g, '');
    return nfd ? name.normalize('NFD') : name;
  });

const optsArb = fc.record({
  includeGuests: fc.boolean(),
  includeDisabled: fc.boolean(),
  domains: fc.constantFrom<string[] | undefined>(undefined, [], ['contoso.com'], ['fabrikam.com'], DOMAINS),
});

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();
const localOf = (address: string) => address.slice(0, address.lastIndexOf('@'));
const smtp = (u: GraphUser) =>
  (u.proxyAddresses ?? []).filter((p) => /^smtp:/i.test(p)).map((p) => lower(p.slice(5)));

/** Does `stem` equal one of the user's identifiers of this method? */
function identifierEquals(
  u: GraphUser,
  method: MatchResult['method'],
  stem: string,
  domains: string[],
): boolean {
  const s = lower(stem);
  const addressEquals = (address: string) =>
    address !== '' &&
    (address === s ||
      (!s.includes('@') &&
        (domains.length > 0 ? domains.some((d) => `${s}@${d}` === address) : localOf(address) === s)));
  switch (method) {
    case 'upn':
      return addressEquals(lower(u.userPrincipalName));
    case 'mail':
      return addressEquals(lower(u.mail));
    case 'proxyAddress':
      return smtp(u).some((p) => p === s || (!s.includes('@') && domains.some((d) => `${s}@${d}` === p)));
    case 'employeeId': {
      const id = lower(u.employeeId);
      if (/^\d+$/.test(id) && /^\d+$/.test(s)) return BigInt(id) === BigInt(s);
      return id !== '' && id === s;
    }
    case 'alias':
      return lower(u.mailNickname) === s || smtp(u).some((p) => localOf(p) === s);
    case 'displayName':
      return nameOrderFits(u, stem);
    default:
      return false;
  }
}

const words = (s: string) => foldText(s).split(' ').filter(Boolean);
const sameWords = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();
const sameOrder = (a: string[], b: string[]) => a.length === b.length && a.every((w, i) => w === b[i]);
/** "Last, First" split at its one comma, or null. */
const commaParts = (s: string): [string[], string[]] | null => {
  const parts = s.split(',');
  return parts.length === 2 && words(parts[0]!).length > 0 && words(parts[1]!).length > 0
    ? [words(parts[0]!), words(parts[1]!)]
    : null;
};

/** The user's names as word lists in their own order: the display name both ways when it has the comma. */
function userOrders(u: GraphUser): string[][] {
  const shown = [u.displayName ?? '', (u.displayName ?? '').replace(/\([^)]*\)/g, ' ')].filter(Boolean);
  const out: string[][] = [];
  for (const name of shown) {
    out.push(words(name));
    const parts = commaParts(name);
    if (parts) out.push([...parts[1], ...parts[0]]);
  }
  // Given name + surname only when they are not merely the display name's words in another order.
  const full = words(`${u.givenName ?? ''} ${u.surname ?? ''}`);
  if (u.givenName && u.surname && !shown.some((n) => sameWords(words(n), full))) out.push(full);
  return out;
}

/** Does the file name (a stem) hold a name of the user in its order, or by the explicit comma swap? */
function nameOrderFits(u: GraphUser, stem: string): boolean {
  const written = words(stem);
  if (written.length < 2) return false;
  const orders = userOrders(u);
  if (orders.some((o) => sameOrder(o, written))) return true;
  const parts = commaParts(stem);
  if (!parts) return false;
  const [last, first] = parts;
  if (
    u.givenName &&
    u.surname &&
    !(sameOrder(words(u.surname), last) && sameOrder(words(u.givenName), first))
  )
    return false;
  return orders.some((o) => sameOrder(o, [...first, ...last]));
}

describe('matchFiles property', () => {
  it('never matches a file to a user whose identifiers do not equal the key, nor to an excluded user', () => {
    fc.assert(
      fc.property(
        fc.array(userArb, { minLength: 1, maxLength: 25 }),
        fc.uniqueArray(fileArb, { minLength: 1, maxLength: 20, selector: (f) => f.normalize('NFC') }),
        optsArb,
        (records, files, opts: MatchOptions) => {
          const users = records.map(toUser);
          const { matches } = matchFiles(files, buildDirectoryIndex(users), opts);
          const matchedUsers = new Set<string>();
          for (const m of matches) {
            if (m.status === 'ambiguous') expect(m.candidates.length).toBeGreaterThan(1);
            if (m.status === 'suggested') {
              // A suggestion names its one candidate, for a person to confirm; it is never used on its own.
              if (m.user) expect(m.candidates.map((c) => c.id)).toEqual([m.user.id]);
              continue;
            }
            if (m.status !== 'matched') {
              expect(m.user).toBeNull();
              continue;
            }
            const user = users.find((u) => u.id === m.user?.id);
            expect(user).toBeDefined();
            const { variants } = extractIdentifiers(m.file);
            expect(variants.some((v) => identifierEquals(user!, m.method, v, opts.domains ?? []))).toBe(true);
            expect(isGuest(user!) && !opts.includeGuests).toBe(false);
            expect(isDisabled(user!) && !opts.includeDisabled).toBe(false);
            // One user, one photo: a second matched file for the same user would have been a conflict.
            expect(matchedUsers.has(user!.id)).toBe(false);
            matchedUsers.add(user!.id);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never leaves a file matched when another eligible user holds the same key at that level', () => {
    fc.assert(
      fc.property(fc.array(userArb, { minLength: 2, maxLength: 12 }), fileArb, (records, file) => {
        const users = records.map(toUser);
        const [m] = matchFiles([file], buildDirectoryIndex(users)).matches;
        if (m?.status !== 'matched') return;
        const { variants } = extractIdentifiers(file);
        const holders = users.filter(
          (u) => !isGuest(u) && !isDisabled(u) && variants.some((v) => identifierEquals(u, m.method, v, [])),
        );
        // Within the deciding method, only the matched user may hold the key (group-mates are checked too).
        expect(holders.map((u) => u.id)).toContain(m.user!.id);
        const sameLevel =
          m.method === 'upn' || m.method === 'mail' || m.method === 'proxyAddress'
            ? ['upn', 'mail', 'proxyAddress']
            : [m.method];
        const rivals = users.filter(
          (u) =>
            u.id !== m.user!.id &&
            !isGuest(u) &&
            !isDisabled(u) &&
            sameLevel.some((method) =>
              identifierEquals(u, method as MatchResult['method'], variants[0]!, []),
            ),
        );
        // A rival at the same level on the unstripped name would have made the file ambiguous.
        if (
          variants[0] &&
          identifierEquals(
            users.find((u) => u.id === m.user!.id)!,
            m.method,
            variants[0],
            [],
          )
        ) {
          expect(rivals).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a name in another word order than the directory (no comma) is a suggestion, never a match', () => {
    const nameArb = fc.tuple(
      fc.constantFrom(...FIRST),
      fc.constantFrom(...LAST),
      fc.constantFrom(' ', '_', '-'),
      fc.boolean(),
    );
    fc.assert(
      fc.property(
        fc.array(userArb, { minLength: 1, maxLength: 12 }),
        nameArb,
        (records, [f, l, sep, flip]) => {
          const users = records.map(toUser);
          const file = `${flip ? `${l}${sep}${f}` : `${f}${sep}${l}`}.jpg`;
          const [m] = matchFiles([file], buildDirectoryIndex(users)).matches;
          const written = words(flip ? `${l} ${f}` : `${f} ${l}`);
          const eligible = users.filter((u) => !isGuest(u) && !isDisabled(u));
          const holders = (list: GraphUser[]) =>
            list.filter((u) => userOrders(u).some((o) => sameOrder(o, written)));
          const reordered = eligible.filter(
            (u) =>
              !holders([u]).length &&
              userOrders(u).some((o) => sameWords(o, written) && !sameOrder(o, written)),
          );
          const chosen = [m!.user, ...m!.candidates].filter((x) => x !== null).map((x) => x.id);
          if (holders(users).length > 0) {
            // Someone holds this exact order: nobody with the words reordered is picked or offered.
            for (const u of reordered) expect(chosen).not.toContain(u.id);
            if (m!.status === 'matched') expect(holders(eligible).map((u) => u.id)).toContain(m!.user!.id);
          } else if (reordered.length > 0) {
            expect(m!.status).toBe('suggested');
            expect(m!.candidates.map((c) => c.id).sort()).toEqual(reordered.map((u) => u.id).sort());
          } else {
            expect(m!.status).not.toBe('matched');
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
