/**
 * Pre-flight before a run: does the token carry the permissions a photo run needs, does the signed-in admin hold a
 * role that may change other people's photos, does the tenant's photo update policy let them, and does one photo
 * read work? Problems come back as plain sentences for the admin, each with its fix, not as Graph error codes.
 * Sources for the roles and the policy: docs/app-registration.md, "4. Roles for people who sign in".
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { toGraphRequestError, type GraphRequestError } from './graph-errors';
import { createGraphPhotoService } from './photos';
import { CancelledError, RequestFailedError, RequestScheduler } from '../runs/scheduler';
import { REQUIRED_PERMISSIONS } from './clouds';

export interface PreflightProblem {
  code:
    | 'missing-permission'
    | 'missing-role'
    | 'photo-read-failed'
    | 'photo-read-busy'
    | 'no-users'
    | 'token-unreadable'
    | 'photo-policy-on-premises'
    | 'photo-policy-roles';
  message: string;
  /** Blocking problems stop a run; warnings are shown and the run may go on. */
  severity: 'error' | 'warning';
}

export interface PreflightResult {
  ok: boolean;
  kind: 'delegated' | 'app-only';
  permissions: string[];
  problems: PreflightProblem[];
}

/**
 * Built-in Entra roles that may write other users' photos with delegated permissions, by role template id (the
 * wids claim). "Microsoft Entra built-in roles" (learn.microsoft.com, entra-docs, Jan 2026): these hold
 * microsoft.directory/users/photo/update, microsoft.people/users/photo/update (People Administrator) or every user
 * property (Global Administrator). The emulator's PHOTO_ADMIN_ROLE_IDS (src/emulator/identity.ts) must agree.
 */
export const PHOTO_ADMIN_ROLES: Record<string, string> = {
  '024906de-61e5-49c8-8572-40335f1e0e10': 'People Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  '9360feb5-f418-4baa-8175-e2a00bac4301': 'Directory Writers',
  '3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
  '4ba39ca4-527c-499a-b93d-d9b492c50246': 'Partner Tier1 Support',
  'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8': 'Partner Tier2 Support',
};

/** Permissions that let Headshot read the photo update settings. Headshot does not ask for them (least privilege). */
const POLICY_READ_PERMISSIONS = ['PeopleSettings.Read.All', 'PeopleSettings.ReadWrite.All'];
const ROLES_PLACE = 'In the Microsoft Entra admin center, under Roles & admins';
const POLICY_PLACE =
  'The photo update settings have no page in the admin centers yet: a People Administrator or Global Administrator changes them with Microsoft Graph PowerShell (Update-MgBetaAdminPeoplePhotoUpdateSetting). A change can take up to 24 hours to reach Microsoft 365.';

/** The tenant's photo update policy (beta admin/people/photoUpdateSettings), as far as pre-flight needs it. */
export interface PhotoUpdatePolicy {
  /** 'cloud', 'onPremises', or a value Microsoft adds later. */
  source: string;
  /** Role template ids; empty means no role restriction. */
  allowedRoles: string[];
}

/** Decodes a JWT's payload without verifying it (Graph verifies; we only read what was granted). */
export function readTokenClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function roleName(id: string): string {
  return PHOTO_ADMIN_ROLES[id.trim().toLowerCase()] ?? `the role with id ${id.trim()}`;
}

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The directory role template ids in the wids claim; null when the claim is absent (nothing to judge by). */
function roleIdsOf(claims: Record<string, unknown>): string[] | null {
  return Array.isArray(claims.wids) ? claims.wids.map((w) => String(w).toLowerCase()) : null;
}

function hasPermission(permissions: string[], p: string): boolean {
  return (
    permissions.some((x) => x.toLowerCase() === p.toLowerCase()) ||
    // ReadWrite.All implies read for users; Directory.* covers users.
    (p === 'User.Read.All' &&
      permissions.some((x) => /^(User\.ReadWrite\.All|Directory\.Read(Write)?\.All)$/i.test(x)))
  );
}

