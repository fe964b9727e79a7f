/** `headshot remove` (and its roll back, resume and listing) against the demo tenant, in-process. */
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
let caFile: string;
let users: EmulatorUser[];
const before = new Map<string, Buffer | null>();

const jpeg = (n: number) =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: { r: n, g: 200, b: 90 } } })
    .jpeg()
    .toBuffer();
const io = () => captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
const auth = () => appOnlyCliArgs(emu, caFile);
const writes = () =>
  emu.requests().filter((e) => e.surface !== 'identity' && e.method !== 'GET' && e.path.includes('/photo'));

interface RemoveJson {
  runId: string;
  results: {
    user: { id: string; userPrincipalName: string } | null;
    status: string;
    backup: string | null;
    error: { code: string; message: string } | null;
  }[];
  summary: Record<string, number>;
}

beforeAll(async () => {
  emu = await startEmulator({ users: 30, seed: 'cli-remove', latencyMs: 2 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-remove-'));
  caFile = path.join(tmp, 'ca.pem');
  await fs.writeFile(caFile, emu.caCertPem);
  users = emu
    .users()
    .filter((u) => u.accountEnabled !== false && u.userType !== 'Guest')
    .slice(0, 6);
  // Users 0-3 have a photo, 4 and 5 none.
  for (const [i, u] of users.entries()) {
    if (i >= 4) emu.setPhoto(u.id, null);
    else if (!emu.photoOf(u.id)) emu.setPhoto(u.id, await jpeg(i), 'image/jpeg');
    before.set(u.id, emu.photoOf(u.id));
  }
  // A leavers list: UPNs, one object id, one name nobody has, in Excel's semicolon dialect.
  const rows = users.map((u, i) => (i === 1 ? u.id : u.userPrincipalName));
  await fs.writeFile(path.join(tmp, 'leavers.csv'), ['user', ...rows, 'nobody@nowhere.example'].join('\r\n'));
});
afterAll(async () => {
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('headshot remove', () => {
  it('refuses bad usage with exit 2 and a clear message', async () => {
    const a = io();
    expect(await runCli(['remove', ...auth(), '--json'], a)).toBe(2);
    expect(a.err()).toMatch(/--users <csv>, --group <id or name> and\/or --disabled/);
    const b = io();
    expect(await runCli(['remove', '--users', 'missing.csv', ...auth()], b)).toBe(2);
    expect(b.err()).toMatch(/missing\.csv/);
    const c = io();
    expect(await runCli(['remove', '--resume', 'x', '--users', 'leavers.csv', ...auth()], c)).toBe(2);
    expect(c.err()).toMatch(/remembers its users/);
  });

  it('without --yes refuses, says how many would lose their photo, and writes nothing', async () => {
    const stateDir = path.join(tmp, 'state-refuse');
    const out = io();
    emu.clearRequests();
    expect(
      await runCli(['remove', '--users', 'leavers.csv', ...auth(), '--state-dir', stateDir, '--json'], out),
    ).toBe(2);
    expect(out.err()).toMatch(/4 of the 6 users selected would lose their photo/);
    expect(out.err()).toMatch(/row 8 \("nobody@nowhere\.example"\)/);
    expect(out.out()).toBe('');
    expect(writes()).toEqual([]);
    await expect(fs.readdir(path.join(stateDir, 'runs'))).rejects.toThrow();
  });

  it('--dry-run reads only; the real run removes, prints the JSON shape, lists the run, and restore puts every photo back', async () => {
    const stateDir = path.join(tmp, 'state');
    const dry = io();
    emu.clearRequests();
    expect(
      await runCli(
        ['remove', '--users', 'leavers.csv', '--dry-run', ...auth(), '--state-dir', stateDir, '--json'],
        dry,
      ),
    ).toBe(0);
    const dryJson = JSON.parse(dry.out()) as RemoveJson;
    expect(dryJson.summary).toEqual({ 'would-remove': 4, 'no-photo': 2, skipped: 1 });
    expect(writes()).toEqual([]);
    for (const u of users) expect(emu.photoOf(u.id)).toEqual(before.get(u.id));

    const real = io();
    expect(
      await runCli(
        ['remove', '--users', 'leavers.csv', '--yes', ...auth(), '--state-dir', stateDir, '--json'],
        real,
      ),
    ).toBe(0);
    const json = JSON.parse(real.out()) as RemoveJson;
    expect(Object.keys(json)).toEqual(['runId', 'results', 'summary']);
    expect(json.summary).toEqual({ removed: 4, 'no-photo': 2, skipped: 1 });
    for (const r of json.results) expect(Object.keys(r)).toEqual(['user', 'status', 'backup', 'error']);
    for (const [i, u] of users.entries()) {
      const row = json.results.find((r) => r.user?.id === u.id)!;
      expect(row.status).toBe(i < 4 ? 'removed' : 'no-photo');
      expect(emu.photoOf(u.id)).toBeNull();
      if (i < 4) expect(await fs.readFile(row.backup!)).toEqual(before.get(u.id));
      else expect(row.backup).toBeNull();
    }
    const notFound = json.results.find((r) => r.user === null)!;
    expect(notFound.status).toBe('skipped');
    expect(notFound.error!.message).toMatch(/nobody@nowhere\.example/);

    const list = io();
    expect(await runCli(['runs', '--state-dir', stateDir, '--json'], list)).toBe(0);
    const runs = (JSON.parse(list.out()) as { runs: { runId: string; kind: string }[] }).runs;
    expect(runs.find((r) => r.runId === json.runId)!.kind).toBe('remove');
    const text = io();
    await runCli(['runs', '--state-dir', stateDir], text);
    expect(text.out()).toMatch(new RegExp(`${json.runId}  remove  completed .*7 users`));

    // A run id that is not there: a usage error.
    const wrong = io();
    expect(
      await runCli(['remove', '--resume', 'nope-1', '--yes', ...auth(), '--state-dir', stateDir], wrong),
    ).toBe(2);
    expect(wrong.err()).toMatch(/No run 'nope-1'/);

    const restore = io();
    emu.clearRequests();
    expect(
      await runCli(['restore', json.runId, '--yes', ...auth(), '--state-dir', stateDir, '--json'], restore),
    ).toBe(0);
    expect((JSON.parse(restore.out()) as RemoveJson).summary).toEqual({ restored: 4 });
    for (const u of users) expect(emu.photoOf(u.id)).toEqual(before.get(u.id));
    expect(writes().every((e) => e.method === 'PUT')).toBe(true);
  });

  it('--disabled removes the photos of disabled accounts only; an interrupted removal resumes with --resume', async () => {
    const disabled = emu.users().filter((u) => u.accountEnabled === false);
    expect(disabled.length).toBeGreaterThan(0);
    for (const [i, u] of disabled.entries()) emu.setPhoto(u.id, await jpeg(100 + i), 'image/jpeg');
    const enabledBefore = new Map(
      emu
        .users()
        .filter((u) => u.accountEnabled !== false)
        .map((u) => [u.id, emu.photoOf(u.id)]),
    );
    const stateDir = path.join(tmp, 'state-disabled');
    // Ctrl-C as the run starts: the run is left cancelled and resumable.
    const first = io();
    const print = first.stderr;
    first.stderr = (t) => {
      print(t);
      if (t.startsWith('Run ')) first.controller.abort();
    };
    const code = await runCli(
      ['remove', '--disabled', '--yes', ...auth(), '--state-dir', stateDir, '--json'],
      first,
    );
    const firstJson = JSON.parse(first.out()) as RemoveJson;
    expect(code).toBe(1);
    expect(firstJson.summary.removed ?? 0).toBeLessThan(disabled.length);

    const resumed = io();
    expect(
      await runCli(
        ['remove', '--resume', firstJson.runId, '--yes', ...auth(), '--state-dir', stateDir, '--json'],
        resumed,
      ),
    ).toBe(0);
    const json = JSON.parse(resumed.out()) as RemoveJson;
    expect(json.runId).toBe(firstJson.runId);
    expect(json.summary).toEqual({ removed: disabled.length });
    for (const u of disabled) expect(emu.photoOf(u.id)).toBeNull();
    for (const [id, photo] of enabledBefore) expect(emu.photoOf(id)).toEqual(photo);
  });

  it('--group narrows to the members of a group (nested included); a group nobody has is a usage error', async () => {
    const [a, b, c] = users;
    emu.addGroup({
      id: '11111111-2222-3333-4444-555555555555',
      displayName: 'Leavers inner',
      members: [b!.id],
    });
    emu.addGroup({
      id: '11111111-2222-3333-4444-666666666666',
      displayName: 'Leavers 2026',
      members: [a!.id, '11111111-2222-3333-4444-555555555555'],
    });
    const stateDir = path.join(tmp, 'state-group');
    const dry = io();
    expect(
      await runCli(
        ['remove', '--group', 'Leavers 2026', '--dry-run', ...auth(), '--state-dir', stateDir, '--json'],
        dry,
      ),
    ).toBe(0);
    const json = JSON.parse(dry.out()) as RemoveJson;
    expect(json.results.map((r) => r.user!.id).sort()).toEqual([a!.id, b!.id].sort());
    expect(json.results.some((r) => r.user!.id === c!.id)).toBe(false);
    const none = io();
    expect(await runCli(['remove', '--group', 'No such group', '--dry-run', ...auth()], none)).toBe(2);
    expect(none.err()).toMatch(/No group named 'No such group'/);
  });
});
