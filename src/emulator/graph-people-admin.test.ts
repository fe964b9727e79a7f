// The photo update policy through the real Graph client and MSAL: beta photoUpdateSettings, and photo writes it blocks.
import { PublicClientApplication } from '@azure/msal-node';
import { Client, type GraphError } from '@microsoft/microsoft-graph-client';
import { appOnlyGraphClient, graphClientOptionsFor, msalConfigFor, simulatedBrowser } from './client';
import { ROLE_TEMPLATE_IDS } from './identity';
import { renderPortrait } from './portrait';
import type { QuirkProfile } from './quirks';
import { startEmulator } from './server';
import type { Emulator, EmulatorUser } from './types';

const SCOPES = ['User.Read.All', 'ProfilePhoto.ReadWrite.All', 'PeopleSettings.Read.All'];

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

async function delegatedClient(emu: Emulator, upn: string, scopes = SCOPES): Promise<Client> {
  const pca = new PublicClientApplication(msalConfigFor(emu));
  const result = await pca.acquireTokenInteractive({
    scopes: scopes.map((s) => `https://graph.microsoft.com/${s}`),
    loginHint: upn,
    openBrowser: simulatedBrowser(emu.caCertPem),
  });
  return Client.init({
    ...graphClientOptionsFor(emu),
    authProvider: (done) => done(null, result.accessToken),
  });
}

const settings = (client: Client): Promise<unknown> =>
  client.api('/admin/people/photoUpdateSettings').version('beta').get();
const put = async (client: Client, user: EmulatorUser): Promise<unknown> =>
  client
    .api(`/users/${user.id}/photo/$value`)
    .header('Content-Type', 'image/jpeg')
    .put(await renderPortrait(`policy:${user.id}`));
const remove = (client: Client, user: EmulatorUser) => client.api(`/users/${user.id}/photo/$value`).delete();

/** A tenant with this profile, a member without a photo, and an admin of each kind to sign in as. */
async function tenant(quirks?: QuirkProfile) {
  const emu = await startEmulator({ seed: 'people-admin', users: 12, grantedScopes: SCOPES, quirks });
  const members = emu.users().filter((u) => u.userType === 'Member' && u.accountEnabled !== false);
  const [peopleAdmin, target] = members.slice(2, 4) as [EmulatorUser, EmulatorUser];
  emu.updateUser(peopleAdmin.id, { roles: ['People Administrator'] });
  const globalAdmin = emu.users().find((u) => u.roles?.includes('Global Administrator'))!;
  return { emu, peopleAdmin, target, globalAdmin };
}

describe('GET /beta/admin/people/photoUpdateSettings', () => {
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    t = await tenant();
  });
  afterAll(() => t.emu.stop());

  it('answers the default policy (cloud, no role restriction) to an app with PeopleSettings.Read.All', async () => {
    const { client } = await appOnlyGraphClient(t.emu);
    const body = (await settings(client)) as Record<string, unknown>;
    expect(body).toMatchObject({ id: t.emu.tenantId, source: 'cloud', allowedRoles: [] });
    expect(body['@odata.context']).toMatch(
      /\/beta\/\$metadata#admin\/people\/photoUpdateSettings\/\$entity$/,
    );
    expect(t.emu.requests().at(-1)).toMatchObject({
      path: '/beta/admin/people/photoUpdateSettings',
      status: 200,
    });
  });

  it('refuses a caller without PeopleSettings.Read.All, and a delegated admin without a People role (403)', async () => {
    const noScope = await delegatedClient(t.emu, t.globalAdmin.userPrincipalName, ['User.Read.All']);
    expect((await graphErrorOf(settings(noScope))).statusCode).toBe(403);
    const plainUser = await delegatedClient(t.emu, t.target.userPrincipalName);
    const denied = await graphErrorOf(settings(plainUser));
    expect([denied.statusCode, denied.code]).toEqual([403, 'Authorization_RequestDenied']);
    const asPeopleAdmin = await delegatedClient(t.emu, t.peopleAdmin.userPrincipalName);
    expect(await settings(asPeopleAdmin)).toMatchObject({ source: 'cloud' });
  });

  it('serves no other beta path, and no photoUpdateSettings on v1.0', async () => {
    const { client } = await appOnlyGraphClient(t.emu);
    const otherBeta = await graphErrorOf(client.api('/users').version('beta').get());
    expect([otherBeta.statusCode, otherBeta.message]).toEqual([400, expect.stringMatching(/only v1\.0/)]);
    const v1 = await graphErrorOf(client.api('/admin/people/photoUpdateSettings').get());
    expect(v1.statusCode).toBe(400);
  });

  it('is faulted like any other read: a 429 with Retry-After, which the SDK waits out', async () => {
    const { client } = await appOnlyGraphClient(t.emu);
    t.emu.clearRequests();
    t.emu.setFaults([
      {
        path: '/admin/people/photoUpdateSettings',
        nth: 1,
        action: { type: 'status', status: 429, retryAfter: 1 },
      },
    ]);
    try {
      expect(await settings(client)).toMatchObject({ source: 'cloud' });
      const log = t.emu.requests().filter((r) => r.path === '/beta/admin/people/photoUpdateSettings');
      expect(log.map((r) => [r.status, r.retryAttempt])).toEqual([
        [429, null],
        [200, 1],
      ]);
      expect(log[1]!.start - log[0]!.end).toBeGreaterThanOrEqual(990);
    } finally {
      t.emu.setFaults([]);
    }
  });

  it('with the default policy, photo writes go through', async () => {
    const { client } = await appOnlyGraphClient(t.emu);
    await put(client, t.target);
    expect(t.emu.photoOf(t.target.id)).not.toBeNull();
  });
});

