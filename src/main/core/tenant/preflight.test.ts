/** Pre-flight: claims → problems, photo update policy → warnings, and the test read under throttling and refusal. */
import { PHOTO_ADMIN_ROLE_IDS } from '../../../emulator/identity';
import {
  graphErrorBody,
  scriptedGraph,
  unsignedToken,
  type ScriptedResponse,
} from '../../../../test/fakes/scripted-graph';
import {
  checkClaims,
  checkPhotoPolicy,
  parsePhotoUpdatePolicy,
  PHOTO_ADMIN_ROLES,
  runPreflight,
} from './preflight';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const USER_ADMIN = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const PEOPLE_ADMIN = '024906de-61e5-49c8-8572-40335f1e0e10';
const HELPDESK_ADMIN = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const DELEGATED = 'ProfilePhoto.ReadWrite.All User.Read.All';

const delegated = (wids: string[] | undefined, scp = DELEGATED) => ({ scp, ...(wids ? { wids } : {}) });
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('checkClaims', () => {
  it('every built-in role that may change other people’s photos passes, People Administrator included', () => {
    expect(PHOTO_ADMIN_ROLES[PEOPLE_ADMIN]).toBe('People Administrator');
    for (const id of Object.keys(PHOTO_ADMIN_ROLES)) {
      expect(checkClaims(delegated([HELPDESK_ADMIN, id]))).toMatchObject({ ok: true, problems: [] });
    }
    // Template ids in another case still match (GUIDs are case-insensitive).
    expect(checkClaims(delegated([PEOPLE_ADMIN.toUpperCase()])).problems).toEqual([]);
  });

  it('the emulator’s list of photo admin roles is the same list', () => {
    expect([...PHOTO_ADMIN_ROLE_IDS].sort()).toEqual(Object.keys(PHOTO_ADMIN_ROLES).sort());
  });

  it('a delegated admin without such a role gets a warning naming the roles and where to assign them', () => {
    const r = checkClaims(delegated([HELPDESK_ADMIN]));
    expect(r.ok).toBe(true);
    expect(codes(r.problems)).toEqual(['missing-role']);
    expect(r.problems[0]!.message).toMatch(/People Administrator.*Roles & admins/);
    // No wids claim at all: nothing to judge by, so no warning.
    expect(checkClaims(delegated(undefined)).problems).toEqual([]);
  });

  it('missing permissions block, with the place to add them; app-only is judged by roles, not wids', () => {
    const r = checkClaims(delegated([USER_ADMIN], 'User.Read.All'));
    expect(r).toMatchObject({ ok: false, kind: 'delegated' });
    expect(r.problems[0]!.message).toMatch(/ProfilePhoto\.ReadWrite\.All.*Grant admin consent/);
    expect(
      checkClaims({ idtyp: 'app', roles: ['ProfilePhoto.ReadWrite.All', 'Directory.Read.All'] }),
    ).toMatchObject({ ok: true, kind: 'app-only', problems: [] });
    expect(checkClaims(null)).toMatchObject({ ok: false, problems: [{ code: 'token-unreadable' }] });
  });
});

