/**
 * Graph user reads: /users (with $select, $top, $filter, $search, $orderby, $count and absolute nextLinks),
 * /users/$count, /users/{id | userPrincipalName}, /users/delta (also in its function forms, and with
 * `$deltatoken=latest`). System query option names are case-insensitive. (learn.microsoft.com: "List users",
 * "Get user", "user: delta", "Use delta query to track changes in Microsoft Graph data", "Paging Microsoft Graph
 * data in your app", "Use query parameters to customize responses", "Advanced query capabilities on Microsoft
 * Entra ID objects"; OData 4.01 URL Conventions 5.1.)
 */
import { jsonResponse, header, type EmuRequest, type EmuResponse } from './http-util';
import { ODataError, parseUserFilter, USER_PROPERTIES } from './odata-filter';
import type { TenantStore } from './store';
import type { EmulatorUser } from './types';

/** What Graph returns for a user when there is no $select. */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
/** A scalar property as lower-case text ('' when absent or not a scalar). */
function textOf(user: EmulatorUser, prop: string): string {
  const value = (user as unknown as Record<string, unknown>)[prop];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value).toLowerCase()
    : '';
}

const ARRAY_PROPERTIES = new Set(['businessPhones', 'proxyAddresses', 'otherMails', 'assignedLicenses']);
const DEFAULT_PAGE_SIZE = 100;
const DELTA_PAGE_SIZE = 200;
const SEARCHABLE = ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname', 'mailNickname'];

/**
 * The delta function's path segment in each form Graph accepts: `delta`, the call form `delta()` that Microsoft's
 * generated (Kiota) SDKs send, and the qualified `microsoft.graph.delta` the overview says `/delta` shortens.
 */
export function isDeltaFunction(segment: string): boolean {
  return /^(microsoft\.graph\.)?delta(\(\))?$/.test(segment);
}

/**
 * The request with its system query option names ($-prefixed) in lower case: OData 4.01 services "MUST support
 * case-insensitive system query option names", and Graph's own docs and links mix `$deltaToken`/`$deltatoken` and
 * `$skipToken`/`$skiptoken`. The same option twice is a 400 (OData Protocol 11.2.6: it "MUST NOT be specified
 * more than once"; the wording is the emulator's).
 */
export function withCanonicalQuery(req: EmuRequest): EmuRequest {
  const query = new URLSearchParams();
  for (const [name, value] of req.query) {
    const canonical = name.startsWith('$') ? name.toLowerCase() : name;
    if (canonical.startsWith('$') && query.has(canonical)) {
      throw new ODataError(
        400,
        'Request_BadRequest',
        `Query option '${canonical}' was specified more than once, it must be specified at most once.`,
      );
    }
    query.append(canonical, value);
  }
  return { ...req, query };
}

export function parseSelect(query: URLSearchParams): string[] {
  const raw = query.get('$select');
  if (raw === null || raw.trim() === '') return DEFAULT_USER_PROPERTIES;
  const out: string[] = [];
  for (const name of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const canonical = [...USER_PROPERTIES].find((p) => p.toLowerCase() === name.toLowerCase());
    if (!canonical) {
      throw new ODataError(
        400,
        'Request_BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
      );
    }
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

export function project(user: EmulatorUser, select: string[]): Record<string, unknown> {
  const source = user as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const prop of select) {
    const value = source[prop];
    out[prop] = value === undefined ? (ARRAY_PROPERTIES.has(prop) ? [] : null) : value;
  }
  return out;
}

export function contextUrl(
  graphRoot: string,
  entity: string,
  select: string[],
  query: URLSearchParams,
): string {
  return query.has('$select')
    ? `${graphRoot}v1.0/$metadata#${entity}(${select.join(',')})`
    : `${graphRoot}v1.0/$metadata#${entity}`;
}

export function isEventual(req: EmuRequest): boolean {
  return (header(req, 'consistencylevel') ?? '').toLowerCase() === 'eventual';
}

export function parseTop(query: URLSearchParams, fallback: number): number {
  const raw = query.get('$top');
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw new ODataError(
      400,
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${raw}'. Must be between 1 and 999 inclusive.`,
    );
  }
  return top;
}

