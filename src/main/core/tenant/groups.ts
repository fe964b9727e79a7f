/**
 * Groups and managers, read from Microsoft Graph for the inventory, removals and scoped uploads: find a group by
 * name or id, every user in it (transitive: nested groups count), and the manager of many users through $batch.
 * Every request goes through a RequestScheduler (the caller's, or a fresh one), which owns Retry-After and
 * retries; a throttled $batch item is retried by the scheduler after the Retry-After that item carried.
 * Sources: docs/emulator.md, "Groups, managers, licences and read throttling (issue 13)".
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { RequestFailedError, RequestScheduler } from '../runs/scheduler';
import { GROUP_READ_PERMISSION } from './clouds';
import { GraphRequestError, parseRetryAfter } from './graph-errors';

export const groupRefSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable().catch(null),
  mail: z.string().nullable().catch(null),
});
export type GroupRef = z.infer<typeof groupRefSchema>;

export const managerRefSchema = z.object({
  id: z.string(),
  displayName: z.string().nullable().catch(null),
  userPrincipalName: z.string().nullable().catch(null),
});
export type ManagerRef = z.infer<typeof managerRefSchema>;

export class GroupLookupError extends Error {
  override name = 'GroupLookupError';
  constructor(
    readonly kind: 'not-found' | 'ambiguous' | 'not-permitted',
    message: string,
    /** The groups that matched (several, for 'ambiguous'). */
    readonly matches: GroupRef[] = [],
  ) {
    super(message);
  }
}

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BATCH_SIZE = 20;
const GROUP_SELECT = 'id,displayName,mail';
const MANAGER_SELECT = 'id,displayName,userPrincipalName';
/** The scheduler's per-mailbox limit is meaningless for directory reads: each request gets its own key. */
let requestKey = 0;
const directoryKey = () => `directory:${++requestKey}`;

interface Page {
  value?: unknown[];
  '@odata.nextLink'?: string;
}

/** OData string literal: single quotes doubled; the Graph client sends query text as given, so encode it. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function read<T>(scheduler: RequestScheduler, fn: () => Promise<T>): Promise<T> {
  return scheduler.run(directoryKey(), 'read', fn).then((r) => r.value);
}

async function allPages(
  client: Client,
  scheduler: RequestScheduler,
  first: string,
  onPage?: (n: number) => void,
) {
  const items: unknown[] = [];
  let next: string | undefined = first;
  while (next) {
    const url: string = next;
    const page = await read(scheduler, () => client.api(url).get() as Promise<Page>);
    items.push(...(page.value ?? []));
    onPage?.(items.length);
    next = page['@odata.nextLink'];
  }
  return items;
}

/**
 * The groups a name or id means. An object id is looked up directly (none if no such group); a name matches
 * displayName exactly, ignoring case (Graph's `eq` on displayName is case-insensitive).
 */
export async function findGroups(
  client: Client,
  nameOrId: string,
  scheduler: RequestScheduler = new RequestScheduler(),
): Promise<GroupRef[]> {
  const key = nameOrId.trim();
  if (!key) return [];
  if (OBJECT_ID.test(key)) {
    try {
      const group = await read(
        scheduler,
        () => client.api(`/groups/${key}`).select(GROUP_SELECT).get() as Promise<unknown>,
      );
      return [groupRefSchema.parse(group)];
    } catch (error) {
      if (error instanceof RequestFailedError && error.failure.status === 404) return [];
      throw error;
    }
  }
  const filter = encodeURIComponent(`displayName eq ${odataString(key)}`);
  const items = await allPages(
    client,
    scheduler,
    `/groups?$filter=${filter}&$select=${GROUP_SELECT}&$top=999`,
  );
  return items
    .map((item) => groupRefSchema.parse(item))
    .filter((g) => (g.displayName ?? '').toLowerCase() === key.toLowerCase());
}

function describe(group: GroupRef): string {
  return `${group.displayName ?? '(no name)'} (id ${group.id}${group.mail ? `, ${group.mail}` : ', no email address'})`;
}

/** The one group a name or id means; a GroupLookupError says when there is none, or several. */
export async function resolveGroup(
  client: Client,
  nameOrId: string,
  scheduler?: RequestScheduler,
): Promise<GroupRef> {
  const matches = await findGroups(client, nameOrId, scheduler);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new GroupLookupError(
      'not-found',
      OBJECT_ID.test(nameOrId.trim())
        ? `No group with id ${nameOrId.trim()} in the directory.`
        : `No group named '${nameOrId.trim()}' in the directory.`,
    );
  }
  throw new GroupLookupError(
    'ambiguous',
    `${matches.length} groups are named '${nameOrId.trim()}': ${matches.map(describe).join('; ')}. ` +
      'Pass the id of the one you mean instead of its name.',
    matches,
  );
}

