/** The live directory against the demo tenant: paging, $select, the on-disk cache, delta refresh, domains. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import { GRAPH_USER_SELECT } from '../../../shared/domain';
import { connect, type Connected } from '../../../../test/support/emulator-tenant';
import { domainsFromUsers, liveDirectorySource, loadLiveDirectory } from './live-directory';
import { GraphRequestError, parseRetryAfter, toGraphRequestError } from './graph-errors';

let emu: Emulator;
let conn: Connected;
let cacheDir: string;

beforeAll(async () => {
  emu = await startEmulator({ users: 1500, seed: 'directory', throttling: { enabled: false } });
  conn = await connect(emu);
  cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-dir-'));
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
  await fs.rm(cacheDir, { recursive: true, force: true });
});

describe('live directory', () => {
  it('loads every user with only the selected fields, caches per tenant, and refreshes with delta', async () => {
    emu.clearRequests();
    const first = await loadLiveDirectory({ client: conn.client, tenantId: emu.tenantId, cacheDir });
    expect(first.source).toBe('full');
    expect(first.users).toHaveLength(emu.users().length);
    const someone = first.users.find((u) => u.employeeId)!;
    expect(Object.keys(someone).every((k) => (GRAPH_USER_SELECT as string[]).includes(k))).toBe(true);
    const userRequests = emu.requests().filter((e) => e.path.includes('/users'));
    expect(userRequests.every((e) => decodeURIComponent(e.query).includes('$select='))).toBe(true);
    expect(JSON.parse(await fs.readFile(path.join(cacheDir, 'directory.json'), 'utf8'))).toMatchObject({
      tenantId: emu.tenantId,
    });

    const removed = first.users[5]!;
    const changed = first.users[6]!;
    emu.deleteUser(removed.id);
    emu.updateUser(changed.id, { displayName: 'Renamed Person' });
    emu.addUser({
      id: '00000000-0000-0000-0000-00000000abcd',
      userPrincipalName: 'new.hire@contoso.com',
      displayName: 'New Hire',
      accountEnabled: true,
      userType: 'Member',
    });
    emu.clearRequests();
    const second = await loadLiveDirectory({ client: conn.client, tenantId: emu.tenantId, cacheDir });
    expect(second.source).toBe('delta');
    expect(emu.requests().every((e) => e.surface === 'identity' || e.path.includes('/users/delta'))).toBe(
      true,
    );
    expect(second.users).toHaveLength(first.users.length);
    expect(second.users.find((u) => u.id === removed.id)).toBeUndefined();
    expect(second.users.find((u) => u.id === changed.id)!.displayName).toBe('Renamed Person');
    expect(second.users.find((u) => u.userPrincipalName === 'new.hire@contoso.com')).toBeDefined();

    const source = liveDirectorySource({ client: conn.client, tenantId: emu.tenantId, cacheDir });
    expect(await source.loadUsers()).toHaveLength(second.users.length);
    expect(await source.verifiedDomains!()).toContain('contoso.com');
  });

  it('derives domains from member UPNs, never from guests', () => {
    expect(
      domainsFromUsers([
        { id: '1', userPrincipalName: 'a@Contoso.com' },
        { id: '2', userPrincipalName: 'b_fabrikam.com#EXT#@contoso.onmicrosoft.com', userType: 'Guest' },
        { id: '3', userPrincipalName: 'c@sub.contoso.com' },
      ]),
    ).toEqual(['contoso.com', 'sub.contoso.com']);
  });
});

describe('graph errors', () => {
  it('parses Retry-After as seconds (decimal too) or a date, and classifies retryable errors', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(new GraphRequestError(429, 'x', 'y').retryable).toBe(true);
    expect(new GraphRequestError(503, 'x', 'y').retryable).toBe(true);
    expect(new GraphRequestError(403, 'x', 'y').retryable).toBe(false);
    expect(
      toGraphRequestError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
    ).toMatchObject({ status: 0, code: 'ECONNRESET', retryable: true });
  });
});