describe("profile 'photo-policy-onpremises'", () => {
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    t = await tenant('photo-policy-onpremises');
  });
  afterAll(() => t.emu.stop());

  it('reports source onPremises and refuses every cloud photo change (app and admins, PUT and DELETE)', async () => {
    const { client } = await appOnlyGraphClient(t.emu);
    expect(await settings(client)).toMatchObject({ source: 'onPremises', allowedRoles: [] });
    const before = t.emu.photoOf(t.target.id);
    for (const caller of [client, await delegatedClient(t.emu, t.globalAdmin.userPrincipalName)]) {
      const refused = await graphErrorOf(put(caller, t.target));
      expect([refused.statusCode, refused.code]).toEqual([403, 'ErrorAccessDenied']);
      expect(refused.message).toMatch(/photo update settings.*on-premises/);
    }
    t.emu.setPhoto(t.target.id, await renderPortrait('seeded'));
    const seeded = t.emu.photoOf(t.target.id);
    expect((await graphErrorOf(remove(client, t.target))).statusCode).toBe(403);
    expect(t.emu.photoOf(t.target.id)).toEqual(seeded);
    // Reads are not affected.
    const meta = (await client.api(`/users/${t.target.id}/photo`).get()) as { width?: unknown };
    expect(typeof meta.width).toBe('number');
    expect(before).toBeNull();
  });
});

describe("profile 'photo-policy-roles' (only Global Administrators)", () => {
  let t: Awaited<ReturnType<typeof tenant>>;
  beforeAll(async () => {
    t = await tenant('photo-policy-roles');
  });
  afterAll(() => t.emu.stop());

  it('lists the allowed role; a People Administrator is refused, a Global Administrator and the app are not', async () => {
    const { client } = await appOnlyGraphClient(t.emu);
    expect(await settings(client)).toMatchObject({
      source: 'cloud',
      allowedRoles: [ROLE_TEMPLATE_IDS['Global Administrator']],
    });
    const asPeopleAdmin = await delegatedClient(t.emu, t.peopleAdmin.userPrincipalName);
    const refused = await graphErrorOf(put(asPeopleAdmin, t.target));
    expect([refused.statusCode, refused.code]).toEqual([403, 'ErrorAccessDenied']);
    expect(refused.message).toMatch(/photo update settings do not allow/);
    expect(t.emu.photoOf(t.target.id)).toBeNull();

    await put(await delegatedClient(t.emu, t.globalAdmin.userPrincipalName), t.target);
    expect(t.emu.photoOf(t.target.id)).not.toBeNull();
    await remove(client, t.target); // emulator choice: the role list binds people, not the app
    expect(t.emu.photoOf(t.target.id)).toBeNull();
  });
});
