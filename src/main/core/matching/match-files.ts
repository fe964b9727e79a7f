/**
 * File -> user matching. Pure: file paths and a directory index in, one MatchResult per file out.
 *
 * Safety rules (a photo on the wrong person is the worst bug Headshot can have):
 * - keys are tried in order of strength (mapping > UPN/mail/proxy > employeeId > alias > display name) and the
 *   first level with any user behind the key decides: later, weaker levels never override it (the name as
 *   written goes through every level before the name with photographer suffixes stripped);
 * - two eligible users behind that key make the file `ambiguous` with every candidate, never a pick;
 * - a key held only by guests or disabled accounts (not included) leaves the file `unmatched`, saying so;
 * - a display name matches only with its words in the directory's order, or swapped by the comma of "Last, First";
 *   the same words in another order ("Ann Lee" for "Lee Ann") and fuzzy hits are only ever `suggested`;
 * - invisible characters (bidi controls, zero-width) are left out of the keys, and such a file says so;
 * - two files for one user are both `conflict`, neither is chosen (an explicit mapping row wins over names).
 */
import type { MatchMethod, MatchReport, MatchResult, MatchStatus, UserRef } from '../../../shared/domain';
import { hasInvisibleCharacters, visibleText } from '../../../shared/visible-text';
import type { MappingRow, MappingRowError, MappingUserField } from '../library/parse-mapping-csv';
import {
  type DirectoryIndex,
  employeeIdKey,
  isDisabled,
  isGuest,
  lookup,
  lookupAddress,
  lookupAlias,
  lookupDisplayName,
  lookupLocalPart,
  Source,
  SOURCE_LABEL,
  SOURCE_METHOD,
  toUserRef,
} from './directory-index';
import { extractIdentifiers, type StemKeys, stemKeys } from './extract-identifiers';
import { foldLastFirst, foldNameOrders } from './fold-name';
import { similarDisplayNames } from './suggest-similar';

export interface MatchOptions {
  /** Domains to complete bare local parts with, in addition to the index's tenant domains (`--domain`). */
  domains?: string[];
  includeGuests?: boolean;
  includeDisabled?: boolean;
  /** Parsed mapping rows (see parseMappingCsv); they win over file names. */
  mapping?: MappingRow[];
  /** Files the scan skipped, with why: a mapping row naming one says so instead of "missing file". */
  skipped?: ReadonlyMap<string, string>;
  /**
   * The mapping rows the parser refused; those that name a file (a row with no user) make that file say so in
   * Review, instead of whatever its name says ("a camera file name").
   */
  mappingRowErrors?: readonly MappingRowError[];
}

export interface MatchFilesResult extends MatchReport {
  /** Mapping rows that could not be used (unknown user, missing file, ...), by row number. */
  mappingErrors: MappingRowError[];
}

/** Appended to the reason of a file whose name holds invisible characters (the Review warning says the same). */
export const HIDDEN_NOTE =
  ' The file name contains hidden characters (shown as ⟨U+…⟩ codes), which matching ignored: check that the name is what it seems.';

export const MATCH_STATUSES: MatchStatus[] = [
  'matched',
  'ambiguous',
  'suggested',
  'conflict',
  'unmatched',
  'skipped',
  'outside-scope',
];

/** One file's outcome before cross-file rules (conflicts, mapping precedence) are applied. */
interface Outcome {
  result: MatchResult;
  /** The matched user's index when status is `matched`. */
  user?: number;
  mappingRow?: number;
}

interface Context {
  index: DirectoryIndex;
  domains: string[];
  opts: MatchOptions;
}

