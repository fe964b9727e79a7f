/**
 * The live directory: every user with only the fields Headshot needs ($select=GRAPH_USER_SELECT, $top=999,
 * following the absolute @odata.nextLink), cached on disk per tenant and refreshed with /users/delta.
 *
 * First load: ask for a delta baseline ($deltatoken=latest; where a service lacks it, walk /users/delta once),
 * then page /users. Later loads: follow the stored deltaLink and merge changes (@removed drops the user).
 * A failed delta (expired token: 410 / SyncStateNotFound) falls back to a full reload.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { DirectorySource } from '../library/load-directory-file';
import { GRAPH_USER_SELECT, graphUserSchema, type GraphUser } from '../../../shared/domain';
import { toGraphRequestError } from './graph-errors';

export interface DirectoryCache {
  version: 1;
  tenantId: string;
  savedAt: string;
  deltaLink: string | null;
  users: GraphUser[];
}

export interface LoadDirectoryOptions {
  client: Client;
  tenantId: string;
  /** Directory for the cache file (per tenant); no caching when absent. */
  cacheDir?: string;
  /** Ignore the cache and reload everything. */
  refresh?: 'auto' | 'full';
  /** What an earlier load in this process returned: brought up to date with one delta round, no disk read. */
  previous?: Pick<LoadedDirectory, 'users' | 'deltaLink'>;
  onProgress?: (loaded: number) => void;
}

export interface LoadedDirectory {
  users: GraphUser[];
  source: 'full' | 'delta';
  savedAt: string;
  /** Where the next delta round starts; null when the service offers no delta. */
  deltaLink: string | null;
}

const SELECT = GRAPH_USER_SELECT.join(',');

interface Page {
  value?: Record<string, unknown>[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

export async function loadLiveDirectory(options: LoadDirectoryOptions): Promise<LoadedDirectory> {
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, 'directory.json') : null;
  const cached =
    options.refresh === 'full'
      ? null
      : (options.previous ?? (cacheFile ? await readCache(cacheFile, options.tenantId) : null));
  let result: { users: GraphUser[]; deltaLink: string | null; source: 'full' | 'delta' };
  if (cached?.deltaLink) {
    try {
      const merged = await applyDelta(options.client, cached.users, cached.deltaLink);
      result = { ...merged, source: 'delta' };
    } catch {
      result = { ...(await fullLoad(options)), source: 'full' };
    }
  } else {
    result = { ...(await fullLoad(options)), source: 'full' };
  }
  const savedAt = new Date().toISOString();
  if (cacheFile) {
    await fs.mkdir(path.dirname(cacheFile), { recursive: true });
    const data: DirectoryCache = {
      version: 1,
      tenantId: options.tenantId,
      savedAt,
      deltaLink: result.deltaLink,
      users: result.users,
    };
    const tmp = `${cacheFile}.tmp-${process.pid}`;
    await fs.writeFile(tmp, JSON.stringify(data));
    await fs.rename(tmp, cacheFile);
  }
  return { users: result.users, source: result.source, savedAt, deltaLink: result.deltaLink };
}

async function readCache(file: string, tenantId: string): Promise<DirectoryCache | null> {
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as DirectoryCache;
    return data.version === 1 && data.tenantId === tenantId && Array.isArray(data.users) ? data : null;
  } catch {
    return null;
  }
}

async function get(client: Client, url: string): Promise<Page> {
  try {
    return (await client.api(url).get()) as Page;
  } catch (error) {
    throw toGraphRequestError(error);
  }
}