/** The object ids of every user in a group, through nested groups, reading all pages (999 a page). */
export async function transitiveUserIds(
  client: Client,
  groupId: string,
  onProgress?: (usersSoFar: number) => void,
  scheduler: RequestScheduler = new RequestScheduler(),
): Promise<Set<string>> {
  const items = await allPages(
    client,
    scheduler,
    `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`,
    onProgress,
  );
  return new Set(items.map((item) => z.object({ id: z.string() }).parse(item).id));
}

interface BatchResponse {
  responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[];
}

function itemError(status: number, body: unknown, retryAfter?: string): GraphRequestError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new GraphRequestError(
    status,
    error?.code ?? `HTTP${status}`,
    error?.message ?? `HTTP ${status}`,
    parseRetryAfter(retryAfter),
  );
}

export interface ManagersOptions {
  /** The caller's scheduler (shared with the rest of the job); default: a fresh one. */
  scheduler?: RequestScheduler;
  /** Users whose manager is known so far, of all. */
  onProgress?: (done: number, total: number) => void;
  /** An item that failed for good (not 404, not throttled): the user is left out of the result. */
  onItemError?: (userId: string, error: GraphRequestError) => void;
}

/**
 * The manager of each user (null: none), through $batch of 20 `GET /users/{id}/manager`. A 404 item means no
 * manager. Throttled (429) or failing (5xx) items make that batch's attempt fail with the longest Retry-After
 * they carried, so the scheduler waits it out and sends only the items still unanswered. A 403 (the app may not
 * read managers) stops the whole read.
 */
export async function managersOf(
  client: Client,
  userIds: Iterable<string>,
  options: ManagersOptions = {},
): Promise<Map<string, ManagerRef | null>> {
  const ids = [...new Set(userIds)];
  const scheduler = options.scheduler ?? new RequestScheduler();
  const result = new Map<string, ManagerRef | null>();
  const failed = new Set<string>();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BATCH_SIZE) chunks.push(ids.slice(i, i + BATCH_SIZE));
  await Promise.all(
    chunks.map((chunk) =>
      read(scheduler, async () => {
        const pending = chunk.filter((id) => !result.has(id) && !failed.has(id));
        if (pending.length === 0) return;
        const response = (await client.api('/$batch').post({
          requests: pending.map((id, i) => ({
            id: String(i),
            method: 'GET',
            url: `/users/${encodeURIComponent(id)}/manager?$select=${MANAGER_SELECT}`,
          })),
        })) as BatchResponse;
        let retry: GraphRequestError | null = null;
        for (const item of response.responses ?? []) {
          const userId = pending[Number(item.id)];
          if (userId === undefined) continue;
          if (item.status === 200) {
            result.set(userId, managerRefSchema.parse(item.body));
          } else if (item.status === 404) {
            result.set(userId, null);
          } else {
            const error = itemError(
              item.status,
              item.body,
              item.headers?.['Retry-After'] ?? item.headers?.['retry-after'],
            );
            if (error.status === 403) throw error;
            if (error.retryable) {
              if (!retry || (error.retryAfterMs ?? 0) > (retry.retryAfterMs ?? 0)) retry = error;
            } else {
              failed.add(userId);
              options.onItemError?.(userId, error);
            }
          }
        }
        options.onProgress?.(result.size, ids.length);
        if (retry) throw retry;
      }),
    ),
  );
  return result;
}

/**
 * A group (by id or exact name) and its users, nested groups included: what the People screen's group filter,
 * group-scoped uploads and the CLI's --group all need. A group read the tenant does not allow (no consent to
 * GroupMember.Read.All, or a 403) is a GroupLookupError 'not-permitted' with what to do.
 */
export async function groupMembers(
  client: Client,
  nameOrId: string,
  scheduler?: RequestScheduler,
): Promise<{ group: GroupRef; userIds: Set<string> }> {
  try {
    const group = await resolveGroup(client, nameOrId, scheduler);
    const userIds = await transitiveUserIds(client, group.id, undefined, scheduler);
    return { group, userIds };
  } catch (error) {
    const denied = permissionProblem(error);
    if (denied) throw new GroupLookupError('not-permitted', denied);
    throw error;
  }
}

/** The sentence for a refused group read, or null when `error` is something else. */
function permissionProblem(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const failure = e instanceof RequestFailedError ? e.failure : e;
    // The token for group reads could not be had: its message says what to add (auth-session.ts).
    if (failure instanceof Error && 'code' in failure && failure.code === 'group-consent')
      return failure.message;
    if (failure instanceof GraphRequestError && failure.status === 403)
      return `Microsoft 365 refused to list the group's members (403 ${failure.code}). Headshot needs the ${GROUP_READ_PERMISSION} permission for groups: an administrator adds it to Headshot's app registration and grants admin consent.`;
    e = e instanceof Error ? e.cause : null;
  }
  return null;
}
