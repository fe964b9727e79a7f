/**
 * `headshot upload --scope-*` against the demo tenant: only the users in scope get a photo (checked in the
 * tenant), the others' files are listed as outside the scope, and a bad scope is a usage error (exit 2).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../emulator/index';
import type { Emulator, EmulatorUser } from '../../emulator/types';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';
import { appOnlyCliArgs } from '../../../test/support/cli-auth';

let emu: Emulator;
let tmp: string;
let folder: string;
let caFile: string;
let users: EmulatorUser[];
const before = new Map<string, string | null>();

const sha = (b: Buffer | null) => (b ? createHash('sha256').update(b).digest('hex') : null);
const io = () => captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
const auth = () => appOnlyCliArgs(emu, caFile);

interface ScopedJson {
  results: { file: string; user: { id: string } | null; status: string }[];
  scope?: { label: string; users: number; outside: { file: string; user: { id: string } | null }[] };
}

beforeAll(async () => {
  emu = await startEmulator({ users: 60, seed: 'cli-scope', latencyMs: 0 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-scope-'));
  caFile = path.join(tmp, 'ca.pem');
  await fs.writeFile(caFile, emu.caCertPem);
  folder = path.join(tmp, 'photos');
  await fs.mkdir(folder);
  const members = emu
    .users()
    .filter(
      (u) => u.accountEnabled !== false && u.userType !== 'Guest' && /^[a-z.]+@/.test(u.userPrincipalName),
    );
  // Some of Sales (two of them in Sales only through the nested group Sales EMEA) and some of everyone else.
  const emea = new Set(emu.groups().find((g) => g.displayName === 'Sales EMEA')!.members);
  const sales = members.filter((u) => u.department === 'Sales');
  users = [
    ...sales.filter((u) => emea.has(u.id)).slice(0, 2),
    ...sales.filter((u) => !emea.has(u.id)).slice(0, 2),
    ...members.filter((u) => u.department && u.department !== 'Sales').slice(0, 6),
  ];
  for (const [i, u] of users.entries()) {
    await sharp({
      create: { width: 120, height: 120, channels: 3, background: { r: i * 20, g: 80, b: 200 } },
    })
      .jpeg()
      .toFile(path.join(folder, `${u.userPrincipalName}.jpg`));
    before.set(u.id, sha(emu.photoOf(u.id)));
  }
});
afterAll(async () => {
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('headshot upload --scope-*', () => {
  it('--scope-department uploads only to that department; the others are outside the scope', async () => {
    const sales = users.filter((u) => u.department === 'Sales');
    const others = users.filter((u) => u.department !== 'Sales');
    expect(sales.length).toBeGreaterThan(1);
    expect(others.length).toBeGreaterThan(1);
    const a = io();
    const code = await runCli(
      [
        'upload',
        folder,
        ...auth(),
        '--scope-department',
        'sales',
        '--state-dir',
        path.join(tmp, 's1'),
        '--yes',
        '--json',
      ],
      a,
    );
    expect(a.err()).toContain('limited to the Sales department (');
    expect(code).toBe(0);
    const json = JSON.parse(a.out()) as ScopedJson;
    const salesInTenant = emu.users().filter((u) => u.department === 'Sales').length;
    expect(json.scope).toMatchObject({
      label: `the Sales department (${salesInTenant} users)`,
      users: salesInTenant,
    });
    expect(new Set(json.scope!.outside.map((o) => o.user?.id))).toEqual(new Set(others.map((u) => u.id)));
    const status = new Map(json.results.map((r) => [r.user?.id, r.status]));
    for (const u of sales) expect(status.get(u.id)).toBe('uploaded');
    for (const u of others) expect(status.get(u.id)).toBe('skipped');
    // In the tenant: new photos for Sales, the others exactly as before.
    for (const u of sales) expect(sha(emu.photoOf(u.id))).not.toBe(before.get(u.id));
    for (const u of others) expect(sha(emu.photoOf(u.id))).toBe(before.get(u.id));
  });

  it('--scope-users takes a users CSV; --scope-group a group with nested groups (dry run)', async () => {
    const [first, second] = users.filter((u) => u.department !== 'Sales');
    await fs.writeFile(
      path.join(tmp, 'scope.csv'),
      `user\r\n${first!.userPrincipalName}\r\n${second!.id}\r\nnobody@x.com\r\n`,
    );
    const a = io();
    expect(
      await runCli(
        [
          'upload',
          folder,
          ...auth(),
          '--scope-users',
          'scope.csv',
          '--dry-run',
          '--state-dir',
          path.join(tmp, 's2'),
          '--json',
        ],
        a,
      ),
    ).toBe(0);
    expect(a.err()).toContain('scope users CSV row 4: "nobody@x.com" names nobody in the directory');
    const json = JSON.parse(a.out()) as ScopedJson;
    expect(json.scope?.label).toBe('the users in scope.csv (2 users)');
    const dry = json.results.filter((r) => r.status === 'dry-run').map((r) => r.user?.id);
    expect(new Set(dry)).toEqual(new Set([first!.id, second!.id]));

    const emea = emu.groups().find((g) => g.displayName === 'Sales EMEA')!;
    const b = io();
    expect(
      await runCli(
        [
          'upload',
          folder,
          ...auth(),
          '--scope-group',
          'Sales',
          '--dry-run',
          '--state-dir',
          path.join(tmp, 's3'),
          '--json',
        ],
        b,
      ),
    ).toBe(0);
    const byGroup = JSON.parse(b.out()) as ScopedJson;
    expect(byGroup.scope?.label).toMatch(/^members of Sales \(\d+ users\)$/);
    // Sales EMEA members are in "Sales" through the nested group only: in scope all the same.
    const emeaInFolder = users.filter((u) => emea.members.includes(u.id));
    expect(emeaInFolder).toHaveLength(2);
    const outside = new Set(byGroup.scope!.outside.map((o) => o.user?.id));
    for (const u of users) expect(outside.has(u.id)).toBe(u.department !== 'Sales');
  });

  it('refuses two scopes, an unknown department or group, and a missing users CSV, with exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [
        ['--scope-department', 'Sales', '--scope-group', 'Sales'],
        /give one scope at most \(got --scope-group and --scope-department\)/,
      ],
      [
        ['--scope-department', 'Astronauts'],
        /No user in the directory has the department "Astronauts"\. The departments are: /,
      ],
      [['--scope-group', 'Nobody Here'], /No group named 'Nobody Here' in the directory/],
      [['--scope-users', 'missing.csv'], /cannot read users file .*missing\.csv/],
      [['--scope-department', ' '], /--scope-department needs a value/],
    ];
    for (const [flags, message] of cases) {
      const a = io();
      expect(
        await runCli(
          ['upload', folder, ...auth(), ...flags, '--dry-run', '--state-dir', path.join(tmp, 's4'), '--json'],
          a,
        ),
      ).toBe(2);
      expect(a.err()).toMatch(message);
    }
  });
});
