/**
 * Lookup tables over a directory of Graph users, one per identifier strength. Every user is indexed, guests and
 * disabled accounts too, so the matcher can say "this file would match only a guest" instead of silently
 * matching someone else. Postings are packed numbers (user index * 16 + source) to keep 100,000 users small.
 */
import type { GraphUser, MatchMethod, UserRef } from '../../../shared/domain';
import { normaliseNumericId } from './extract-identifiers';
import { foldText } from '../../../shared/text-fold';
import { foldDisplayName, foldNameOrders } from './fold-name';

/** Where a key came from on the user, strongest first within its table. */
export const Source = {
  Upn: 0,
  Mail: 1,
  Proxy: 2,
  EmployeeId: 3,
  MailNickname: 4,
  ProxyLocal: 5,
  DisplayName: 6,
  GivenSurname: 7,
} as const;
export type Source = (typeof Source)[keyof typeof Source];

export const SOURCE_METHOD: Record<Source, MatchMethod> = {
  [Source.Upn]: 'upn',
  [Source.Mail]: 'mail',
  [Source.Proxy]: 'proxyAddress',
  [Source.EmployeeId]: 'employeeId',
  [Source.MailNickname]: 'alias',
  [Source.ProxyLocal]: 'alias',
  [Source.DisplayName]: 'displayName',
  [Source.GivenSurname]: 'displayName',
};

export const SOURCE_LABEL: Record<Source, string> = {
  [Source.Upn]: 'user principal name',
  [Source.Mail]: 'mail address',
  [Source.Proxy]: 'proxy address',
  [Source.EmployeeId]: 'employee ID',
  [Source.MailNickname]: 'mail alias (mailNickname)',
  [Source.ProxyLocal]: 'alias in proxyAddresses',
  [Source.DisplayName]: 'display name',
  [Source.GivenSurname]: 'given name and surname',
};

type Posting = number | number[];
export type PostingMap = Map<string, Posting>;

export interface DirectoryIndex {
  users: readonly GraphUser[];
  /** Tenant domains (lower case) to complete a bare local part with ("jane.doe" -> "jane.doe@contoso.com"). */
  domains: string[];
  /**
   * Every local-part-like identifier (UPN, mail and smtp proxy local parts, mailNickname) -> users. One table
   * instead of one per kind halves the index at 100k users; lookupAddress/LocalPart/Alias then check the user
   * object itself, so each level still matches only its own identifiers.
   */
  local: PostingMap;
  /** "n:<digits without leading zeros>" for numeric IDs, "s:<lower case>" for the others. */
  employeeId: PostingMap;
  /** Folded display names (and given name + surname). */
  displayName: PostingMap;
  /** Lower-case object id -> user index, for mapping rows that give the id (built on first use). */
  byId: () => Map<string, number>;
  /** Characters used by display-name keys: the alphabet fuzzy suggestions substitute from. */
  nameAlphabet: string[];
}

export interface BuildIndexOptions {
  /** The tenant's verified domains (the CLI adds --domain values when matching). */
  domains?: string[];
}

/**
 * The one GraphUser -> UserRef: the matcher's results and candidates and the people search all build it here, so
 * Review can tell people of one name apart (department, job title, office).
 */
export function toUserRef(u: GraphUser): UserRef {
  // The details ride only when the directory has them, so a reference stays as small as it was without.
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName ?? null,
    ...(u.department ? { department: u.department } : {}),
    ...(u.jobTitle ? { jobTitle: u.jobTitle } : {}),
    ...(u.officeLocation ? { officeLocation: u.officeLocation } : {}),
  };
}

export function isGuest(user: GraphUser): boolean {
  return user.userType?.toLowerCase() === 'guest' || user.userPrincipalName.toUpperCase().includes('#EXT#');
}

/** Only an explicit `accountEnabled: false` is disabled; Graph leaves it out when it wasn't $selected. */
export function isDisabled(user: GraphUser): boolean {
  return user.accountEnabled === false;
}