/** $search="displayName:jo" AND "mail:contoso": tokenised prefix match, as directory search does. */
export function parseSearch<T = EmulatorUser>(
  raw: string,
  searchable: string[] = SEARCHABLE,
): (item: T) => boolean {
  const clauses = raw.split(/\s+(AND|OR)\s+/);
  const terms: { prop: string; value: string }[] = [];
  const joins: string[] = [];
  for (const [i, part] of clauses.entries()) {
    if (i % 2 === 1) {
      joins.push(part);
      continue;
    }
    const m = /^"([^":]+):([^"]*)"$/.exec(part.trim());
    if (!m)
      throw new ODataError(
        400,
        'Request_UnsupportedQuery',
        `Syntax error: character '${part.trim()[0] ?? ''}' is not valid at position 0 in '${raw}'.`,
      );
    const prop = searchable.find((p) => p.toLowerCase() === m[1]!.toLowerCase());
    if (!prop)
      throw new ODataError(400, 'Request_UnsupportedQuery', `Unsupported property '${m[1]}' in $search.`);
    terms.push({ prop, value: m[2]!.toLowerCase() });
  }
  const matches = (item: T, t: { prop: string; value: string }) => {
    const text = textOf(item as unknown as EmulatorUser, t.prop);
    return text.startsWith(t.value) || text.split(/[\s.@_-]+/).some((word) => word.startsWith(t.value));
  };
  return (item) => {
    let result = matches(item, terms[0]!);
    for (let i = 1; i < terms.length; i++) {
      result =
        joins[i - 1] === 'OR' ? result || matches(item, terms[i]!) : result && matches(item, terms[i]!);
    }
    return result;
  };
}

const ORDERABLE_DEFAULT = new Set(['displayName', 'userPrincipalName']);

export interface Cursor {
  o: number;
  /** The first page was admitted as an advanced query: later pages need not repeat the header. */
  a?: 1;
}

export function encodeSkipToken(cursor: Cursor): string {
  return `RFNwdAIA${Buffer.from(JSON.stringify(cursor)).toString('base64url')}`;
}