/** Pure: what the claims say about a photo run. */
export function checkClaims(claims: Record<string, unknown> | null): PreflightResult {
  if (!claims) {
    return {
      ok: false,
      kind: 'delegated',
      permissions: [],
      problems: [
        {
          code: 'token-unreadable',
          severity: 'error',
          message: 'The access token could not be read. Sign out and sign in again.',
        },
      ],
    };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const scp = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  const kind = scp.length === 0 && (roles.length > 0 || claims.idtyp === 'app') ? 'app-only' : 'delegated';
  const permissions = kind === 'app-only' ? roles : scp;
  const problems: PreflightProblem[] = [];
  for (const p of REQUIRED_PERMISSIONS) {
    if (hasPermission(permissions, p)) continue;
    const why =
      p === 'ProfilePhoto.ReadWrite.All'
        ? 'to change profile photos'
        : 'to read the directory and match photos to people';
    problems.push({
      code: 'missing-permission',
      severity: 'error',
      message:
        kind === 'app-only'
          ? `The app has no ${p} application permission, which it needs ${why}. In Entra ID > App registrations > API permissions, add Microsoft Graph > Application permissions > ${p}, then "Grant admin consent".`
          : `Your sign-in has no ${p} permission, which Headshot needs ${why}. In Entra ID > App registrations > API permissions, add Microsoft Graph > Delegated permissions > ${p}, and have an administrator "Grant admin consent".`,
    });
  }
  const wids = roleIdsOf(claims);
  if (kind === 'delegated' && wids && !wids.some((w) => w in PHOTO_ADMIN_ROLES)) {
    problems.push({
      code: 'missing-role',
      severity: 'warning',
      message: `Your account does not appear to hold a role that may change other people's photos (People Administrator, User Administrator or Global Administrator), so Microsoft 365 may refuse the uploads. ${ROLES_PLACE}, an administrator can assign you one of them; People Administrator is the narrowest.`,
    });
  }
  return { ok: !problems.some((p) => p.severity === 'error'), kind, permissions, problems };
}

/** Reads Graph's photoUpdateSettings body; tolerant of what the docs show (allowedRoles as {} or null, a list). */
export function parsePhotoUpdatePolicy(body: unknown): PhotoUpdatePolicy | null {
  const b = body as Record<string, unknown> | null;
  const entity = (Array.isArray(b?.value) ? (b.value as unknown[])[0] : b) as Record<string, unknown> | null;
  if (!entity || typeof entity.source !== 'string') return null;
  const roles = Array.isArray(entity.allowedRoles)
    ? entity.allowedRoles.map((r) => String(r).trim()).filter(Boolean)
    : [];
  return { source: entity.source, allowedRoles: roles };
}

/** Pure: what the tenant's photo update policy means for this sign-in. Warnings only: Graph has the last word. */
export function checkPhotoPolicy(
  policy: PhotoUpdatePolicy,
  claims: Record<string, unknown>,
  kind: PreflightResult['kind'],
): PreflightProblem[] {
  if (policy.source.toLowerCase() === 'onpremises') {
    return [
      {
        code: 'photo-policy-on-premises',
        severity: 'warning',
        message: `Your organization's photo update settings say profile photos are managed on-premises, so Microsoft 365 refuses photo changes made in the cloud, Headshot's included, and every upload will fail. Either change the photos in your on-premises Active Directory (they sync to Microsoft 365), or switch the photo update settings to cloud. ${POLICY_PLACE}`,
      },
    ];
  }
  const wids = roleIdsOf(claims);
  // The role list is for people signing in; whether it also binds an app is not documented, so say nothing.
  if (kind !== 'delegated' || policy.allowedRoles.length === 0 || !wids) return [];
  const allowed = policy.allowedRoles.map((r) => r.toLowerCase());
  if (wids.some((w) => allowed.includes(w))) return [];
  return [
    {
      code: 'photo-policy-roles',
      severity: 'warning',
      message: `Your organization's photo update settings let only ${listOf(allowed.map(roleName))} change profile photos, and your account holds none of these roles, so Microsoft 365 will refuse the uploads. ${ROLES_PLACE}, an administrator can assign you one of them; or the allowed roles can be extended to one of yours. ${POLICY_PLACE}`,
    },
  ];
}

export interface PreflightOptions {
  /** Longest single wait (Retry-After or backoff) the pre-flight accepts before it stops retrying. */
  maxWaitMs?: number;
  /** Tries per read for 429 and for 5xx/network errors (each). */
  attempts?: number;
  backoffBaseMs?: number;
}

type ReadOutcome<T> = { ok: true; value: T } | { ok: false; error: GraphRequestError };

/**
 * One read, retried the way the upload retries (the run's RequestScheduler: Retry-After honoured, decimals
 * included, backoff with jitter when it is absent), but bounded: a wait longer than maxWaitMs ends the retries.
 */
async function readWithRetry<T>(fn: () => Promise<T>, options: PreflightOptions): Promise<ReadOutcome<T>> {
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const attempts = options.attempts ?? 4;
  let last: GraphRequestError | null = null;
  const scheduler: RequestScheduler = new RequestScheduler({
    maxConcurrency: 1,
    maxThrottledAttempts: attempts,
    maxFaultAttempts: attempts,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffMaxMs: maxWaitMs,
    onThrottle: (info) => {
      if ((info.retryAfterMs ?? info.waitMs) > maxWaitMs) scheduler.cancel();
    },
  });
  try {
    const { value } = await scheduler.run('preflight', 'read', async () => {
      try {
        return await fn();
      } catch (error) {
        last = toGraphRequestError(error);
        throw last;
      }
    });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RequestFailedError) return { ok: false, error: error.failure };
    if (error instanceof CancelledError && last) return { ok: false, error: last };
    return { ok: false, error: toGraphRequestError(error) };
  }
}

