/**
 * The tenant's photo update policy: beta `GET /admin/people/photoUpdateSettings`, and the refusal of photo writes
 * that the policy does not allow. Sources and dates: docs/emulator.md, "Quirk profiles" → photo update policy.
 * (learn.microsoft.com: "Get photoUpdateSettings" / "List photoUpdateSettings" (beta), "photoUpdateSettings resource
 * type", "Manage user profile photo settings in Microsoft 365 by using Microsoft Graph".)
 */
import { graphError, jsonResponse, type EmuRequest, type EmuResponse } from './http-util';
import { ROLE_TEMPLATE_IDS } from './identity';
import type { QuirkSettings } from './quirks';

export type PhotoUpdateSettings = NonNullable<QuirkSettings['photoUpdateSettings']>;

/** What a tenant without the quirk answers: cloud photo changes allowed, no role restriction. */
export const DEFAULT_PHOTO_UPDATE_SETTINGS: PhotoUpdateSettings = { source: 'cloud', allowedRoles: [] };

/** The one beta route the demo tenant serves (path after /graph/beta, compared case-insensitively as Graph does). */
export function isPeopleAdminBetaPath(path: string): boolean {
  return /^\/admin\/people\/photoUpdateSettings\/?$/i.test(path);
}

/** The caller facts this module needs (a subset of graph.ts's Caller). */
export interface PolicyCaller {
  /** Delegated user's object id, or null for app-only. */
  userId: string | null;
  /** Lower-case permission names from scp/roles. */
  permissions: Set<string>;
  /** Directory role template ids from the wids claim. */
  roleIds: Set<string>;
}

const READ_SETTINGS = ['peoplesettings.read.all', 'peoplesettings.readwrite.all'];
/**
 * Emulator choice: a delegated read also needs a role holding microsoft.peopleAdmin/organization/allProperties/read
 * ("Microsoft Entra built-in roles": People Administrator; Global Administrator holds everything).
 */
const SETTINGS_READER_ROLES = [
  ROLE_TEMPLATE_IDS['People Administrator']!,
  ROLE_TEMPLATE_IDS['Global Administrator']!,
];

export function photoUpdateSettingsOf(quirks: QuirkSettings | undefined): PhotoUpdateSettings {
  return quirks?.photoUpdateSettings ?? DEFAULT_PHOTO_UPDATE_SETTINGS;
}

/** GET /beta/admin/people/photoUpdateSettings. */
export function photoUpdateSettingsResponse(
  req: EmuRequest,
  caller: PolicyCaller,
  settings: PhotoUpdateSettings,
  graphRoot: string,
  tenantId: string,
): EmuResponse {
  if (req.method.toUpperCase() !== 'GET') {
    return graphError(
      req,
      405,
      'BadRequest',
      `The ${req.method} method is not supported by the Headshot demo tenant on this resource.`,
    );
  }
  const hasPermission = READ_SETTINGS.some((p) => caller.permissions.has(p));
  const hasRole = caller.userId === null || SETTINGS_READER_ROLES.some((r) => caller.roleIds.has(r));
  if (!hasPermission || !hasRole) {
    return graphError(
      req,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  return jsonResponse(200, {
    '@odata.context': `${graphRoot}beta/$metadata#admin/people/photoUpdateSettings/$entity`,
    id: tenantId,
    source: settings.source,
    allowedRoles: [...settings.allowedRoles],
  });
}

/**
 * Does the policy refuse this caller's photo change? source onPremises: every cloud change, "for both admins and
 * users". allowedRoles set (non-empty): only callers holding one of those roles; an empty list restricts nobody.
 * Emulator choice: the role list applies to delegated callers only (an app has no directory roles).
 */
export function photoWriteBlockedBy(settings: PhotoUpdateSettings, caller: PolicyCaller): boolean {
  if (settings.source === 'onPremises') return true;
  if (settings.allowedRoles.length === 0 || caller.userId === null) return false;
  const allowed = new Set(settings.allowedRoles.map((r) => r.trim().toLowerCase()));
  return ![...caller.roleIds].some((r) => allowed.has(r.toLowerCase()));
}

/** Emulator choice (Microsoft's answer is not documented): 403 ErrorAccessDenied naming the policy. */
export function photoPolicyRefusal(req: EmuRequest, settings: PhotoUpdateSettings): EmuResponse {
  return graphError(
    req,
    403,
    'ErrorAccessDenied',
    settings.source === 'onPremises'
      ? "Access is denied. The organization's photo update settings allow profile photo changes on-premises only."
      : "Access is denied. The organization's photo update settings do not allow the caller's roles to change profile photos.",
  );
}

/** The write hook for graph.ts: the refusal when the tenant's policy blocks this caller's photo change, else null. */
export function photoWritePolicyCheck(
  req: EmuRequest,
  caller: PolicyCaller,
  quirks: QuirkSettings | undefined,
): EmuResponse | null {
  const settings = photoUpdateSettingsOf(quirks);
  return photoWriteBlockedBy(settings, caller) ? photoPolicyRefusal(req, settings) : null;
}

/** The facts of the Graph surface the beta route needs (a subset of graph.ts's GraphDeps). */
export interface PeopleAdminDeps<T> {
  quirks?: QuirkSettings;
  graphRoot: () => string;
  tenantId: string;
  throttling: { takeRead(appId: string, units: number): T | null };
}

/**
 * Everything under /graph/beta: the photo update settings, or the error the demo tenant gives every other beta
 * path. Throttled like a single read (cost 1).
 */
export function peopleAdminBetaRoute<T>(
  req: EmuRequest,
  caller: PolicyCaller & { appId: string },
  deps: PeopleAdminDeps<T>,
  throttled: (t: T) => EmuResponse,
): EmuResponse {
  if (!isPeopleAdminBetaPath(req.path)) return betaNotServed(req);
  const read = deps.throttling.takeRead(caller.appId, 1);
  if (read) return throttled(read);
  return photoUpdateSettingsResponse(
    req,
    caller,
    photoUpdateSettingsOf(deps.quirks),
    deps.graphRoot(),
    deps.tenantId,
  );
}

/** The demo tenant's answer for any beta path but the photo update settings (as before beta was served at all). */
export function betaNotServed(req: EmuRequest): EmuResponse {
  return graphError(req, 400, 'BadRequest', 'Invalid version: the Headshot demo tenant serves only v1.0.');
}