export function buildDirectoryIndex(
  users: readonly GraphUser[],
  opts: BuildIndexOptions = {},
): DirectoryIndex {
  const index: DirectoryIndex = {
    users,
    domains: normaliseDomains(opts.domains ?? []),
    local: new Map(),
    employeeId: new Map(),
    displayName: new Map(),
    byId: lazy(() => new Map(users.map((u, i) => [u.id.toLowerCase(), i]))),
    nameAlphabet: [],
  };
  const alphabet = new Set<string>();
  const alphabetSeen = new Set<string>();
  users.forEach((user, i) => {
    // UPN local = mail local = alias = primary proxy local is the usual case: dedupe before touching the map.
    const locals = [localOf(user.userPrincipalName.toLowerCase())];
    const push = (local: string) => void (locals.includes(local) || locals.push(local));
    if (user.mail) push(localOf(user.mail.toLowerCase()));
    if (user.mailNickname) push(user.mailNickname.toLowerCase());
    someSmtp(user, (address) => push(localOf(address)));
    for (const local of locals) add(index.local, local, i, 0);
    const employeeId = user.employeeId?.trim();
    if (employeeId) add(index.employeeId, employeeIdKey(employeeId), i, Source.EmployeeId);
    for (const [name, source] of displayNameForms(user)) {
      add(index.displayName, name, i, source);
      if (!alphabetSeen.has(name)) {
        alphabetSeen.add(name);
        for (const ch of name) alphabet.add(ch);
      }
    }
  });
  alphabet.delete(' ');
  index.nameAlphabet = [...alphabet].sort();
  return index;
}

/** Lower-case smtp proxy addresses (sip:, x500: and the like are not names a photographer uses). */
export function smtpAddresses(user: GraphUser): string[] {
  const out: string[] = [];
  someSmtp(user, (address) => void out.push(address));
  return out;
}

/** Does any smtp proxy address pass `test`? (No array built: this runs for every candidate of every lookup.) */
function someSmtp(user: GraphUser, test: (address: string) => boolean | void): boolean {
  const proxies = user.proxyAddresses;
  if (!proxies) return false;
  for (const proxy of proxies) {
    if (proxy.length > 5 && proxy.slice(0, 5).toLowerCase() === 'smtp:' && test(proxy.slice(5).toLowerCase()))
      return true;
  }
  return false;
}

/** Users whose UPN, mail or an smtp proxy address is `address`, with the strongest of the three. */
export function lookupAddress(index: DirectoryIndex, address: string, into = new Map<number, Source>()) {
  return verified(index, localOf(address), into, (u) => {
    if (u.userPrincipalName.toLowerCase() === address) return Source.Upn;
    if (u.mail?.toLowerCase() === address) return Source.Mail;
    return someSmtp(u, (a) => a === address) ? Source.Proxy : null;
  });
}

/** Users whose UPN or mail local part is `local` (any domain). */
export function lookupLocalPart(index: DirectoryIndex, local: string, into = new Map<number, Source>()) {
  return verified(index, local, into, (u) => {
    if (localOf(u.userPrincipalName.toLowerCase()) === local) return Source.Upn;
    return u.mail && localOf(u.mail.toLowerCase()) === local ? Source.Mail : null;
  });
}

/** Users whose mailNickname or an smtp proxy local part is `alias`. */
export function lookupAlias(index: DirectoryIndex, alias: string, into = new Map<number, Source>()) {
  return verified(index, alias, into, (u) => {
    if (u.mailNickname?.toLowerCase() === alias) return Source.MailNickname;
    return someSmtp(u, (a) => localOf(a) === alias) ? Source.ProxyLocal : null;
  });
}

function verified(
  index: DirectoryIndex,
  local: string,
  into: Map<number, Source>,
  check: (user: GraphUser) => Source | null,
): Map<number, Source> {
  for (const [user] of lookup(index.local, local)) {
    const u = index.users[user];
    const source = u ? check(u) : null;
    if (source === null) continue;
    const seen = into.get(user);
    if (seen === undefined || source < seen) into.set(user, source);
  }
  return into;
}

export function employeeIdKey(value: string): string {
  return /^\d+$/.test(value) ? `n:${normaliseNumericId(value)}` : `s:${value.toLowerCase()}`;
}

