/**
 * National clouds and the custom (emulator / test server) endpoint. Pure data + resolution: no I/O.
 * Scopes are resource-qualified (https://graph.microsoft.us/ProfilePhoto.ReadWrite.All), so a token minted in one
 * cloud is never asked for against another.
 */
import type { Cloud } from '../../../shared/domain';

export interface CloudEndpoints {
  /** Entra authority host, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** Graph root, e.g. https://graph.microsoft.com (no version). */
  graphRoot: string;
}

export const CLOUDS: Record<Exclude<Cloud, 'custom'>, CloudEndpoints> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphRoot: 'https://graph.microsoft.com' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphRoot: 'https://graph.microsoft.us' },
  dod: { authorityHost: 'https://login.microsoftonline.us', graphRoot: 'https://dod-graph.microsoft.us' },
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphRoot: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

/** Least privilege for a photo run: write photos, read the directory to match files to users. */
export const REQUIRED_PERMISSIONS = ['ProfilePhoto.ReadWrite.All', 'User.Read.All'] as const;
/**
 * Only for what reads groups (the People screen's group filter, a group-scoped run): asked for when first used,
 * never at sign-in, so a tenant that has not consented to it still signs in and uploads.
 */
export const GROUP_READ_PERMISSION = 'GroupMember.Read.All';

export interface CloudConfigInput {
  cloud?: Cloud;
  /** Tenant domain (contoso.onmicrosoft.com) or GUID. */
  tenant: string;
  /** Custom authority URL; either the host (tenant appended) or a full authority ending in the tenant. */
  authority?: string;
  /** Custom Graph base URL, e.g. https://127.0.0.1:8443/graph (a trailing /v1.0 is accepted and dropped). */
  graphUrl?: string;
}

export interface ResolvedCloud {
  cloud: Cloud;
  tenant: string;
  /** Full authority URL including the tenant segment. */
  authority: string;
  /** Graph base URL the Graph client takes as `baseUrl` (ends with '/'; version added by the client). */
  graphBaseUrl: string;
  /** Resource identifier used to qualify scopes, e.g. https://graph.microsoft.com */
  graphResource: string;
  /** Set for custom endpoints: MSAL must not do instance discovery against Microsoft. */
  knownAuthorities: string[];
  /** Hosts (no port) the Graph client may attach tokens to besides Microsoft's. */
  customHosts: string[];
  /** Delegated scopes, resource-qualified. */
  delegatedScopes: string[];
  /** The delegated scopes plus GROUP_READ_PERMISSION (for the group reads only). */
  groupScopes: string[];
  /** App-only scope. */
  appScope: string;
}

export class CloudConfigError extends Error {
  override name = 'CloudConfigError';
}

export function resolveCloud(input: CloudConfigInput): ResolvedCloud {
  const tenant = input.tenant.trim();
  if (!tenant) throw new CloudConfigError('A tenant (domain or GUID) is required.');
  if (!/^[A-Za-z0-9.-]+$/.test(tenant))
    throw new CloudConfigError(`'${tenant}' is not a tenant domain or GUID.`);
  const custom = input.cloud === 'custom' || input.authority !== undefined || input.graphUrl !== undefined;
  if (!custom) {
    const cloud = input.cloud ?? 'global';
    const endpoints = CLOUDS[cloud as Exclude<Cloud, 'custom'>];
    return finish(cloud, tenant, `${endpoints.authorityHost}/${tenant}`, endpoints.graphRoot, [], []);
  }
  if (!input.authority || !input.graphUrl) {
    throw new CloudConfigError('A custom endpoint needs both --authority and --graph-url.');
  }
  const authorityUrl = httpsUrl(input.authority, 'authority');
  const graphUrl = httpsUrl(input.graphUrl, 'Graph URL');
  const path = authorityUrl.pathname.replace(/\/+$/, '');
  const authority =
    path && path !== '' ? `${authorityUrl.origin}${path}` : `${authorityUrl.origin}/${tenant}`;
  const graphRoot = `${graphUrl.origin}${graphUrl.pathname.replace(/\/+$/, '').replace(/\/(v1\.0|beta)$/, '')}`;
  return finish('custom', tenant, authority, graphRoot, [authorityUrl.host], [graphUrl.hostname]);
}

function finish(
  cloud: Cloud,
  tenant: string,
  authority: string,
  graphRoot: string,
  knownAuthorities: string[],
  customHosts: string[],
): ResolvedCloud {
  const graphResource = new URL(graphRoot).origin;
  return {
    cloud,
    tenant,
    authority,
    graphBaseUrl: `${graphRoot}/`,
    graphResource,
    knownAuthorities,
    customHosts,
    delegatedScopes: REQUIRED_PERMISSIONS.map((p) => `${graphResource}/${p}`),
    groupScopes: [...REQUIRED_PERMISSIONS, GROUP_READ_PERMISSION].map((p) => `${graphResource}/${p}`),
    appScope: `${graphResource}/.default`,
  };
}

function httpsUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CloudConfigError(`The ${what} '${value}' is not a URL.`);
  }
  // MSAL only accepts https authorities, and the Graph client only attaches tokens to https hosts.
  if (url.protocol !== 'https:')
    throw new CloudConfigError(`The ${what} must use https:// (got '${value}').`);
  return url;
}