export function matchFiles(
  files: readonly string[],
  index: DirectoryIndex,
  opts: MatchOptions = {},
): MatchFilesResult {
  const extra = (opts.domains ?? []).map((d) => d.trim().replace(/^@/, '').toLowerCase()).filter(Boolean);
  const ctx: Context = { index, domains: [...new Set([...index.domains, ...extra])], opts };
  const { perFile, errors } = resolveMapping(files, ctx);

  const nobody = rowsNamingNobody(files, opts.mappingRowErrors ?? []);

  const outcomes: Outcome[] = files.map((file) => {
    const mapped = perFile.get(file);
    const o = mapped ? mappingOutcome(file, mapped, ctx) : matchFileName(file, ctx);
    const empty = mapped ? undefined : nobody.get(file);
    if (empty) {
      const rows = `${empty.length === 1 ? 'row' : 'rows'} ${empty.join(', ')}`;
      const said = `The mapping CSV's ${rows} ${empty.length === 1 ? 'names' : 'name'} this file but nobody in the directory: the user column is empty.`;
      o.result.reason =
        o.result.status === 'unmatched'
          ? `${said} Fill in the user's UPN and import again, or choose the user here.`
          : `${o.result.reason} (${said} The file name was used instead.)`;
    }
    if (hasInvisibleCharacters(file)) o.result.reason += HIDDEN_NOTE;
    return o;
  });
  applyCrossFileRules(outcomes, ctx);

  const matches = outcomes.map((o) => o.result);
  return { matches, summary: summarise(matches), mappingErrors: errors };
}

export function summarise(matches: readonly MatchResult[]): Record<MatchStatus, number> {
  const summary = Object.fromEntries(MATCH_STATUSES.map((s) => [s, 0])) as Record<MatchStatus, number>;
  for (const m of matches) summary[m.status]++;
  return summary;
}

// ---------------------------------------------------------------------------------------------------------------
// File names

interface Lookup {
  /** Adds the users behind the key (with their strongest source) to `into`. */
  find: (into: Map<number, Source>) => void;
  /** How the key reads in the reason: `"jane.doe@contoso.com"` or `"jane.doe" is the local part of`. */
  subject: string;
  partOf: string;
}

interface Level {
  name: string;
  lookups: (stem: string, keys: StemKeys, ctx: Context) => Lookup[];
}

const LEVELS: Level[] = [
  {
    name: 'address',
    lookups: (stem, keys, ctx) => {
      const { index } = ctx;
      const address = keys.address;
      if (address) return [plain((into) => lookupAddress(index, address, into), stem)];
      const local = keys.local;
      if (!local) return [];
      if (ctx.domains.length === 0) {
        return [
          {
            find: (into) => lookupLocalPart(index, local, into),
            subject: `"${stem}"`,
            partOf: 'the local part of ',
          },
        ];
      }
      return ctx.domains.map((d) =>
        plain((into) => lookupAddress(index, `${local}@${d}`, into), `${stem}@${d}`),
      );
    },
  },
  {
    name: 'employeeId',
    lookups: (stem, keys, ctx) => {
      const key =
        keys.numericId !== undefined ? `n:${keys.numericId}` : keys.local ? employeeIdKey(keys.local) : null;
      return key === null ? [] : [plain((into) => lookup(ctx.index.employeeId, key, into), stem)];
    },
  },
  {
    name: 'alias',
    lookups: (stem, keys, ctx) => {
      const local = keys.local;
      return local ? [plain((into) => lookupAlias(ctx.index, local, into), stem)] : [];
    },
  },
];

function matchFileName(file: string, ctx: Context): Outcome {
  const ids = extractIdentifiers(file);
  if (ids.camera) {
    return outcome(
      file,
      'unmatched',
      null,
      null,
      [],
      `"${ids.stem}" is a camera file name: it names nobody. Rename the file or map it in a CSV.`,
    );
  }
  if (ids.variants.length === 0) {
    return outcome(
      file,
      'unmatched',
      null,
      null,
      [],
      ids.hiddenCharacters
        ? 'The file name is empty once the extension and hidden characters are removed.'
        : 'The file name is empty once the extension is removed.',
    );
  }
  // The name as written is tried at every level before the suffix-stripped name: a literal identifier always
  // beats a guess about what a photographer appended.
  for (const stem of ids.variants) {
    const suffix = stem === ids.stem ? '' : ids.strippedSuffix;
    const keys = stemKeys(stem);
    for (const level of LEVELS) {
      const hits = new Map<number, Source>();
      let first: Lookup | undefined;
      for (const l of level.lookups(stem, keys, ctx)) {
        const before = hits.size;
        l.find(hits);
        if (hits.size > before) first ??= l;
      }
      if (first) return decide(file, first, suffix, hits, ctx);
    }
    const byName = matchDisplayName(file, stem, keys.name, suffix, ctx);
    if (byName) return byName;
  }
  return suggestOrGiveUp(file, ids.variants, ctx);
}