describe('the photo update policy', () => {
  it('reads the shapes Microsoft documents: allowedRoles as a list, {} or null, ids with stray spaces, a collection', () => {
    expect(parsePhotoUpdatePolicy({ source: 'cloud', allowedRoles: {} })).toEqual({
      source: 'cloud',
      allowedRoles: [],
    });
    expect(parsePhotoUpdatePolicy({ source: 'cloud', allowedRoles: [` ${USER_ADMIN}`] })).toEqual({
      source: 'cloud',
      allowedRoles: [USER_ADMIN],
    });
    expect(parsePhotoUpdatePolicy({ value: [{ source: 'onPremises', allowedRoles: null }] })).toEqual({
      source: 'onPremises',
      allowedRoles: [],
    });
    expect(parsePhotoUpdatePolicy({ allowedRoles: [] })).toBeNull();
    expect(parsePhotoUpdatePolicy(null)).toBeNull();
  });

  it('onPremises: a warning for people and apps alike that names both fixes', () => {
    for (const [claims, kind] of [
      [delegated([GLOBAL_ADMIN]), 'delegated'],
      [{ idtyp: 'app', roles: [] }, 'app-only'],
    ] as const) {
      const problems = checkPhotoPolicy({ source: 'onPremises', allowedRoles: [] }, claims, kind);
      expect(problems).toEqual([
        expect.objectContaining({ code: 'photo-policy-on-premises', severity: 'warning' }),
      ]);
      expect(problems[0]!.message).toMatch(
        /on-premises Active Directory.*switch the photo update settings to cloud/,
      );
      expect(problems[0]!.message).toMatch(/Update-MgBetaAdminPeoplePhotoUpdateSetting/);
    }
  });

  it('allowed roles: a warning naming the allowed roles when the admin holds none of them', () => {
    const policy = { source: 'cloud', allowedRoles: [GLOBAL_ADMIN, USER_ADMIN] };
    const problems = checkPhotoPolicy(policy, delegated([PEOPLE_ADMIN]), 'delegated');
    expect(codes(problems)).toEqual(['photo-policy-roles']);
    expect(problems[0]!.message).toMatch(/only Global Administrator or User Administrator change/);
    expect(problems[0]!.message).toMatch(/Roles & admins/);
    expect(checkPhotoPolicy(policy, delegated([USER_ADMIN.toUpperCase()]), 'delegated')).toEqual([]);
    // An empty list restricts nobody; an app has no roles to compare; no wids claim, nothing to judge by.
    expect(checkPhotoPolicy({ source: 'cloud', allowedRoles: [] }, delegated([]), 'delegated')).toEqual([]);
    expect(checkPhotoPolicy(policy, { idtyp: 'app', roles: [] }, 'app-only')).toEqual([]);
    expect(checkPhotoPolicy(policy, delegated(undefined), 'delegated')).toEqual([]);
  });
});

