/**
 * File -> user matching. Pure: file paths and a directory index in, one MatchResult per file out.
 *
 * Safety rules (a photo on the wrong person is the worst bug Headshot can have):
 * - keys are tried in order of strength (mapping > UPN/mail/proxy > employeeId > alias > display name) and the
 *   first level with any user behind the key decides: later, weaker levels never override it (the name as
 *   written goes through every level before the name with photographer suffixes stripped);
 * - two eligible users behind that key make the file `ambiguous` with every candidate, never a pick;
 * - a key held only by guests or disabled accounts (not included) leaves the file `unmatched`, saying so;
 * - fuzzy display-name hits are only ever `suggested`;
 * - two files for one user are both `conflict`, neither is chosen (an explicit mapping row wins over names).
 */
import type { MatchMethod, MatchReport, MatchResult, MatchStatus, UserRef } from '../../shared/domain';
import type { MappingRow, MappingRowError } from '../library/parse-mapping-csv';
import {
  type DirectoryIndex,
  employeeIdKey,
  isDisabled,
  isGuest,
  lookup,
  lookupAddress,
  lookupAlias,
  lookupLocalPart,
  Source,
  SOURCE_LABEL,
  SOURCE_METHOD,
} from './directory-index';
import { extractIdentifiers, stemKeys } from './extract-identifiers';
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
}

export interface MatchFilesResult extends MatchReport {
  /** Mapping rows that could not be used (unknown user, missing file, ...), by row number. */
  mappingErrors: MappingRowError[];
}

export const MATCH_STATUSES: MatchStatus[] = [
  'matched',
  'ambiguous',
  'suggested',
  'conflict',
  'unmatched',
  'skipped',
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

  const outcomes: Outcome[] = files.map((file) => {
    const mapped = perFile.get(file);
    return mapped ? mappingOutcome(file, mapped, ctx) : matchFileName(file, ctx);
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
  lookups: (stem: string, ctx: Context) => Lookup[];
}

const LEVELS: Level[] = [
  {
    name: 'address',
    lookups: (stem, ctx) => {
      const keys = stemKeys(stem);
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
    lookups: (stem, ctx) => {
      const keys = stemKeys(stem);
      const key =
        keys.numericId !== undefined ? `n:${keys.numericId}` : keys.local ? employeeIdKey(keys.local) : null;
      return key === null ? [] : [plain((into) => lookup(ctx.index.employeeId, key, into), stem)];
    },
  },
  {
    name: 'alias',
    lookups: (stem, ctx) => {
      const keys = stemKeys(stem);
      const local = keys.local;
      return local ? [plain((into) => lookupAlias(ctx.index, local, into), stem)] : [];
    },
  },
  {
    name: 'displayName',
    lookups: (stem, ctx) => {
      const keys = stemKeys(stem);
      const name = keys.name;
      return name ? [plain((into) => lookup(ctx.index.displayName, name, into), stem)] : [];
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
      'The file name is empty once the extension is removed.',
    );
  }
  // The name as written is tried at every level before the suffix-stripped name: a literal identifier always
  // beats a guess about what a photographer appended.
  for (const stem of ids.variants) {
    for (const level of LEVELS) {
      const hits = new Map<number, Source>();
      let first: Lookup | undefined;
      for (const l of level.lookups(stem, ctx)) {
        const before = hits.size;
        l.find(hits);
        if (hits.size > before) first ??= l;
      }
      if (first) return decide(file, first, stem === ids.stem ? '' : ids.strippedSuffix, hits, ctx);
    }
  }
  return suggestOrGiveUp(file, ids.variants, ctx);
}

function plain(find: Lookup['find'], shown: string): Lookup {
  return { find, subject: `"${shown}"`, partOf: '' };
}

function decide(file: string, hit: Lookup, suffix: string, hits: Map<number, Source>, ctx: Context): Outcome {
  const is = (source: Source) => `${hit.subject} is ${hit.partOf}the ${SOURCE_LABEL[source]} of`;
  const eligible: [number, Source][] = [];
  const excluded: [number, Source, string][] = [];
  for (const [user, source] of hits) {
    const why = exclusion(user, ctx);
    if (why) excluded.push([user, source, why]);
    else eligible.push([user, source]);
  }
  const strongest = (list: [number, Source, ...unknown[]][]) => Math.min(...list.map(([, s]) => s)) as Source;
  const suffixNote = suffix ? ` The suffix "${suffix}" was ignored.` : '';
  const excludedNote =
    excluded.length === 0
      ? ''
      : ` Not considered: ${excluded.map(([u, , why]) => `${who(ctx, u)}, a ${why}`).join('; ')}${includeHint(excluded)}.`;

  if (eligible.length === 0) {
    const source = strongest(excluded);
    const kinds = [...new Set(excluded.map(([, , why]) => why))].join(' or ');
    return outcome(
      file,
      'unmatched',
      null,
      null,
      excluded.map(([u]) => ref(ctx, u)),
      `${is(source)} only a ${kinds}: ${excluded.map(([u]) => who(ctx, u)).join('; ')}${includeHint(excluded)} to match it.`,
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
            ? `${row.file} was skipped by the scan: ${skipped}`
            : `missing file: ${row.file} is not among the images in the folder`,
        });
        continue;
      }
      if (found.length > 1) {
        errors.push({
          row: row.row,
          message: `${row.file} names ${found.length} files (${found.join(', ')}): give the path`,
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
      errors.push({ row: row.row, message: resolved });
      entry.errors.push(`row ${row.row}: ${resolved}`);
    } else entry.users.add(resolved);
  }
  return { perFile, errors };
}

/** The one eligible user a mapping row names, or why not. */
function resolveMappingUser(row: MappingRow, ctx: Context): number | string {
  const { index } = ctx;
  const value = row.user;
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
  switch (row.userField) {
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
  if (users.length === 0) return `unknown user "${value}"`;
  if (users.length > 1)
    return `"${value}" matches ${users.length} users: ${users.map((u) => who(ctx, u)).join('; ')}`;
  const user = users[0] as number;
  const why = exclusion(user, ctx);
  if (why) return `${who(ctx, user)} is a ${why}${includeHint([[user, 0, why]])} to map a photo to it`;
  return user;
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
      `The mapping CSV names this file but cannot be used: ${mapped.errors.join('; ')}.`,
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
      const to = mapped.map((o) => `${o.result.file} (row ${o.mappingRow})`).join(', ');
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
  const files = group.map((o) => o.result.file).join(', ');
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

function includeHint(excluded: [number, Source | 0, string][]): string {
  const flags = new Set<string>();
  for (const [, , why] of excluded) {
    if (why.includes('guest')) flags.add('--include-guests');
    if (why.includes('disabled')) flags.add('--include-disabled');
  }
  return `; use ${[...flags].join(' and ')}`;
}

function ref(ctx: Context, user: number): UserRef {
  const u = ctx.index.users[user];
  if (!u) throw new Error(`no user at index ${user}`);
  return { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName ?? null };
}

function who(ctx: Context, user: number): string {
  const u = ctx.index.users[user];
  if (!u) return `user #${user}`;
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