/**
 * The display-name level, last and weakest. Users with the file's words in their order match (and decide, as any
 * level does); users with the same words in another order are never a match nor a candidate beside one. When
 * only they exist, the file is a suggestion: which word is the first name is not Headshot's to guess.
 */
function matchDisplayName(
  file: string,
  stem: string,
  name: string | undefined,
  suffix: string,
  ctx: Context,
): Outcome | null {
  if (!name || !ctx.index.displayName.has(name)) return null;
  const lastFirst = foldLastFirst(stem);
  const hits = lookupDisplayName(ctx.index, name, foldNameOrders(stem), lastFirst);
  const reordered = [...hits.reordered.keys()].filter((u) => !exclusion(u, ctx));
  if (hits.inOrder.size > 0) {
    const swapped = [...hits.inOrder.keys()].filter((u) => hits.swapped.has(u)).length;
    const reading =
      swapped === 0
        ? ''
        : swapped === hits.inOrder.size
          ? ' (read as "Last, First")'
          : ' (read as written and as "Last, First")';
    const subject = `"${stem}"${reading}`;
    const note =
      reordered.length === 0
        ? ''
        : ` Not a candidate: ${reordered.map((u) => who(ctx, u)).join('; ')}, whose display name has these words in another order.`;
    return decide(file, { subject, partOf: '' }, suffix, hits.inOrder, ctx, note);
  }
  if (reordered.length === 0) return null;
  const suffixNote = suffix ? ` The suffix "${suffix}" was ignored.` : '';
  const commaNote = lastFirst
    ? ' Read as "Last, First", it does not fit the surname in the directory either.'
    : '';
  return outcome(
    file,
    'suggested',
    reordered.length === 1 ? ref(ctx, reordered[0] as number) : null,
    'displayName',
    reordered.map((u) => ref(ctx, u)),
    `No exact match. "${stem}" has the words of the display name of ${reordered.map((u) => who(ctx, u)).join('; ')} in another order.${commaNote} Headshot does not guess which word is the first name: a person must confirm before this photo is used.${suffixNote}`,
  );
}

function plain(find: Lookup['find'], shown: string): Lookup {
  return { find, subject: `"${shown}"`, partOf: '' };
}

function decide(
  file: string,
  hit: Pick<Lookup, 'subject' | 'partOf'>,
  suffix: string,
  hits: Map<number, Source>,
  ctx: Context,
  note = '',
): Outcome {
  const is = (source: Source) => `${hit.subject} is ${hit.partOf}the ${SOURCE_LABEL[source]} of`;
  const eligible: [number, Source][] = [];
  const excluded: [number, Source, string][] = [];
  for (const [user, source] of hits) {
    const why = exclusion(user, ctx);
    if (why) excluded.push([user, source, why]);
    else eligible.push([user, source]);
  }
  const strongest = (list: [number, Source, ...unknown[]][]) => Math.min(...list.map(([, s]) => s)) as Source;
  const suffixNote = `${suffix ? ` The suffix "${suffix}" was ignored.` : ''}${note}`;
  const excludedNote =
    excluded.length === 0
      ? ''
      : ` Not considered: ${excluded.map(([u, , why]) => `${who(ctx, u)}, a ${why}`).join('; ')} (to consider them, ${includeHint(excluded)}).`;

  if (eligible.length === 0) {
    const source = strongest(excluded);
    const kinds = [...new Set(excluded.map(([, , why]) => why))].join(' or ');
    return outcome(
      file,
      'unmatched',
      null,
      null,
      excluded.map(([u]) => ref(ctx, u)),
      `${is(source)} only a ${kinds}: ${excluded.map(([u]) => who(ctx, u)).join('; ')}. To match it, ${includeHint(excluded)}.`,
    );
  }
  const source = strongest(eligible);
  const method = SOURCE_METHOD[source];
  if (eligible.length > 1) {
    return outcome(
      file,
      'ambiguous',
      null,
      method,
      eligible.map(([u]) => ref(ctx, u)),
      `${is(source)} ${eligible.length} users: ${eligible.map(([u]) => who(ctx, u)).join('; ')}. Choose one: nothing is picked automatically.${suffixNote}${excludedNote}`,
    );
  }
  const [[user, userSource]] = eligible as [[number, Source]];
  return {
    user,
    result: {
      file,
      status: 'matched',
      user: ref(ctx, user),
      method: SOURCE_METHOD[userSource],
      candidates: [],
      reason: `${is(userSource)} ${who(ctx, user)}.${suffixNote}${excludedNote}`,
    },
  };
}

