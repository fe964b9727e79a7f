/**
 * Lookup tables over a directory of Graph users, one per identifier strength. Every user is indexed, guests and
 * disabled accounts too, so the matcher can say "this file would match only a guest" instead of silently
 * matching someone else. Postings are packed numbers (user index * 16 + source) to keep 100,000 users small.
 */
import type { GraphUser, MatchMethod } from '../../shared/domain';
import { normaliseNumericId } from './extract-identifiers';
import { foldDisplayName } from './fold-name';

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
  /** Full addresses: UPN, mail, smtp proxyAddresses. */
  address: PostingMap;
  /** Local parts of UPN and mail, for bare names when no domain is known. */
  localPart: PostingMap;
  /** "n:<digits without leading zeros>" for numeric IDs, "s:<lower case>" for the others. */
  employeeId: PostingMap;
  /** mailNickname and the local parts of smtp proxyAddresses. */
  alias: PostingMap;
  /** Folded display names (and given name + surname). */
  displayName: PostingMap;
  /** Lower-case object id -> user index, for mapping rows that give the id. */
  byId: Map<string, number>;
  /** Characters used by display-name keys: the alphabet fuzzy suggestions substitute from. */
  nameAlphabet: string[];
}

export interface BuildIndexOptions {
  /** The tenant's verified domains (the CLI adds --domain values when matching). */
  domains?: string[];
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
    address: new Map(),
    localPart: new Map(),
    employeeId: new Map(),
    alias: new Map(),
    displayName: new Map(),
    byId: new Map(),
    nameAlphabet: [],
  };
  const alphabet = new Set<string>();
  users.forEach((user, i) => {
    index.byId.set(user.id.toLowerCase(), i);
    const upn = user.userPrincipalName.toLowerCase();
    add(index.address, upn, i, Source.Upn);
    add(index.localPart, localOf(upn), i, Source.Upn);
    const mail = user.mail?.toLowerCase();
    if (mail) {
      add(index.address, mail, i, Source.Mail);
      add(index.localPart, localOf(mail), i, Source.Mail);
    }
    for (const proxy of user.proxyAddresses ?? []) {
      // Only smtp addresses are mail identities (sip:, x500: and the like are not names a photographer uses).
      if (!/^smtp:/i.test(proxy)) continue;
      const address = proxy.slice(5).toLowerCase();
      add(index.address, address, i, Source.Proxy);
      add(index.alias, localOf(address), i, Source.ProxyLocal);
    }
    if (user.mailNickname) add(index.alias, user.mailNickname.toLowerCase(), i, Source.MailNickname);
    const employeeId = user.employeeId?.trim();
    if (employeeId) add(index.employeeId, employeeIdKey(employeeId), i, Source.EmployeeId);
    for (const [name, source] of displayNameForms(user)) {
      add(index.displayName, name, i, source);
      for (const ch of name) alphabet.add(ch);
    }
  });
  alphabet.delete(' ');
  index.nameAlphabet = [...alphabet].sort();
  return index;
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
  if (user.displayName) {
    push(user.displayName, Source.DisplayName);
    push(user.displayName.replace(/\([^)]*\)|\[[^\]]*\]/g, ' '), Source.DisplayName);
  }
  if (user.givenName && user.surname) push(`${user.givenName} ${user.surname}`, Source.GivenSurname);
  return forms;
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