describe('runPreflight against a scripted Graph', () => {
  const USERS = '/v1.0/users';
  const PHOTO = '/v1.0/users/u1/photo';
  const POLICY = '/beta/admin/people/photoUpdateSettings';
  const oneUser: ScriptedResponse = { status: 200, body: { value: [{ id: 'u1' }] } };
  const photo: ScriptedResponse = { status: 200, body: { id: '648X648', width: 648, height: 648 } };
  const throttled = (retryAfter?: string): ScriptedResponse => ({
    status: 429,
    body: graphErrorBody('TooManyRequests', 'Too many requests.'),
    headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
  });
  const fast = { backoffBaseMs: 20 };
  const token = (claims: Record<string, unknown> = delegated([PEOPLE_ADMIN])) => unsignedToken(claims);

  it('a 429 on the test read waits for its Retry-After (decimal seconds) and tries again', async () => {
    const g = scriptedGraph({ [USERS]: [oneUser], [PHOTO]: [throttled('0.3'), photo] });
    const r = await runPreflight(token(), g.client, fast);
    expect(r).toMatchObject({ ok: true, problems: [] });
    const reads = g.calls.filter((c) => c.path.startsWith(PHOTO));
    expect(reads).toHaveLength(2);
    expect(reads[1]!.at - reads[0]!.at).toBeGreaterThanOrEqual(290);
  });

  it('429 without Retry-After and 503/504 back off and try again; the user list read too', async () => {
    const g = scriptedGraph({
      [USERS]: [{ status: 503, body: graphErrorBody('serviceNotAvailable', 'Try later.') }, oneUser],
      [PHOTO]: [throttled(), { status: 504, body: graphErrorBody('GatewayTimeout', 'Timed out.') }, photo],
    });
    const r = await runPreflight(token(), g.client, fast);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(g.calls.map((c) => c.path.split('?')[0])).toEqual([USERS, USERS, PHOTO, PHOTO, PHOTO]);
  });

  it('a user without a photo is a working read', async () => {
    const g = scriptedGraph({
      [USERS]: [oneUser],
      [PHOTO]: [{ status: 404, body: graphErrorBody('ImageNotFound', 'No photo.') }],
    });
    expect(await runPreflight(token(), g.client, fast)).toMatchObject({ ok: true, problems: [] });
  });

  it('a 403 on the test read is a real refusal: it blocks at once, without retrying', async () => {
    const g = scriptedGraph({
      [USERS]: [oneUser],
      [PHOTO]: [{ status: 403, body: graphErrorBody('ErrorAccessDenied', 'Access is denied.') }],
    });
    const r = await runPreflight(token(), g.client, fast);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'photo-read-failed', severity: 'error' })]);
    expect(r.problems[0]!.message).toMatch(/Grant admin consent/);
    expect(g.calls.filter((c) => c.path.startsWith(PHOTO))).toHaveLength(1);
  });

  it('throttling that outlasts the bound is a warning, not a block; a Retry-After past the bound is not waited', async () => {
    const g = scriptedGraph({ [USERS]: [oneUser], [PHOTO]: [throttled('120')] });
    const t0 = Date.now();
    const r = await runPreflight(token(), g.client, { ...fast, maxWaitMs: 1000 });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'photo-read-busy', severity: 'warning' })]);
    expect(r.problems[0]!.message).not.toMatch(/That did not work|failed/);

    const always = scriptedGraph({ [USERS]: [oneUser], [PHOTO]: [throttled('0.05')] });
    const again = await runPreflight(token(), always.client, { ...fast, attempts: 3 });
    expect(again).toMatchObject({ ok: true, problems: [{ code: 'photo-read-busy' }] });
    expect(always.calls.filter((c) => c.path.startsWith(PHOTO))).toHaveLength(3);
  });

  it('reads the photo update policy only when the permission is granted, and turns it into warnings', async () => {
    const onPrem = { status: 200, body: { source: 'onPremises', allowedRoles: [] } };
    const without = scriptedGraph({ [USERS]: [oneUser], [PHOTO]: [photo], [POLICY]: [onPrem] });
    expect((await runPreflight(token(), without.client, fast)).problems).toEqual([]);
    expect(without.calls.some((c) => c.path.startsWith(POLICY))).toBe(false);

    const granted = delegated([PEOPLE_ADMIN], `${DELEGATED} PeopleSettings.Read.All`);
    const g = scriptedGraph({ [USERS]: [oneUser], [PHOTO]: [photo], [POLICY]: [throttled('0.1'), onPrem] });
    const r = await runPreflight(token(granted), g.client, fast);
    expect(r).toMatchObject({ ok: true, problems: [{ code: 'photo-policy-on-premises' }] });

    const roles = scriptedGraph({
      [USERS]: [oneUser],
      [PHOTO]: [photo],
      [POLICY]: [{ status: 200, body: { source: 'cloud', allowedRoles: [GLOBAL_ADMIN] } }],
    });
    const rr = await runPreflight(token(granted), roles.client, fast);
    expect(rr).toMatchObject({ ok: true, problems: [{ code: 'photo-policy-roles' }] });
  });

  it('a refused or missing policy read says nothing and blocks nothing', async () => {
    const granted = delegated([PEOPLE_ADMIN], `${DELEGATED} PeopleSettings.Read.All`);
    for (const answer of [
      { status: 403, body: graphErrorBody('Authorization_RequestDenied', 'Insufficient privileges.') },
      { status: 400, body: graphErrorBody('BadRequest', 'Resource not found for the segment.') },
      { status: 404, body: graphErrorBody('UnknownError', '') },
    ]) {
      const g = scriptedGraph({ [USERS]: [oneUser], [PHOTO]: [photo], [POLICY]: [answer] });
      expect(await runPreflight(token(granted), g.client, fast)).toMatchObject({ ok: true, problems: [] });
    }
  });
});