/** A user Graph sent that fails the schema stops the load: dropping it could make an ambiguous name look unique. */
function toUser(raw: Record<string, unknown>): GraphUser {
  const parsed = graphUserSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Graph returned a user Headshot cannot read (id ${String(raw.id)}).`);
  return parsed.data;
}

async function fullLoad(
  options: LoadDirectoryOptions,
): Promise<{ users: GraphUser[]; deltaLink: string | null }> {
  const { client } = options;
  // Baseline first, so changes made while /users is paged show up in the next delta (merging is idempotent).
  let deltaLink: string | null;
  try {
    deltaLink =
      (await get(client, `/users/delta?$select=${SELECT}&$deltatoken=latest`))['@odata.deltaLink'] ?? null;
  } catch {
    deltaLink = null;
  }
  if (!deltaLink) {
    // The service has no "latest" token: one full delta walk gives both the users and the baseline.
    let walk: Awaited<ReturnType<typeof walkDelta>> | null;
    try {
      walk = await walkDelta(client, `/users/delta?$select=${SELECT}`, new Map(), options.onProgress);
    } catch {
      walk = null; // no delta support: a plain listing, reloaded in full next time
    }
    if (walk) return { users: [...walk.users.values()], deltaLink: walk.deltaLink };
  }
  const users: GraphUser[] = [];
  let next: string | undefined = `/users?$select=${SELECT}&$top=999`;
  while (next) {
    const page = await get(client, next);
    for (const raw of page.value ?? []) users.push(toUser(raw));
    options.onProgress?.(users.length);
    next = page['@odata.nextLink'];
  }
  return { users, deltaLink };
}

async function walkDelta(
  client: Client,
  start: string,
  users: Map<string, GraphUser>,
  onProgress?: (n: number) => void,
): Promise<{ users: Map<string, GraphUser>; deltaLink: string }> {
  let next: string | undefined = start;
  for (;;) {
    const page = await get(client, next);
    for (const raw of page.value ?? []) {
      const id = typeof raw.id === 'string' ? raw.id : null;
      if (!id) continue;
      if (raw['@removed']) {
        users.delete(id);
        continue;
      }
      // Delta may send only changed properties: merge onto what we had.
      users.set(id, toUser({ ...(users.get(id) ?? {}), ...raw }));
    }
    onProgress?.(users.size);
    if (page['@odata.deltaLink']) return { users, deltaLink: page['@odata.deltaLink'] };
    next = page['@odata.nextLink'];
    if (!next) throw new Error('Delta response had neither nextLink nor deltaLink.');
  }
}

async function applyDelta(
  client: Client,
  users: GraphUser[],
  deltaLink: string,
): Promise<{ users: GraphUser[]; deltaLink: string }> {
  const byId = new Map(users.map((u) => [u.id, u]));
  const walk = await walkDelta(client, deltaLink, byId);
  return { users: [...walk.users.values()], deltaLink: walk.deltaLink };
}

/**
 * The tenant's verified domains (for matching bare local parts): /domains or /organization where the caller may
 * read them, else derived from member UPNs (never from guests' #EXT# UPNs).
 */
export async function loadVerifiedDomains(client: Client, users: readonly GraphUser[]): Promise<string[]> {
  try {
    const page = (await client.api('/domains?$select=id,isVerified').get()) as {
      value?: { id?: string; isVerified?: boolean }[];
    };
    const domains = (page.value ?? [])
      .filter((d) => d.isVerified !== false && d.id)
      .map((d) => d.id!.toLowerCase());
    if (domains.length > 0) return [...new Set(domains)].sort();
  } catch {
    // 403/404: try the organization object, then the directory itself
  }
  try {
    const page = (await client.api('/organization?$select=verifiedDomains').get()) as {
      value?: { verifiedDomains?: { name?: string }[] }[];
    };
    const domains = (page.value?.[0]?.verifiedDomains ?? [])
      .map((d) => d.name?.toLowerCase())
      .filter((d): d is string => !!d);
    if (domains.length > 0) return [...new Set(domains)].sort();
  } catch {
    // not offered: derive below
  }
  return domainsFromUsers(users);
}

/** Domains of member UPNs, most used first (never guests' #EXT# UPNs): the last resort for the domain list. */
export function domainsFromUsers(users: readonly GraphUser[]): string[] {
  const counts = new Map<string, number>();
  for (const u of users) {
    if (u.userPrincipalName.includes('#EXT#') || u.userType === 'Guest') continue;
    const at = u.userPrincipalName.lastIndexOf('@');
    if (at > 0) {
      const domain = u.userPrincipalName.slice(at + 1).toLowerCase();
      counts.set(domain, (counts.get(domain) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
}

/** The matcher's DirectorySource over the live tenant (cached per tenant under cacheDir). */
export function liveDirectorySource(
  options: Omit<LoadDirectoryOptions, 'onProgress'> & { label?: string },
): DirectorySource {
  let users: GraphUser[] | null = null;
  return {
    label: options.label ?? `tenant ${options.tenantId}`,
    async loadUsers() {
      users = (await loadLiveDirectory(options)).users;
      return users;
    },
    async verifiedDomains() {
      return loadVerifiedDomains(options.client, users ?? (await loadLiveDirectory(options)).users);
    },
  };
}