/** The display-name keys of a user: the whole name, the name without "(Sales)"-style notes, given + surname. */
export function displayNameForms(user: GraphUser): [string, Source][] {
  const forms: [string, Source][] = [];
  const push = (text: string, source: Source) => {
    const key = foldDisplayName(text);
    if (key.includes(' ') && !forms.some(([k]) => k === key)) forms.push([key, source]);
  };
  const name = user.displayName;
  if (name) {
    push(name, Source.DisplayName);
    if (/[([]/.test(name)) push(name.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '), Source.DisplayName);
  }
  if (user.givenName && user.surname) {
    const full = `${user.givenName} ${user.surname}`;
    if (full !== name) push(full, Source.GivenSurname);
  }
  return forms;
}

/**
 * The word orders in which a user's name matches a file name exactly (folded, see foldNameOrders): the display
 * name as written (both orders when it is "Last, First"), the same without notes, and given name + surname unless
 * those are only the display name's words reordered ("Wang Wei" with given name Wei): composing "Wei Wang" would
 * be the guess about name order that matching never makes.
 */
export function displayNameOrders(user: GraphUser): Map<string, Source> {
  const orders = new Map<string, Source>();
  const name = user.displayName;
  const shown: string[] = [];
  if (name) {
    shown.push(name);
    if (/[([]/.test(name)) shown.push(name.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '));
  }
  for (const text of shown) {
    for (const order of foldNameOrders(text)) if (!orders.has(order)) orders.set(order, Source.DisplayName);
  }
  if (user.givenName && user.surname) {
    const full = `${user.givenName} ${user.surname}`;
    const words = foldDisplayName(full);
    if (!shown.some((text) => foldDisplayName(text) === words)) {
      for (const order of foldNameOrders(full))
        if (!orders.has(order)) orders.set(order, Source.GivenSurname);
    }
  }
  return orders;
}

export interface DisplayNameHits {
  /** Users holding one of the file's word orders, with the strongest source. */
  inOrder: Map<number, Source>;
  /** Users holding the same words only in another order: at most a suggestion. */
  reordered: Map<number, Source>;
  /** In-order users reached only through the swap of "Last, First". */
  swapped: Set<number>;
}

/**
 * Users behind a sorted display-name key, split by whether the word order agrees with one of `orders` (as written
 * first, then the "Last, First" swap). The swap is refused for a user whose surname and given name say otherwise:
 * "Wei, Wang" names a surname Wei, so it is not "Wang Wei" with given name Wei.
 */
export function lookupDisplayName(
  index: DirectoryIndex,
  key: string,
  orders: readonly string[],
  lastFirst: readonly [string, string] | null = null,
): DisplayNameHits {
  const hits: DisplayNameHits = { inOrder: new Map(), reordered: new Map(), swapped: new Set() };
  for (const [user, source] of lookup(index.displayName, key)) {
    const u = index.users[user];
    if (!u) continue;
    // The usual case, the display name exactly as the file writes it, is the best possible hit: skip the rest.
    if (u.displayName && foldText(u.displayName) === orders[0]) {
      hits.inOrder.set(user, Source.DisplayName);
      continue;
    }
    const held = displayNameOrders(u);
    const written = orders[0] === undefined ? undefined : held.get(orders[0]);
    let swap = orders
      .slice(1)
      .reduce<Source | undefined>((best, o) => minSource(best, held.get(o)), undefined);
    if (swap !== undefined && lastFirst && u.givenName && u.surname) {
      const fits = foldText(u.surname) === lastFirst[0] && foldText(u.givenName) === lastFirst[1];
      if (!fits) swap = undefined;
    }
    const best = minSource(written, swap);
    if (best === undefined) hits.reordered.set(user, source);
    else {
      hits.inOrder.set(user, best);
      if (written === undefined) hits.swapped.add(user);
    }
  }
  return hits;
}

function minSource(a: Source | undefined, b: Source | undefined): Source | undefined {
  return a === undefined || (b !== undefined && b < a) ? b : a;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function localOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at);
}

function normaliseDomains(domains: string[]): string[] {
  return [...new Set(domains.map((d) => d.trim().replace(/^@/, '').toLowerCase()).filter(Boolean))];
}

/** Adds a posting; a user already holding the key keeps its strongest source. */
function add(map: PostingMap, key: string, user: number, source: Source): void {
  if (key === '') return;
  const packed = user * 16 + source;
  const existing = map.get(key);
  if (existing === undefined) {
    map.set(key, packed);
  } else if (typeof existing === 'number') {
    if (Math.floor(existing / 16) === user) map.set(key, Math.min(existing, packed));
    else map.set(key, [existing, packed]);
  } else {
    const last = existing[existing.length - 1] ?? -1;
    if (Math.floor(last / 16) === user) existing[existing.length - 1] = Math.min(last, packed);
    else existing.push(packed);
  }
}

/** The users behind a key with each user's strongest source, in directory order. */
export function lookup(
  map: PostingMap,
  key: string,
  into: Map<number, Source> = new Map(),
): Map<number, Source> {
  const posting = map.get(key);
  if (posting === undefined) return into;
  for (const packed of typeof posting === 'number' ? [posting] : posting) {
    const user = Math.floor(packed / 16);
    const source = (packed % 16) as Source;
    const seen = into.get(user);
    if (seen === undefined || source < seen) into.set(user, source);
  }
  return into;
}
