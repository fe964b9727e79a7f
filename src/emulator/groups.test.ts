// Groups, members, managers and read throttling of photo metadata and $batch items, through the real Graph client.
import {
  type Client,
  PageIterator,
  RetryHandlerOptions,
  type GraphError,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { appOnlyGraphClient } from './client';
import { startEmulator } from './server';
import type { Emulator, EmulatorGroup, EmulatorUser } from './types';

let emu: Emulator;
let client: Client;

beforeAll(async () => {
  emu = await startEmulator({ seed: 'groups-tests', users: 1200, throttling: { enabled: false } });
  ({ client } = await appOnlyGraphClient(emu));
});
afterAll(() => emu.stop());
afterEach(() => emu.setThrottling({ enabled: false }));

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

async function allPages<T>(first: PageCollection): Promise<T[]> {
  const out: T[] = [];
  await new PageIterator(client, first, (item: T) => {
    out.push(item);
    return true;
  }).iterate();
  return out;
}

const groupNamed = (name: string): EmulatorGroup => emu.groups().find((g) => g.displayName === name)!;
const members = () => emu.users().filter((u) => u.userType === 'Member');

describe('the seeded groups', () => {
  it('finds a group by exact name (case-insensitive) and by prefix, with $select', async () => {
    const exact = (await client
      .api('/groups')
      .filter("displayName eq 'sales emea'")
      .select('id,displayName,mail')
      .get()) as PageCollection;
    expect(exact.value).toEqual([{ id: groupNamed('Sales EMEA').id, displayName: 'Sales EMEA', mail: null }]);
    const prefix = (await client
      .api('/groups')
      .filter("startswith(displayName,'Sales')")
      .select('displayName')
      .get()) as PageCollection;
    expect(prefix.value.map((g: { displayName: string }) => g.displayName).sort()).toEqual([
      'Sales',
      'Sales EMEA',
    ]);
  });

  it('pages /groups by nextLink and needs ConsistencyLevel for $search', async () => {
    const first = (await client.api('/groups').top(3).select('id').get()) as PageCollection;
    expect(first.value).toHaveLength(3);
    expect(first['@odata.nextLink']).toContain('$skiptoken=');
    const all = await allPages<{ id: string }>(first);
    expect(all.map((g) => g.id).sort()).toEqual(
      emu
        .groups()
        .map((g) => g.id)
        .sort(),
    );

    const refused = await graphErrorOf(
      client.api('/groups').query({ $search: '"displayName:falcon"' }).get(),
    );
    expect([refused.statusCode, refused.code]).toEqual([400, 'Request_UnsupportedQuery']);
    const found = (await client
      .api('/groups')
      .header('ConsistencyLevel', 'eventual')
      .query({ $search: '"displayName:falcon"' })
      .get()) as PageCollection;
    expect(found.value.map((g: { displayName: string }) => g.displayName)).toEqual(['Project Falcon']);
  });

  it('gets a group by id, and 404 Request_ResourceNotFound for an unknown one', async () => {
    const falcon = groupNamed('Project Falcon');
    const got = (await client.api(`/groups/${falcon.id}`).get()) as EmulatorGroup;
    expect(got).toMatchObject({ id: falcon.id, displayName: 'Project Falcon', groupTypes: ['Unified'] });
    const missing = await graphErrorOf(client.api('/groups/00000000-0000-0000-0000-000000000000').get());
    expect([missing.statusCode, missing.code]).toEqual([404, 'Request_ResourceNotFound']);
  });

  it('lists direct members with @odata.type, and transitive users through the nesting', async () => {
    const sales = groupNamed('Sales');
    const direct = (await client
      .api(`/groups/${sales.id}/members`)
      .top(999)
      .select('id,displayName')
      .get()) as PageCollection;
    const types = new Set(direct.value.map((m: { '@odata.type': string }) => m['@odata.type']));
    expect(types).toEqual(new Set(['#microsoft.graph.user', '#microsoft.graph.group']));
    expect(direct.value.find((m: { id: string }) => m.id === groupNamed('Sales EMEA').id)).toMatchObject({
      '@odata.type': '#microsoft.graph.group',
      displayName: 'Sales EMEA',
    });

    const salesPeople = members()
      .filter((u) => u.department === 'Sales')
      .map((u) => u.id)
      .sort();
    const first = (await client
      .api(`/groups/${sales.id}/transitiveMembers/microsoft.graph.user`)
      .select('id')
      .top(50)
      .get()) as PageCollection;
    expect(first.value).toHaveLength(50);
    const transitive = await allPages<{ id: string; '@odata.type': string }>(first);
    expect(transitive.map((m) => m.id).sort()).toEqual(salesPeople);
    expect(transitive.every((m) => m['@odata.type'] === '#microsoft.graph.user')).toBe(true);
    // The EMEA people are not direct members of Sales: only the nesting brings them in.
    expect(salesPeople.length).toBeGreaterThan(direct.value.length - 1);

    const allStaff = await allPages<{ id: string }>(
      (await client
        .api(`/groups/${groupNamed('All Staff').id}/transitiveMembers/microsoft.graph.user`)
        .select('id')
        .top(999)
        .get()) as PageCollection,
    );
    expect(allStaff).toHaveLength(members().filter((u) => u.department).length);
  });

  it('refuses $top over 999 and an unknown cast', async () => {
    const falcon = groupNamed('Project Falcon');
    const tooMany = await graphErrorOf(client.api(`/groups/${falcon.id}/members`).top(1000).get());
    expect(tooMany.statusCode).toBe(400);
    const cast = await graphErrorOf(client.api(`/groups/${falcon.id}/members/microsoft.graph.device`).get());
    expect([cast.statusCode, cast.code]).toEqual([400, 'Request_UnsupportedQuery']);
  });

  it('keeps a guest in Project Falcon', async () => {
    const falcon = groupNamed('Project Falcon');
    const users = (await client
      .api(`/groups/${falcon.id}/members/microsoft.graph.user`)
      .select('id,userType')
      .get()) as PageCollection;
    expect(users.value.some((u: { userType: string }) => u.userType === 'Guest')).toBe(true);
  });
});

describe('managers', () => {
  it('answers the manager with $select, and 404 Request_ResourceNotFound when there is none', async () => {
    const user = members().find((u) => u.managerId)!;
    const boss = emu.users().find((u) => u.id === user.managerId)!;
    const got = (await client
      .api(`/users/${user.id}/manager`)
      .select('id,displayName,userPrincipalName')
      .get()) as Record<string, unknown>;
    expect(got).toMatchObject({
      '@odata.type': '#microsoft.graph.user',
      id: boss.id,
      displayName: boss.displayName,
      userPrincipalName: boss.userPrincipalName,
    });
    expect(got).not.toHaveProperty('mail');

    const top = emu.users().find((u) => u.userType === 'Member' && !u.managerId)!;
    const none = await graphErrorOf(client.api(`/users/${top.id}/manager`).get());
    expect([none.statusCode, none.code]).toEqual([404, 'Request_ResourceNotFound']);
    expect(none.message).toContain("Resource 'manager' does not exist");
  });

  it('serves groups, members and managers as $batch items too', async () => {
    const user = members().find((u) => u.managerId)!;
    const top = emu.users().find((u) => u.userType === 'Member' && !u.managerId)!;
    const falcon = groupNamed('Project Falcon');
    const result = (await client.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/users/${user.id}/manager?$select=id` },
        { id: '2', method: 'GET', url: `/users/${top.id}/manager?$select=id` },
        {
          id: '3',
          method: 'GET',
          url: `/groups/${falcon.id}/transitiveMembers/microsoft.graph.user?$select=id`,
        },
        { id: '4', method: 'GET', url: "/groups?$filter=displayName eq 'Project Falcon'&$select=id" },
      ],
    })) as { responses: { id: string; status: number; body: { id?: string; value?: unknown[] } }[] };
    const byId = new Map(result.responses.map((r) => [r.id, r]));
    expect(byId.get('1')).toMatchObject({ status: 200, body: { id: user.managerId } });
    expect(byId.get('2')!.status).toBe(404);
    expect(byId.get('3')!.body.value).toHaveLength(falcon.members.length);
    expect(byId.get('4')!.body.value).toEqual([{ id: falcon.id }]);
  });
});

describe('the seeded organisation', () => {
  it('gives members a company, a country and (mostly) a licence, selectable like any property', async () => {
    const page = (await client
      .api('/users')
      .select('id,userType,companyName,country,assignedLicenses')
      .top(999)
      .get()) as PageCollection;
    const staff = (page.value as EmulatorUser[]).filter((u) => u.userType === 'Member');
    expect(staff.every((u) => u.companyName && u.country)).toBe(true);
    const licensed = staff.filter((u) => (u.assignedLicenses ?? []).length > 0).length / staff.length;
    expect(licensed).toBeGreaterThan(0.8);
    expect(licensed).toBeLessThan(0.97);
    const [licence] = staff.find((u) => u.assignedLicenses?.length)!.assignedLicenses!;
    expect(Object.keys(licence!).sort()).toEqual(['disabledPlans', 'skuId']);
    expect(licence!.skuId).toMatch(/^[0-9a-f-]{36}$/);
    expect(licence!.disabledPlans).toEqual([]);
    expect(Object.keys(page.value[0] as object)).not.toContain('managerId');
  });
});

describe('permissions', () => {
  it('needs a group permission for groups, sees users in limited form without a user one, and User.Read.All for managers', async () => {
    const scoped = await startEmulator({
      seed: 'groups-tests',
      users: 60,
      grantedScopes: ['GroupMember.Read.All'],
      throttling: { enabled: false },
    });
    const usersOnly = await startEmulator({
      seed: 'groups-tests',
      users: 60,
      grantedScopes: ['User.Read.All'],
      throttling: { enabled: false },
    });
    try {
      const { client: groupClient } = await appOnlyGraphClient(scoped);
      const falcon = scoped.groups().find((g) => g.displayName === 'Project Falcon')!;
      const limited = (await groupClient
        .api(`/groups/${falcon.id}/members`)
        .select('id,displayName')
        .get()) as PageCollection;
      expect(limited.value[0]).toEqual({ '@odata.type': '#microsoft.graph.user', id: falcon.members[0] });
      const someone = scoped.users().find((u) => u.managerId)!;
      const manager = await graphErrorOf(groupClient.api(`/users/${someone.id}/manager`).get());
      expect([manager.statusCode, manager.code]).toEqual([403, 'Authorization_RequestDenied']);

      const { client: userClient } = await appOnlyGraphClient(usersOnly);
      const groups = await graphErrorOf(userClient.api('/groups').get());
      expect([groups.statusCode, groups.code]).toEqual([403, 'Authorization_RequestDenied']);
    } finally {
      await Promise.all([scoped.stop(), usersOnly.stop()]);
    }
  });
});

describe('read throttling', () => {
  it('charges photo metadata reads against the read budget', async () => {
    const user = members()[1]!;
    emu.setThrottling({ readUnitsPer10s: 3 });
    for (let i = 0; i < 3; i++) await client.api(`/users/${user.id}/photo`).get();
    const throttled = await graphErrorOf(
      client
        .api(`/users/${user.id}/photo`)
        .middlewareOptions([new RetryHandlerOptions(0, 0)])
        .get(),
    );
    expect([throttled.statusCode, throttled.code]).toEqual([429, 'TooManyRequests']);
    expect(Number(throttled.headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('throttles $batch items one by one: a 429 item carries its own Retry-After, the others succeed', async () => {
    const some = members().slice(0, 20);
    emu.setThrottling({ readUnitsPer10s: 12 });
    const result = (await client.api('/$batch').post({
      requests: some.map((u, i) => ({ id: String(i), method: 'GET', url: `/users/${u.id}/photo` })),
    })) as { responses: { id: string; status: number; headers: Record<string, string> }[] };
    const throttled = result.responses.filter((r) => r.status === 429);
    const answered = result.responses.filter((r) => r.status !== 429);
    expect(throttled).toHaveLength(8);
    expect(answered).toHaveLength(12);
    expect(answered.every((r) => r.status === 200 || r.status === 404)).toBe(true);
    for (const r of throttled) expect(Number(r.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    const items = emu.requests().filter((e) => e.surface === 'batch-item' && e.status === 429);
    expect(items.length).toBeGreaterThanOrEqual(8);
  });
});