/** The photo update policy, or null when it cannot be read (permission not granted, refused, not available). */
async function readPhotoUpdatePolicy(
  client: Client,
  permissions: string[],
  options: PreflightOptions,
): Promise<PhotoUpdatePolicy | null> {
  if (!POLICY_READ_PERMISSIONS.some((p) => hasPermission(permissions, p))) return null;
  const read = await readWithRetry(
    () => client.api('/admin/people/photoUpdateSettings').version('beta').get() as Promise<unknown>,
    options,
  );
  return read.ok ? parsePhotoUpdatePolicy(read.value) : null;
}

function photoReadProblem(e: GraphRequestError): PreflightProblem {
  if (e.retryable) {
    // Busy or unreachable, not a refusal: the upload retries the same way, for longer.
    return {
      code: 'photo-read-busy',
      severity: 'warning',
      message:
        e.status === 0
          ? `Microsoft Graph could not be reached for a test read (${e.code}). Check the network connection; the upload retries on its own, but may fail if Graph stays out of reach.`
          : `Microsoft Graph is busy (HTTP ${e.status}) and a test read of one profile photo did not get through in time. The upload waits and retries on its own, so it may go slower than usual.`,
    };
  }
  const message =
    e.status === 403
      ? 'Reading a profile photo was refused (403). The permission may be added but not consented: an administrator must "Grant admin consent" for ProfilePhoto.ReadWrite.All and User.Read.All.'
      : e.status === 401
        ? 'Microsoft Graph did not accept the sign-in (401). Sign out and sign in again.'
        : `A test read of one profile photo failed (${e.status || e.code}): ${e.message}`;
  return { code: 'photo-read-failed', severity: 'error', message };
}

/** Claims check + the photo update policy (when readable) + one real photo read (no photo counts as working). */
export async function runPreflight(
  token: string,
  client: Client,
  options: PreflightOptions = {},
): Promise<PreflightResult> {
  const claims = readTokenClaims(token);
  const result = checkClaims(claims);
  if (!result.ok || !claims) return result;
  const policy = await readPhotoUpdatePolicy(client, result.permissions, options);
  if (policy) result.problems.push(...checkPhotoPolicy(policy, claims, result.kind));

  const page = await readWithRetry(
    () => client.api('/users?$select=id&$top=1').get() as Promise<{ value?: { id: string }[] }>,
    options,
  );
  let read: ReadOutcome<unknown> = page;
  if (page.ok) {
    const user = page.value.value?.[0];
    if (!user) {
      result.problems.push({
        code: 'no-users',
        severity: 'warning',
        message: 'The directory returned no users, so there is nobody to upload photos for.',
      });
      return result;
    }
    const photos = createGraphPhotoService(client);
    read = await readWithRetry(() => photos.getMetadata(user.id), options);
  }
  if (!read.ok) {
    const problem = photoReadProblem(read.error);
    result.problems.push(problem);
    if (problem.severity === 'error') result.ok = false;
  }
  return result;
}
