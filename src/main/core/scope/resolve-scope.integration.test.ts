/**
 * Scope resolution against the demo tenant through the real Graph client: a group's members through nested
 * groups (/groups/{id}/transitiveMembers), a department from the live directory.
 */
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import { connect, type Connected } from '../../../../test/support/emulator-tenant';
import { loadLiveDirectory } from '../tenant/live-directory';
import type { GraphUser } from '../../../shared/domain';
import { resolveScope, ScopeError, tenantGroups } from './resolve-scope';

let emu: Emulator;
let conn: Connected;
let directory: GraphUser[];

beforeAll(async () => {
  emu = await startEmulator({ users: 120, seed: 'scope', latencyMs: 0 });
  conn = await connect(emu);
  directory = (await loadLiveDirectory({ client: conn.client, tenantId: emu.tenantId })).users;
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
});

const group = (name: string) => emu.groups().find((g) => g.displayName === name)!;

describe('resolveScope against the demo tenant', () => {
  it('a group is every user in it, nested groups included ("Sales EMEA" is inside "Sales")', async () => {
    const sales = group('Sales');
    const emea = group('Sales EMEA');
    expect(sales.members).toContain(emea.id); // the seed nests it
    const direct = sales.members.filter((m) => m !== emea.id);
    const expected = new Set([...direct, ...emea.members].map((id) => id.toLowerCase()));
    expect(emea.members.length).toBeGreaterThan(0);

    const scope = await resolveScope(
      { kind: 'group', group: 'sales' },
      { directory, groups: tenantGroups(conn.client) },
    );
    expect(scope.userIds).toEqual(expected);
    expect(scope.label).toBe(`members of Sales (${expected.size} users)`);
    // By id too; and a group of groups ("All Staff") reaches the users two levels down.
    const byId = await resolveScope(
      { kind: 'group', group: emea.id },
      { directory, groups: tenantGroups(conn.client) },
    );
    expect(byId.userIds).toEqual(new Set(emea.members.map((id) => id.toLowerCase())));
    const all = await resolveScope(
      { kind: 'group', group: 'All Staff' },
      { directory, groups: tenantGroups(conn.client) },
    );
    for (const id of expected) expect(all.userIds.has(id)).toBe(true);
  });

  it('an unknown group is a ScopeError that names it', async () => {
    await expect(
      resolveScope({ kind: 'group', group: 'Nobody Here' }, { directory, groups: tenantGroups(conn.client) }),
    ).rejects.toThrow(new ScopeError("No group named 'Nobody Here' in the directory."));
  });

  it('a department is the users the live directory lists in it', async () => {
    const expected = new Set(
      directory.filter((u) => u.department === 'Sales').map((u) => u.id.toLowerCase()),
    );
    expect(expected.size).toBeGreaterThan(1);
    const scope = await resolveScope({ kind: 'department', department: 'SALES' }, { directory });
    expect(scope.userIds).toEqual(expected);
  });
});