function suggestOrGiveUp(file: string, variants: string[], ctx: Context): Outcome {
  for (const stem of variants) {
    const name = stemKeys(stem).name;
    if (!name) continue;
    const similar = [...similarDisplayNames(ctx.index, name).keys()].filter((u) => !exclusion(u, ctx));
    if (similar.length === 0) continue;
    const single = similar.length === 1 ? ref(ctx, similar[0] as number) : null;
    return outcome(
      file,
      'suggested',
      single,
      'displayName',
      similar.map((u) => ref(ctx, u)),
      `No exact match. "${stem}" is one letter away from the display name of ${similar.map((u) => who(ctx, u)).join('; ')}. A person must confirm before this photo is used.`,
    );
  }
  return outcome(
    file,
    'unmatched',
    null,
    null,
    [],
    `No user has "${variants.join('" or "')}" as user principal name, mail, proxy address, employee ID, alias or display name.`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Mapping CSV

/** Folder file -> the rows that name it with no user (found as mapping rows are: exact, any case, base name). */
export function rowsNamingNobody(
  files: readonly string[],
  errors: readonly MappingRowError[],
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const named = errors.filter((e): e is MappingRowError & { file: string } => e.file !== undefined);
  if (named.length === 0) return out;
  const exact = new Set(files);
  const byLower = groupBy(files, (f) => f.toLowerCase());
  const byBase = groupBy(files, (f) => (f.split('/').pop() ?? f).toLowerCase());
  for (const e of named) {
    const found = exact.has(e.file)
      ? [e.file]
      : (byLower.get(e.file.toLowerCase()) ??
        (e.file.includes('/') ? undefined : byBase.get(e.file.toLowerCase())));
    if (found?.length !== 1) continue;
    const file = found[0] as string;
    out.set(file, [...(out.get(file) ?? []), e.row]);
  }
  return out;
}

interface FileMapping {
  rows: number[];
  users: Set<number>;
  errors: string[];
}

function resolveMapping(files: readonly string[], ctx: Context) {
  const perFile = new Map<string, FileMapping>();
  const errors: MappingRowError[] = [];
  const rows = ctx.opts.mapping ?? [];
  if (rows.length === 0) return { perFile, errors };

  const exact = new Set(files);
  const byLower = groupBy(files, (f) => f.toLowerCase());
  const byBase = groupBy(files, (f) => (f.split('/').pop() ?? f).toLowerCase());

  for (const row of rows) {
    let file: string;
    if (exact.has(row.file)) file = row.file;
    else {
      const found =
        byLower.get(row.file.toLowerCase()) ??
        (row.file.includes('/') ? undefined : byBase.get(row.file.toLowerCase()));
      if (!found) {
        const skipped = ctx.opts.skipped?.get(row.file);
        errors.push({
          row: row.row,
          message: skipped
            ? `${visibleText(row.file)} was skipped by the scan: ${skipped}`
            : `missing file: ${visibleText(row.file)} is not among the images in the folder`,
        });
        continue;
      }
      if (found.length > 1) {
        errors.push({
          row: row.row,
          message: `${visibleText(row.file)} names ${found.length} files (${found.map(visibleText).join(', ')}): give the path`,
        });
        continue;
      }
      file = found[0] as string;
    }
    const entry = perFile.get(file) ?? { rows: [], users: new Set<number>(), errors: [] };
    perFile.set(file, entry);
    entry.rows.push(row.row);
    const resolved = resolveMappingUser(row, ctx);
    if (typeof resolved === 'string') {
      errors.push({ row: row.row, message: resolved, file });
      entry.errors.push(`row ${row.row}: ${resolved}`);
    } else entry.users.add(resolved);
  }
  return { perFile, errors };
}

/** The one eligible user a mapping row names, or why not. */
function resolveMappingUser(row: MappingRow, ctx: Context): number | string {
  const resolved = resolveUserValue(ctx.index, row.user, row.userField);
  if ('error' in resolved) return resolved.error;
  const { user } = resolved;
  const why = exclusion(user, ctx);
  if (why) return `${who(ctx, user)} is a ${why}; to map a photo to it, ${includeHint([[user, 0, why]])}`;
  return user;
}

/**
 * The one user a CSV's user value names (object id, UPN, mail, proxy address or employee ID, as its column says),
 * or why not: the mapping CSV's user column and the users CSV follow this one rule. Guests and disabled accounts
 * are found too; whether they may be used is the caller's to say.
 */
export function resolveUserValue(
  index: DirectoryIndex,
  value: string,
  field: MappingUserField,
): { user: number } | { error: string } {
  let users: number[] = [];
  const byAddress = (prefer: Source[]) => {
    const hits = lookupAddress(index, value.toLowerCase());
    for (const source of prefer) {
      const found = [...hits].filter(([, s]) => s === source).map(([u]) => u);
      if (found.length > 0) return found;
    }
    return [];
  };
  const byId = () => {
    const u = index.byId().get(value.toLowerCase());
    return u === undefined ? [] : [u];
  };
  const byEmployeeId = () => [...lookup(index.employeeId, employeeIdKey(value)).keys()];
  switch (field) {
    case 'id':
      users = byId();
      break;
    case 'upn':
      users = byAddress([Source.Upn, Source.Mail, Source.Proxy]);
      break;
    case 'mail':
      users = byAddress([Source.Mail, Source.Proxy, Source.Upn]);
      break;
    case 'employeeId':
      users = byEmployeeId();
      break;
    case 'any':
      users = byId();
      if (users.length === 0) users = byAddress([Source.Upn, Source.Mail, Source.Proxy]);
      if (users.length === 0) users = byEmployeeId();
      break;
  }
  if (users.length === 0) return { error: `"${value}" names nobody in the directory` };
  if (users.length > 1) {
    return {
      error: `"${value}" matches ${users.length} users: ${users.map((u) => describeUser(index, u)).join('; ')}`,
    };
  }
  return { user: users[0] as number };
}

function mappingOutcome(file: string, mapped: FileMapping, ctx: Context): Outcome {
  const rows = mapped.rows.join(', ');
  if (mapped.errors.length > 0) {
    return outcome(
      file,
      'unmatched',
      null,
      null,
      [],
      `The mapping CSV names this file but cannot be used: ${mapped.errors.join('; ')}. Correct the row and import again, or choose the user here.`,
    );
  }
  const users = [...mapped.users];
  if (users.length > 1) {
    return outcome(
      file,
      'ambiguous',
      null,
      'mapping',
      users.map((u) => ref(ctx, u)),
      `The mapping CSV maps this file to ${users.length} different users (rows ${rows}): ${users.map((u) => who(ctx, u)).join('; ')}. Choose one.`,
    );
  }
  const user = users[0] as number;
  return {
    user,
    mappingRow: mapped.rows[0],
    result: {
      file,
      status: 'matched',
      user: ref(ctx, user),
      method: 'mapping',
      candidates: [],
      reason: `Mapped to ${who(ctx, user)} by row ${rows} of the mapping CSV.`,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-file rules

function applyCrossFileRules(outcomes: Outcome[], ctx: Context): void {
  const mappedTo = new Map<number, Outcome[]>();
  const namedTo = new Map<number, Outcome[]>();
  for (const o of outcomes) {
    if (o.result.status !== 'matched' || o.user === undefined) continue;
    const group = o.result.method === 'mapping' ? mappedTo : namedTo;
    group.set(o.user, [...(group.get(o.user) ?? []), o]);
  }
  for (const [user, group] of mappedTo) {
    if (group.length > 1) markConflict(group, user, ctx, 'The mapping CSV maps');
  }
  for (const [user, group] of namedTo) {
    const mapped = mappedTo.get(user);
    if (mapped) {
      const to = mapped.map((o) => `${visibleText(o.result.file)} (row ${o.mappingRow})`).join(', ');
      for (const o of group) {
        o.result = {
          ...o.result,
          status: 'unmatched',
          user: null,
          candidates: [ref(ctx, user)],
          reason: `${o.result.reason} But the mapping CSV assigns ${who(ctx, user)} to ${to}, and the mapping wins over file names: this file is not used.`,
        };
      }
    } else if (group.length > 1) markConflict(group, user, ctx, '');
  }
}

function markConflict(group: Outcome[], user: number, ctx: Context, prefix: string): void {
  const files = group.map((o) => visibleText(o.result.file)).join(', ');
  for (const o of group) {
    o.result = {
      ...o.result,
      status: 'conflict',
      user: null,
      candidates: [ref(ctx, user)],
      reason: `${prefix ? `${prefix} ${group.length} files to` : `${group.length} files match`} ${who(ctx, user)}: ${files}. Neither is used: remove or map all but one. (This file: ${o.result.reason})`,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function exclusion(user: number, ctx: Context): string | null {
  const u = ctx.index.users[user];
  if (!u) return 'missing account';
  const guest = isGuest(u) && !ctx.opts.includeGuests;
  const disabled = isDisabled(u) && !ctx.opts.includeDisabled;
  if (guest && disabled) return 'disabled guest account';
  if (guest) return 'guest account';
  if (disabled) return 'disabled account';
  return null;
}

/**
 * What to turn on to consider these accounts, in the Settings switches' words (the CLI's options carry the same
 * names, so one sentence serves both; no command-line flag in a sentence people read in the app).
 */
function includeHint(excluded: [number, Source | 0, string][]): string {
  const switches = new Set<string>();
  for (const [, , why] of excluded) {
    if (why.includes('guest')) switches.add('"Include guest accounts"');
    if (why.includes('disabled')) switches.add('"Include disabled accounts"');
  }
  return `turn on ${[...switches].join(' and ')} in Settings`;
}

function ref(ctx: Context, user: number): UserRef {
  const u = ctx.index.users[user];
  if (!u) throw new Error(`no user at index ${user}`);
  return toUserRef(u);
}

function who(ctx: Context, user: number): string {
  return describeUser(ctx.index, user);
}

/** A user as reasons name them: "Jane Doe (jane.doe@contoso.com)". */
export function describeUser(index: DirectoryIndex, user: number): string {
  const u = index.users[user];
  return u ? describePerson(u) : `user #${user}`;
}

/** A directory user or a user reference, as reasons name people. */
export function describePerson(u: { displayName?: string | null; userPrincipalName: string }): string {
  return u.displayName ? `${u.displayName} (${u.userPrincipalName})` : u.userPrincipalName;
}

function outcome(
  file: string,
  status: MatchStatus,
  user: UserRef | null,
  method: MatchMethod | null,
  candidates: UserRef[],
  reason: string,
): Outcome {
  return { result: { file, status, user, method, candidates, reason } };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
