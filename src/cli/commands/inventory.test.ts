// `headshot inventory` against the demo tenant, in-process through runCli: the JSON document, filters, groups,
// the missing-photo CSV with managers, the human summary, and usage errors (exit 2).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../emulator/index';
import type { Emulator, EmulatorUser } from '../../emulator/types';
import { inventoryDocumentSchema, type InventoryDocument } from '../../shared/inventory';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';
import { appOnlyCliArgs } from '../../../test/support/cli-auth';
import { MISSING_PHOTOS_CSV_HEADER } from '../../main/core/inventory/missing-photos';
import { parseInventoryFilters } from './inventory';

let emu: Emulator;
let tmp: string;
let caFile: string;

beforeAll(async () => {
  emu = await startEmulator({ users: 50, seed: 'cli-inventory', latencyMs: 2 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-inventory-'));
  caFile = path.join(tmp, 'ca.pem');
  await fs.writeFile(caFile, emu.caCertPem);
});
afterAll(async () => {
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const io = captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
  const code = await runCli(
    ['inventory', ...appOnlyCliArgs(emu, caFile), '--state-dir', 'state', ...args],
    io,
  );
  return { code, out: io.out(), err: io.err() };
}

async function json(...args: string[]): Promise<InventoryDocument> {
  const r = await run(...args, '--json');
  expect(r.code, r.err).toBe(0);
  return inventoryDocumentSchema.parse(JSON.parse(r.out));
}

const members = () => emu.users().filter((u) => u.userType !== 'Guest' && u.accountEnabled !== false);

test('--json prints one document: every member with the photo Graph has', async () => {
  const r = await run('--json');
  expect(r.code, r.err).toBe(0);
  const raw = JSON.parse(r.out) as InventoryDocument;
  expect(Object.keys(raw).sort()).toEqual(['summary', 'tenantId', 'users']);
  const doc = inventoryDocumentSchema.parse(raw);
  expect(doc.tenantId).toBe(emu.tenantId);
  expect(doc.users.map((u) => u.id).sort()).toEqual(
    members()
      .map((u) => u.id)
      .sort(),
  );
  for (const u of doc.users) {
    expect(Object.keys(u)).toEqual(
      expect.arrayContaining(['id', 'userPrincipalName', 'displayName', 'photo']),
    );
    expect(u.photo === null, u.userPrincipalName).toBe(emu.photoOf(u.id) === null);
    if (u.photo) expect(Object.keys(u.photo).sort()).toEqual(['contentType', 'etag', 'height', 'width']);
  }
  expect(doc.summary.users).toBe(doc.users.length);

  const all = await json('--include-guests', '--include-disabled');
  expect(all.users).toHaveLength(emu.users().length);
});

test('filters: photo status, department, domain, enabled; every one must hold', async () => {
  const none = await json('--filter', 'photo=none');
  expect(none.users.length).toBeGreaterThan(0);
  expect(none.users.every((u) => u.photo === null && u.photoStatus === 'none')).toBe(true);
  expect(none.summary.users).toBe(none.users.length);

  const dept = members().find((u) => u.department)!.department!;
  const byDept = await json(
    '--filter',
    `department=${dept.toUpperCase()}`,
    '--filter',
    'photo=none,present,low-resolution',
  );
  expect(byDept.users.map((u) => u.id).sort()).toEqual(
    members()
      .filter((u) => u.department === dept)
      .map((u) => u.id)
      .sort(),
  );
  const disabled = await json('--include-disabled', '--filter', 'enabled=false');
  expect(disabled.users.length).toBe(
    emu.users().filter((u) => u.userType !== 'Guest' && u.accountEnabled === false).length,
  );
  const domain = members()[0]!.userPrincipalName.split('@')[1]!;
  const byDomain = await json('--filter', `domain=${domain}`);
  expect(byDomain.users.every((u) => u.userPrincipalName.endsWith(`@${domain}`))).toBe(true);
});

test('--group: the members of a group, nested groups included', async () => {
  const [a, b, c, d] = members();
  emu.addGroup({
    id: 'a1f0c6de-0000-4000-8000-000000000001',
    displayName: 'Photo Day Inner',
    members: [c!.id, d!.id],
  });
  emu.addGroup({
    id: 'a1f0c6de-0000-4000-8000-000000000002',
    displayName: 'Photo Day',
    members: [a!.id, b!.id, 'a1f0c6de-0000-4000-8000-000000000001'],
  });
  const byName = await json('--group', 'photo day');
  expect(byName.users.map((u) => u.id).sort()).toEqual([a!.id, b!.id, c!.id, d!.id].sort());
  const byId = await json('--group', 'a1f0c6de-0000-4000-8000-000000000001');
  expect(byId.users.map((u) => u.id).sort()).toEqual([c!.id, d!.id].sort());
  const unknown = await run('--group', 'No Such Group', '--json');
  expect(unknown.code).toBe(2);
  expect(unknown.err).toMatch(/No Such Group/);
  expect(unknown.out).toBe('');
});

test('--missing --csv: the photographer list with department, office and manager', async () => {
  const without = members().filter((u) => emu.photoOf(u.id) === null);
  const boss = members().find((u) => emu.photoOf(u.id) !== null)!;
  const subject: EmulatorUser = without[0]!;
  emu.updateUser(subject.id, { managerId: boss.id });
  const r = await run('--missing', '--csv', 'missing.csv', '--refresh');
  expect(r.code, r.err).toBe(0);
  const text = (await fs.readFile(path.join(tmp, 'missing.csv'), 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trimEnd().split('\r\n');
  expect(lines[0]).toBe(MISSING_PHOTOS_CSV_HEADER.map((h) => `"${h}"`).join(','));
  expect(lines.length - 1).toBe(without.length);
  const row = lines.find((l) => l.includes(`"${subject.userPrincipalName}"`))!;
  expect(row).toContain(`"${boss.displayName}","${boss.userPrincipalName}","No photo"`);
  // Without --json: a short summary for people, with the tenant by name.
  const domain = members()[0]!.userPrincipalName.split('@')[1]!;
  expect(r.out).toMatch(
    new RegExp(
      `^${domain.replace(/\./g, '\\.')}: ${without.length} users \\(of ${members().length} in the inventory\\)\\. 0 with a photo`,
    ),
  );
  expect(r.out).toMatch(new RegExp(`Photos read from Microsoft 365 now: ${members().length}\\.`));
});

test('--csv without --missing writes the inventory rows', async () => {
  const r = await run('--csv', 'all.csv', '--json');
  expect(r.code, r.err).toBe(0);
  const doc = inventoryDocumentSchema.parse(JSON.parse(r.out));
  const lines = (await fs.readFile(path.join(tmp, 'all.csv'), 'utf8')).trimEnd().split('\r\n');
  expect(lines.length - 1).toBe(doc.users.length);
  expect(lines[0]).toMatch(/^\uFEFF"id","userPrincipalName","displayName"/);
});

test('bad filters and options: exit 2 with a clear message, nothing on stdout', async () => {
  for (const [args, message] of [
    [['--filter', 'colour=red'], /unknown key 'colour'.*Keys: photo, missing, department/],
    [['--filter', 'photo=blurry'], /'blurry' is not one of none, present, low-resolution, unreadable/],
    [['--filter', 'enabled=maybe'], /enabled must be true or false \(got 'maybe'\)/],
    [['--filter', 'department'], /key=value/],
    [['--max-age', 'soon'], /--max-age is a whole number of minutes/],
  ] as const) {
    const r = await run(...args, '--json');
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  }
});

test('parseInventoryFilters', () => {
  expect(parseInventoryFilters(['photo=none,low-resolution', 'licensed=FALSE', 'query=ann lee'])).toEqual({
    photo: ['none', 'low-resolution'],
    licensed: false,
    query: 'ann lee',
  });
  expect(() => parseInventoryFilters(['department=A', 'department=B'])).toThrow(/given twice/);
  expect(() => parseInventoryFilters(['office='])).toThrow(/needs a value/);
});
