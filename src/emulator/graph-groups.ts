/**
 * Graph group reads and the manager relationship: GET /groups ($filter, $search, $select, $top, $count, paging),
 * /groups/{id}, /groups/{id}/members and /transitiveMembers (with the OData casts microsoft.graph.user and
 * microsoft.graph.group), and /users/{id}/manager. Sources and dates: docs/emulator.md, "Groups, managers, licences
 * and read throttling (issue 13)".
 */
import { jsonResponse, type EmuRequest, type EmuResponse } from './http-util';
import {
  checkAdvancedQuery,
  contextUrl,
  decodeSkipToken,
  DEFAULT_USER_PROPERTIES,
  encodeSkipToken,
  isEventual,
  linkWith,
  parseSearch,
  parseSelect,
  parseTop,
  project,
  withCanonicalQuery,
} from './graph-users';
import { ODataError, parseFilter, USER_PROPERTIES, type FilterEntity, type Op } from './odata-filter';
import type { TenantStore } from './store';
import type { EmulatorGroup, EmulatorUser } from './types';

const STRING_OPS: Op[] = ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith', 'null'];
/** Supported $filter operators per group property (the group resource's "Supports $filter" notes). */
const GROUP_FILTER_SUPPORT: Record<string, Op[]> = {
  id: ['eq', 'ne', 'not', 'in'],
  displayName: STRING_OPS,
  description: ['eq', 'ne', 'not', 'ge', 'le', 'startswith'],
  mail: [...STRING_OPS, 'endswith'],
  mailNickname: STRING_OPS,
  mailEnabled: ['eq', 'ne', 'not'],
  securityEnabled: ['eq', 'ne', 'not', 'in'],
  groupTypes: ['eq', 'not', 'any'],
};
export const GROUP_PROPERTIES = new Set([...Object.keys(GROUP_FILTER_SUPPORT), 'visibility']);
const GROUP_ENTITY: FilterEntity = {
  type: 'group',
  resource: 'Group',
  support: GROUP_FILTER_SUPPORT,
  properties: GROUP_PROPERTIES,
};
/** What Graph returns for a group without $select (the subset Headshot's callers see). */
const DEFAULT_GROUP_PROPERTIES = [
  'id',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'securityEnabled',
];
const GROUP_SEARCHABLE = ['displayName', 'description', 'mail', 'mailNickname'];
const DEFAULT_PAGE_SIZE = 100;
const USER_TYPE = '#microsoft.graph.user';
const GROUP_TYPE = '#microsoft.graph.group';

export type MemberCast = 'user' | 'group' | null;

