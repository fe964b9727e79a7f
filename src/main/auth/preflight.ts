/**
 * Pre-flight before a run: does the token carry the permissions a photo run needs, and does one photo read work?
 * Problems come back as plain sentences for the admin, not as Graph error codes.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { toGraphRequestError } from '../graph/graph-errors';
import { createGraphPhotoService } from '../graph/photos';
import { REQUIRED_PERMISSIONS } from './clouds';

export interface PreflightProblem {
  code: 'missing-permission' | 'missing-role' | 'photo-read-failed' | 'no-users' | 'token-unreadable';
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

/** Admin roles that may write other users' photos with delegated permissions (template ids in the wids claim). */
export const PHOTO_ADMIN_ROLES: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
};

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
  const has = (p: string) =>
    permissions.some((x) => x.toLowerCase() === p.toLowerCase()) ||
    // ReadWrite.All implies read for users; Directory.* covers users.
    (p === 'User.Read.All' &&
      permissions.some((x) => /^(User\.ReadWrite\.All|Directory\.Read(Write)?\.All)$/i.test(x)));
  const problems: PreflightProblem[] = [];
  for (const p of REQUIRED_PERMISSIONS) {
    if (has(p)) continue;
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
  if (kind === 'delegated' && Array.isArray(claims.wids)) {
    const wids = claims.wids.map(String);
    if (!wids.some((w) => w in PHOTO_ADMIN_ROLES)) {
      problems.push({
        code: 'missing-role',
        severity: 'warning',
        message:
          "Your account does not appear to hold the User Administrator, People Administrator or Global Administrator role. With delegated sign-in, Graph lets only those roles change other people's photos, so uploads may be refused. Ask an administrator to assign you one of them (People Administrator is the narrowest).",
      });
    }
  }
  return { ok: !problems.some((p) => p.severity === 'error'), kind, permissions, problems };
}

/** Claims check + one real photo read (a user with no photo, 404 ImageNotFound, counts as a working read). */
export async function runPreflight(token: string, client: Client): Promise<PreflightResult> {
  const result = checkClaims(readTokenClaims(token));
  if (!result.ok) return result;
  try {
    const page = (await client.api('/users?$select=id&$top=1').get()) as { value?: { id: string }[] };
    const user = page.value?.[0];
    if (!user) {
      result.problems.push({
        code: 'no-users',
        severity: 'warning',
        message: 'The directory returned no users, so there is nobody to upload photos for.',
      });
      return result;
    }
    await createGraphPhotoService(client).getMetadata(user.id);
  } catch (error) {
    const e = toGraphRequestError(error);
    const message =
      e.status === 403
        ? 'Reading a profile photo was refused (403). The permission may be added but not consented: an administrator must "Grant admin consent" for ProfilePhoto.ReadWrite.All and User.Read.All.'
        : e.status === 401
          ? 'Microsoft Graph did not accept the sign-in (401). Sign out and sign in again.'
          : `A test read of one profile photo failed (${e.status || e.code}): ${e.message}`;
    result.problems.push({ code: 'photo-read-failed', severity: 'error', message });
    result.ok = false;
  }
  return result;
}