export function decodeSkipToken(token: string): Cursor {
  try {
    if (!token.startsWith('RFNwdAIA')) throw new Error('prefix');
    const cursor = JSON.parse(Buffer.from(token.slice(8), 'base64url').toString('utf8')) as Cursor;
    if (!Number.isInteger(cursor.o) || cursor.o < 0) throw new Error('offset');
    return cursor;
  } catch {
    throw new ODataError(
      400,
      'Request_BadRequest',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  }
}

/**
 * Rebuilds this request's URL with a new $skiptoken (or $deltatoken), keeping the caller's other options
 * (`req` has canonical option names).
 */
export function linkWith(
  graphRoot: string,
  path: string,
  req: EmuRequest,
  name: string,
  value: string,
): string {
  const params = new URLSearchParams(req.query);
  params.delete('$skiptoken');
  params.delete('$deltatoken');
  params.set(name, value);
  // Graph's links keep $ and , readable; URLSearchParams would escape them.
  const query = params
    .toString()
    .replace(/%24/g, '$')
    .replace(/%2C/g, ',')
    .replace(/%28/g, '(')
    .replace(/%29/g, ')');
  return `${graphRoot}v1.0${path}?${query}`;
}

/**
 * What Graph answers when a directory query needs its advanced mode (the `ConsistencyLevel: eventual` header, and
 * `$count=true` for advanced filters) and the request lacks it: "Advanced query capabilities on Microsoft Entra
 * ID objects" (learn.microsoft.com). Shared by /users and /groups.
 */
export function checkAdvancedQuery(q: {
  advanced: readonly string[];
  search: string | null;
  eventual: boolean;
  countRequested: boolean;
}): void {
  if (q.advanced.length > 0 && !(q.eventual && q.countRequested)) {
    const what = q.advanced[0] === 'null' ? "Filtering on 'null' values" : `Operator '${q.advanced[0]}'`;
    throw new ODataError(
      400,
      'Request_UnsupportedQuery',
      `${what} is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
    );
  }
  if (q.search !== null && !q.eventual) {
    throw new ODataError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  }
  if (q.countRequested && !q.eventual) {
    throw new ODataError(400, 'Request_BadRequest', '$count is not currently supported.');
  }
}

export class UserQueries {
  private cache = new Map<string, { version: number; users: EmulatorUser[] }>();

  constructor(
    private store: TenantStore,
    private graphRoot: () => string,
  ) {}

  /** The filtered/searched/ordered result list, cached per query while the tenant is unchanged. */
  private resolve(
    req: EmuRequest,
    admitted = false,
  ): { users: EmulatorUser[]; countRequested: boolean; advanced: boolean } {
    const q = req.query;
    const filter = q.get('$filter');
    const search = q.get('$search');
    const orderby = q.get('$orderby');
    const countParam = q.get('$count');
    const countRequested = countParam?.toLowerCase() === 'true';
    // A nextLink of an admitted advanced query carries that in its $skiptoken (the Graph client's PageIterator
    // does not resend request headers when it follows nextLinks).
    const eventual = admitted || isEventual(req);

    const parsed = filter !== null ? parseUserFilter(filter) : null;
    checkAdvancedQuery({ advanced: parsed?.advanced ?? [], search, eventual, countRequested });
    let order: { prop: string; desc: boolean } | null = null;
    if (orderby) {
      const [propName = '', dir = 'asc'] = orderby.trim().split(/\s+/);
      const prop = [...USER_PROPERTIES].find((p) => p.toLowerCase() === propName.toLowerCase());
      if (!prop)
        throw new ODataError(
          400,
          'Request_BadRequest',
          `Could not find a property named '${propName}' on type 'microsoft.graph.user'.`,
        );
      if (!ORDERABLE_DEFAULT.has(prop) && !(eventual && countRequested)) {
        throw new ODataError(
          400,
          'Request_UnsupportedQuery',
          `Sorting on '${prop}' is not supported because the 'ConsistencyLevel:eventual' header is missing.`,
        );
      }
      if (filter !== null && !(eventual && countRequested)) {
        throw new ODataError(
          400,
          'Request_UnsupportedQuery',
          'Sorting and filtering together is only supported as an advanced query.',
        );
      }
      order = { prop, desc: dir.toLowerCase() === 'desc' };
    }

    const advanced = eventual && (countRequested || search !== null || (parsed?.advanced.length ?? 0) > 0);
    const key = `${filter}\u0000${search}\u0000${orderby}`;
    if (!filter && !search && !order) return { users: this.store.users, countRequested, advanced };
    const cached = this.cache.get(key);
    if (cached && cached.version === this.store.version)
      return { users: cached.users, countRequested, advanced };
    let users = this.store.users;
    if (parsed) users = users.filter(parsed.test);
    if (search !== null) users = users.filter(parseSearch(search.replace(/^"(.*)"$/s, '"$1"')));
    if (order) {
      const { prop, desc } = order;
      const value = (u: EmulatorUser) => textOf(u, prop);
      users = [...users].sort(
        (a, b) => (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0) * (desc ? -1 : 1),
      );
    }
    if (this.cache.size > 32) this.cache.clear();
    this.cache.set(key, { version: this.store.version, users });
    return { users, countRequested, advanced };
  }

  list(request: EmuRequest): EmuResponse {
    const req = withCanonicalQuery(request);
    const select = parseSelect(req.query);
    const top = parseTop(req.query, DEFAULT_PAGE_SIZE);
    const token = req.query.get('$skiptoken');
    const cursor = token ? decodeSkipToken(token) : { o: 0 };
    const offset = cursor.o;
    const { users, countRequested, advanced } = this.resolve(req, cursor.a === 1);
    const page = users.slice(offset, offset + top);
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(this.graphRoot(), 'users', select, req.query),
    };
    if (countRequested) body['@odata.count'] = users.length;
    if (offset + top < users.length) {
      body['@odata.nextLink'] = linkWith(
        this.graphRoot(),
        '/users',
        req,
        '$skiptoken',
        encodeSkipToken(advanced ? { o: offset + top, a: 1 } : { o: offset + top }),
      );
    }
    body.value = page.map((u) => project(u, select));
    return jsonResponse(200, body);
  }

  count(request: EmuRequest): EmuResponse {
    const req = withCanonicalQuery(request);
    if (!isEventual(req))
      throw new ODataError(400, 'Request_BadRequest', '$count is not currently supported.');
    const withCount = new URLSearchParams(req.query);
    withCount.set('$count', 'true');
    const { users } = this.resolve({ ...req, query: withCount });
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: String(users.length),
    };
  }

  get(request: EmuRequest, user: EmulatorUser): EmuResponse {
    const req = withCanonicalQuery(request);
    const select = parseSelect(req.query);
    return jsonResponse(200, {
      '@odata.context': `${contextUrl(this.graphRoot(), 'users', select, req.query)}/$entity`,
      ...project(user, select),
    });
  }

  /**
   * /users/delta: the first round pages through every user (nextLink with $skiptoken), the last page carries a
   * deltaLink; calling the deltaLink returns users changed since, and removed users as `@removed`.
   * `$deltatoken=latest` ("sync from now") returns no users and a deltaLink for the tenant as it is now.
   */
  delta(request: EmuRequest): EmuResponse {
    const req = withCanonicalQuery(request);
    const select = parseSelect(req.query);
    const skip = req.query.get('$skiptoken');
    const deltaToken = req.query.get('$deltatoken');
    if (!skip && deltaToken === 'latest') {
      return jsonResponse(200, {
        '@odata.context': contextUrl(this.graphRoot(), 'users', select, req.query),
        '@odata.deltaLink': linkWith(
          this.graphRoot(),
          '/users/delta',
          req,
          '$deltatoken',
          encodeDeltaToken({ since: 0, o: 0, seq: this.store.seq }),
        ),
        value: [],
      });
    }
    let since = 0;
    let offset = 0;
    let snapshotSeq = this.store.seq;
    if (skip) {
      const cursor = decodeDeltaToken(skip);
      since = cursor.since;
      offset = cursor.o;
      snapshotSeq = cursor.seq;
    } else if (deltaToken) {
      since = decodeDeltaToken(deltaToken).seq;
    }
    const changes =
      since === 0 ? { users: this.store.users, removed: [] as string[] } : this.store.changesSince(since);
    const items: Record<string, unknown>[] = [];
    const all = [
      ...changes.users.map((u) => ({ user: u })),
      ...changes.removed.map((id) => ({ removedId: id })),
    ];
    for (const entry of all.slice(offset, offset + DELTA_PAGE_SIZE)) {
      if ('user' in entry) items.push({ ...project(entry.user, select), id: entry.user.id });
      else
        items.push({
          '@odata.type': '#microsoft.graph.user',
          id: entry.removedId,
          '@removed': { reason: 'changed' },
        });
    }
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(this.graphRoot(), 'users', select, req.query),
    };
    if (offset + DELTA_PAGE_SIZE < all.length) {
      body['@odata.nextLink'] = linkWith(
        this.graphRoot(),
        '/users/delta',
        req,
        '$skiptoken',
        encodeDeltaToken({ since, o: offset + DELTA_PAGE_SIZE, seq: snapshotSeq }),
      );
    } else {
      body['@odata.deltaLink'] = linkWith(
        this.graphRoot(),
        '/users/delta',
        req,
        '$deltatoken',
        encodeDeltaToken({ since: 0, o: 0, seq: snapshotSeq }),
      );
    }
    body.value = items;
    return jsonResponse(200, body);
  }
}

interface DeltaCursor {
  since: number;
  o: number;
  seq: number;
}

function encodeDeltaToken(cursor: DeltaCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeDeltaToken(token: string): DeltaCursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaCursor;
    if (![cursor.since, cursor.o, cursor.seq].every((n) => Number.isInteger(n) && n >= 0))
      throw new Error('cursor');
    return cursor;
  } catch {
    throw new ODataError(400, 'Request_BadRequest', 'Badly formed token.');
  }
}
