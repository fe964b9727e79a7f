/**
 * The live directory for the app: every user with only the fields matching needs ($select), paged with $top=999
 * and the absolute @odata.nextLink, plus the tenant's domains to match local parts against.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { GRAPH_USER_SELECT, graphUserSchema, type GraphUser } from '../../shared/domain';

interface Page {
  value?: unknown[];
  '@odata.nextLink'?: string;
}

export async function loadDirectory(
  client: Client,
  options: { signal?: AbortSignal; onPage?: (loaded: number) => void } = {},
): Promise<GraphUser[]> {
  const users: GraphUser[] = [];
  let page = (await client.api('/users').select(GRAPH_USER_SELECT.join(',')).top(999).get()) as Page;
  for (;;) {
    for (const raw of page.value ?? []) {
      const parsed = graphUserSchema.safeParse(raw);
      if (parsed.success) users.push(parsed.data);
    }
    options.onPage?.(users.length);
    const next = page['@odata.nextLink'];
    if (!next) return users;
    if (options.signal?.aborted) throw options.signal.reason;
    page = (await client.api(next).get()) as Page;
  }
}

/** Domains of member UPNs, most used first: the fallback when the tenant's domain list cannot be read. */
export function domainsFromUsers(users: readonly GraphUser[]): string[] {
  const counts = new Map<string, number>();
  for (const u of users) {
    if (u.userPrincipalName.includes('#EXT#') || u.userType === 'Guest') continue;
    const domain = u.userPrincipalName.split('@')[1]?.toLowerCase();
    if (domain) counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([d]) => d);
}

/** The tenant's verified domains (GET /domains needs Domain.Read.All, which Headshot does not ask for). */
export async function verifiedDomains(client: Client, users: readonly GraphUser[]): Promise<string[]> {
  try {
    const body = (await client.api('/domains').select('id,isVerified').get()) as {
      value?: { id?: string; isVerified?: boolean }[];
    };
    const verified = (body.value ?? []).filter((d) => d.isVerified && d.id).map((d) => d.id!.toLowerCase());
    if (verified.length > 0) return verified;
  } catch {
    // Without Domain.Read.All (least privilege) the list comes from the users' UPNs instead.
  }
  return domainsFromUsers(users);
}
