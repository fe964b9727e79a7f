/**
 * One place that wires a tenant connection the way every caller needs it: cloud endpoints, a fetch that trusts
 * the custom CA (if any) for Headshot's own clients only, the MSAL session, the Graph client and photo service.
 */
import {
  createAuthSession,
  type AuthConfig,
  type AuthMode,
  type AuthSession,
  type SignedIn,
} from './auth-session';
import { resolveCloud, type CloudConfigInput, type ResolvedCloud } from './clouds';
import { createGraphClient } from './graph-client';
import { createHttpsFetch } from './https-fetch';
import { createGraphPhotoService, type PhotoService } from './photos';

export interface TenantConnectionOptions
  extends CloudConfigInput, Omit<AuthConfig, 'cloud' | 'fetch' | 'mode'> {
  mode: AuthMode;
  /** Extra CA certificates (PEM) trusted for this connection only. */
  caPem?: string;
}

export interface TenantConnection {
  cloud: ResolvedCloud;
  auth: AuthSession;
  client: ReturnType<typeof createGraphClient>;
  /** For group reads only: its token may also read group members (AuthSession.getGroupReadToken). */
  groupClient: ReturnType<typeof createGraphClient>;
  photos: PhotoService;
  signIn(): Promise<SignedIn>;
  close(): void;
}

export function createTenantConnection(options: TenantConnectionOptions): TenantConnection {
  const { tenant, cloud: cloudName, authority, graphUrl, caPem, mode, ...authRest } = options;
  const cloud = resolveCloud({ tenant, cloud: cloudName, authority, graphUrl });
  const fetchImpl = createHttpsFetch(caPem ? { ca: caPem } : {});
  const auth = createAuthSession({ ...authRest, cloud, mode, fetch: fetchImpl });
  const client = createGraphClient({ cloud, getAccessToken: () => auth.getAccessToken(), fetch: fetchImpl });
  const groupClient = createGraphClient({
    cloud,
    getAccessToken: () => auth.getGroupReadToken(),
    fetch: fetchImpl,
  });
  return {
    cloud,
    auth,
    client,
    groupClient,
    photos: createGraphPhotoService(client),
    signIn: () => auth.signIn(),
    close: () => fetchImpl.close(),
  };
}
