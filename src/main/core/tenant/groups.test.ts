/** Groups and managers against the demo tenant, through the one tenant connection and the real Graph client. */
import { startEmulator } from '../../../emulator/index';
import type { Emulator, EmulatorUser } from '../../../emulator/types';
import { connect, type Connected } from '../../../../test/support/emulator-tenant';
import { RequestFailedError, RequestScheduler } from '../runs/scheduler';
import type { Client } from '@microsoft/microsoft-graph-client';
import { AuthError } from './auth-session';
import {
  findGroups,
  GroupLookupError,
  groupMembers,
  managersOf,
  resolveGroup,
  transitiveUserIds,
} from './groups';

let emu: Emulator;
let conn: Connected;

const twinA = '11111111-0000-4000-8000-00000000000a';
const twinB = '11111111-0000-4000-8000-00000000000b';
const quoted = '11111111-0000-4000-8000-00000000000c';

beforeAll(async () => {
  emu = await startEmulator({ users: 1500, seed: 'groups-client', throttling: { enabled: false } });
  const people = emu.users().filter((u) => u.userType === 'Member');
  emu.addGroup({
    id: twinA,
    displayName: 'Marketing Team',
    mail: 'mkt@contoso.com',
    members: [people[3]!.id],
  });
  emu.addGroup({ id: twinB, displayName: 'marketing team', members: [people[4]!.id] });
  emu.addGroup({ id: quoted, displayName: "R&D O'Neill #1", members: [people[5]!.id] });
  conn = await connect(emu);
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
});
afterEach(() => emu.setThrottling({ enabled: false }));

const groupNamed = (name: string) => emu.groups().find((g) => g.displayName === name)!;
const members = (): EmulatorUser[] => emu.users().filter((u) => u.userType === 'Member');