function notFound(key: string): ODataError {
  return new ODataError(
    404,
    'Request_ResourceNotFound',
    `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

/** $select names for one type, canonical; unknown ones are a 400 naming the type, as Graph answers. */
function selectFrom(raw: string | null, known: Set<string>, fallback: string[], type: string): string[] {
  if (raw === null || raw.trim() === '') return fallback;
  const out: string[] = [];
  for (const name of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const canonical = [...known].find((p) => p.toLowerCase() === name.toLowerCase());
    if (!canonical) {
      throw new ODataError(
        400,
        'Request_BadRequest',
        `Could not find a property named '${name}' on type 'microsoft.graph.${type}'.`,
      );
    }
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

function projectGroup(group: EmulatorGroup, select: string[]): Record<string, unknown> {
  const source = group as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const prop of select) {
    const value = source[prop];
    out[prop] = value === undefined ? (prop === 'groupTypes' ? [] : null) : value;
  }
  return out;
}

/** The OData cast segment after members/transitiveMembers: user, group, another type (400), or none. */
export function memberCast(segment: string | undefined): MemberCast | 'unsupported' {
  if (segment === undefined) return null;
  const name = segment.toLowerCase();
  if (name === 'microsoft.graph.user') return 'user';
  if (name === 'microsoft.graph.group') return 'group';
  return 'unsupported';
}

export class GroupQueries {
  constructor(
    private store: TenantStore,
    private graphRoot: () => string,
  ) {}

  list(request: EmuRequest): EmuResponse {
    const req = withCanonicalQuery(request);
    const q = req.query;
    const select = selectFrom(q.get('$select'), GROUP_PROPERTIES, DEFAULT_GROUP_PROPERTIES, 'group');
    const top = parseTop(q, DEFAULT_PAGE_SIZE);
    const token = q.get('$skiptoken');
    const cursor = token ? decodeSkipToken(token) : { o: 0 };
    const eventual = cursor.a === 1 || isEventual(req);
    const countRequested = q.get('$count')?.toLowerCase() === 'true';
    const filter = q.get('$filter');
    const search = q.get('$search');
    const parsed = filter !== null ? parseFilter<EmulatorGroup>(filter, GROUP_ENTITY) : null;
    checkAdvancedQuery({ advanced: parsed?.advanced ?? [], search, eventual, countRequested });
    let groups = this.store.groups;
    if (parsed) groups = groups.filter(parsed.test);
    if (search !== null) groups = groups.filter(parseSearch<EmulatorGroup>(search, GROUP_SEARCHABLE));
    const advanced = eventual && (countRequested || search !== null || (parsed?.advanced.length ?? 0) > 0);
    const page = groups.slice(cursor.o, cursor.o + top);
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(this.graphRoot(), 'groups', select, q),
    };
    if (countRequested) body['@odata.count'] = groups.length;
    if (cursor.o + top < groups.length) {
      body['@odata.nextLink'] = linkWith(
        this.graphRoot(),
        '/groups',
        req,
        '$skiptoken',
        encodeSkipToken(advanced ? { o: cursor.o + top, a: 1 } : { o: cursor.o + top }),
      );
    }
    body.value = page.map((g) => projectGroup(g, select));
    return jsonResponse(200, body);
  }

  get(request: EmuRequest, id: string): EmuResponse {
    const group = this.store.findGroup(id);
    if (!group) throw notFound(id);
    const req = withCanonicalQuery(request);
    const select = selectFrom(req.query.get('$select'), GROUP_PROPERTIES, DEFAULT_GROUP_PROPERTIES, 'group');
    return jsonResponse(200, {
      '@odata.context': `${contextUrl(this.graphRoot(), 'groups', select, req.query)}/$entity`,
      ...projectGroup(group, select),
    });
  }

  /**
   * Direct or transitive members. `canReadUsers`: without a user-read permission, user members come back with
   * only @odata.type and id (the "limited information" Graph gives for a derived type the app may not read).
   */
  members(
    request: EmuRequest,
    groupId: string,
    opts: { transitive: boolean; cast: MemberCast; canReadUsers: boolean },
  ): EmuResponse {
    const group = this.store.findGroup(groupId);
    if (!group) throw notFound(groupId);
    const req = withCanonicalQuery(request);
    const q = req.query;
    const countRequested = q.get('$count')?.toLowerCase() === 'true';
    const eventual = isEventual(req);
    if (q.has('$filter') || q.has('$search') || q.has('$orderby')) {
      throw new ODataError(
        400,
        'Request_UnsupportedQuery',
        'The Headshot demo tenant supports $select, $top and $count on group members, not $filter, $search or $orderby.',
      );
    }
    if (countRequested && !eventual) {
      throw new ODataError(400, 'Request_BadRequest', '$count is not currently supported.');
    }
    // The group cast on transitiveMembers needs an advanced query; the user cast works without one.
    if (opts.transitive && opts.cast === 'group' && !(eventual && countRequested)) {
      throw new ODataError(400, 'Request_UnsupportedQuery', 'Invalid search request.');
    }
    const rawSelect = q.get('$select');
    const userSelect =
      opts.cast === 'group'
        ? []
        : opts.cast === 'user'
          ? parseSelect(q)
          : selectFrom(
              rawSelect,
              new Set([...USER_PROPERTIES, ...GROUP_PROPERTIES]),
              DEFAULT_USER_PROPERTIES,
              'directoryObject',
            ).filter((p) => USER_PROPERTIES.has(p));
    const groupSelect =
      opts.cast === 'user'
        ? []
        : selectFrom(
            rawSelect,
            opts.cast === 'group' ? GROUP_PROPERTIES : new Set([...USER_PROPERTIES, ...GROUP_PROPERTIES]),
            DEFAULT_GROUP_PROPERTIES,
            opts.cast === 'group' ? 'group' : 'directoryObject',
          ).filter((p) => GROUP_PROPERTIES.has(p));
    const top = parseTop(q, DEFAULT_PAGE_SIZE);
    const token = q.get('$skiptoken');
    const cursor = token ? decodeSkipToken(token) : { o: 0 };

    const all = opts.transitive
      ? this.store.transitiveMembers(group.id)
      : group.members.flatMap((id) => {
          const object = this.store.directoryObject(id);
          return object ? [object] : [];
        });
    const items = all.filter((m) =>
      opts.cast === 'user' ? 'user' in m : opts.cast === 'group' ? 'group' in m : true,
    );
    const page = items.slice(cursor.o, cursor.o + top);
    const entity = opts.cast === 'user' ? 'users' : opts.cast === 'group' ? 'groups' : 'directoryObjects';
    const selected = opts.cast === 'group' ? groupSelect : userSelect;
    const body: Record<string, unknown> = {
      '@odata.context': contextUrl(this.graphRoot(), entity, selected, q),
    };
    if (countRequested) body['@odata.count'] = items.length;
    if (cursor.o + top < items.length) {
      const segment = opts.transitive ? 'transitiveMembers' : 'members';
      const cast = opts.cast ? `/microsoft.graph.${opts.cast}` : '';
      body['@odata.nextLink'] = linkWith(
        this.graphRoot(),
        `/groups/${group.id}/${segment}${cast}`,
        req,
        '$skiptoken',
        encodeSkipToken({ o: cursor.o + top }),
      );
    }
    body.value = page.map((m) =>
      'user' in m
        ? opts.canReadUsers
          ? { '@odata.type': USER_TYPE, ...project(m.user, userSelect) }
          : { '@odata.type': USER_TYPE, id: m.user.id }
        : { '@odata.type': GROUP_TYPE, ...projectGroup(m.group, groupSelect) },
    );
    return jsonResponse(200, body);
  }

  /** GET /users/{id}/manager: the manager as a directoryObject; 404 when the user has none. */
  manager(request: EmuRequest, user: EmulatorUser): EmuResponse {
    const manager = user.managerId ? this.store.find(user.managerId) : undefined;
    if (!manager) throw notFound('manager');
    const req = withCanonicalQuery(request);
    const select = parseSelect(req.query);
    return jsonResponse(200, {
      '@odata.context': `${contextUrl(this.graphRoot(), 'directoryObjects', select, req.query)}/$entity`,
      '@odata.type': USER_TYPE,
      ...project(manager, select),
    });
  }
}