describe('findGroups and resolveGroup', () => {
  it('finds a group by exact name ignoring case, by id, and names with quotes and ampersands', async () => {
    const sales = groupNamed('Sales');
    expect(await findGroups(conn.client, 'sales')).toEqual([
      { id: sales.id, displayName: 'Sales', mail: null },
    ]);
    expect(await findGroups(conn.client, sales.id.toUpperCase())).toEqual([
      { id: sales.id, displayName: 'Sales', mail: null },
    ]);
    // "Sales" is not "Sales EMEA": a prefix is no match.
    expect((await findGroups(conn.client, 'Sales')).map((g) => g.displayName)).toEqual(['Sales']);
    expect((await findGroups(conn.client, "r&d o'neill #1")).map((g) => g.id)).toEqual([quoted]);
    expect(await findGroups(conn.client, '00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  it('says clearly when no group or several groups match', async () => {
    await expect(resolveGroup(conn.client, 'Leavers 2026')).rejects.toThrow(
      "No group named 'Leavers 2026' in the directory.",
    );
    const twins = await resolveGroup(conn.client, 'Marketing Team').catch((e: unknown) => e);
    expect(twins).toBeInstanceOf(GroupLookupError);
    const error = twins as GroupLookupError;
    expect(error.kind).toBe('ambiguous');
    expect(error.matches.map((g) => g.id).sort()).toEqual([twinA, twinB]);
    expect(error.message).toContain(`Marketing Team (id ${twinA}, mkt@contoso.com)`);
    expect(error.message).toContain(`(id ${twinB}, no email address)`);
    expect(error.message).toContain('Pass the id');
    expect(await resolveGroup(conn.client, twinA)).toMatchObject({ id: twinA });
  });
});

describe('transitiveUserIds', () => {
  it('reads every page of a nested group (999 a page) and reports progress', async () => {
    const allStaff = groupNamed('All Staff');
    const expected = members()
      .filter((u) => u.department)
      .map((u) => u.id);
    expect(expected.length).toBeGreaterThan(999);
    emu.clearRequests();
    const progress: number[] = [];
    const ids = await transitiveUserIds(conn.client, allStaff.id, (n) => progress.push(n));
    expect([...ids].sort()).toEqual(expected.sort());
    expect(progress).toEqual([999, expected.length]);
    const reads = emu.requests().filter((e) => e.path.includes('/transitiveMembers/microsoft.graph.user'));
    expect(reads).toHaveLength(2);
    expect(decodeURIComponent(reads[0]!.query)).toBe('$select=id&$top=999');
  });

  it('fails with the Graph 404 for a group that does not exist', async () => {
    const error = await transitiveUserIds(conn.client, '00000000-0000-4000-8000-000000000000').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestFailedError);
    expect((error as RequestFailedError).failure.status).toBe(404);
  });
});

describe('managersOf', () => {
  it('gives each user their manager or null, 20 a $batch', async () => {
    const some = members().slice(0, 45);
    emu.clearRequests();
    const managers = await managersOf(
      conn.client,
      some.map((u) => u.id),
    );
    expect(managers.size).toBe(45);
    for (const user of some) {
      const boss = user.managerId ? emu.users().find((u) => u.id === user.managerId)! : null;
      expect(managers.get(user.id)).toEqual(
        boss
          ? { id: boss.id, displayName: boss.displayName, userPrincipalName: boss.userPrincipalName }
          : null,
      );
    }
    expect([...managers.values()].some((m) => m === null)).toBe(true);
    const batches = emu.requests().filter((e) => e.surface === 'graph' && e.path.endsWith('/$batch'));
    expect(batches).toHaveLength(3);
  });

  it('retries throttled items after their Retry-After, through the shared scheduler', async () => {
    const some = members().slice(0, 120);
    emu.setThrottling({ readUnitsPer10s: 100 });
    emu.clearRequests();
    const scheduler = new RequestScheduler();
    const managers = await managersOf(
      conn.client,
      some.map((u) => u.id),
      { scheduler },
    );
    expect(managers.size).toBe(120);
    for (const user of some) expect(managers.get(user.id)?.id ?? null).toBe(user.managerId ?? null);
    const throttled = emu.requests().filter((e) => e.surface === 'batch-item' && e.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(scheduler.stats().throttled).toBeGreaterThan(0);
    expect(emu.violations().filter((v) => v.kind === 'retry-too-early')).toEqual([]);
    // Each user's manager was read successfully exactly once: only unanswered items are sent again.
    const answered = emu.requests().filter((e) => e.surface === 'batch-item' && e.status !== 429);
    expect(answered).toHaveLength(120);
  });
});

describe('groupMembers when the tenant does not allow group reads', () => {
  /** A Graph client whose every request fails the way the token provider or Graph fails it. */
  const failing = (error: Error) =>
    ({
      api: () => {
        const request = { select: () => request, get: () => Promise.reject(error) };
        return request;
      },
    }) as unknown as Client;

  it('no consent to GroupMember.Read.All: the sentence that says what to add, at once (no retries)', async () => {
    const consent = new AuthError(
      'group-consent',
      'Reading group members needs the GroupMember.Read.All permission, which this tenant has not granted to Headshot.',
    );
    const t0 = Date.now();
    const error = await groupMembers(failing(consent), 'Sales').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupLookupError);
    expect((error as GroupLookupError).kind).toBe('not-permitted');
    expect((error as Error).message).toMatch(/^Reading group members needs the GroupMember\.Read\.All/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('the real groups answer 403 with our token: names the permission and the fix', async () => {
    const { GraphRequestError } = await import('./graph-errors');
    const denied = new GraphRequestError(403, 'Authorization_RequestDenied', 'Insufficient privileges.');
    const error = await groupMembers(failing(denied), 'Sales').catch((e: unknown) => e);
    expect((error as GroupLookupError).kind).toBe('not-permitted');
    expect((error as Error).message).toMatch(
      /refused to list the group's members \(403 Authorization_RequestDenied\).*GroupMember\.Read\.All/,
    );
  });
});
