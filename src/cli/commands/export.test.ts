/** `headshot export` against the demo tenant, in-process: the JSON document, a users CSV, re-export, exit codes. */
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
let members: EmulatorUser[];

const io = () => captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
const auth = () => [...appOnlyCliArgs(emu, caFile), '--state-dir', path.join(tmp, 'state')];

interface ExportJson {
  state: string;
  results: {
    user: { id: string };
    status: string;
    file: string | null;
    sha256: string | null;
    error: string | null;
  }[];
  summary: Record<string, number>;
  problems: string[];
}

beforeAll(async () => {
  emu = await startEmulator({ users: 30, seed: 'cli-export', latencyMs: 1 });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-export-'));
  caFile = path.join(tmp, 'ca.pem');
  await fs.writeFile(caFile, emu.caCertPem);
  members = emu
    .users()
    .filter((u) => u.userType !== 'Guest' && u.accountEnabled !== false && !u.mailboxOnPremises);
  for (const [i, u] of members.slice(0, 6).entries()) {
    const jpeg = await sharp({
      create: { width: 96, height: 96, channels: 3, background: { r: i * 30, g: 9, b: 9 } },
    })
      .jpeg()
      .toBuffer();
    emu.setPhoto(u.id, i === 5 ? null : jpeg);
  }
});
afterAll(async () => {
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('headshot export', () => {
  it('exports the users of a CSV, prints one JSON document, and reports a row that names nobody', async () => {
    const csv = path.join(tmp, 'users.csv');
    const listed = members.slice(0, 6);
    await fs.writeFile(
      csv,
      ['user', ...listed.map((u) => u.userPrincipalName), 'nobody@nowhere.example'].join('\n'),
    );
    const folder = path.join(tmp, 'out');
    const cap = io();
    const code = await runCli(['export', folder, '--users', csv, '--json', ...auth()], cap);
    const doc = JSON.parse(cap.out()) as ExportJson;
    expect(doc.state).toBe('completed');
    expect(doc.results).toHaveLength(6);
    expect(doc.summary).toMatchObject({ exported: 5, 'no-photo': 1, failed: 0 });
    for (const r of doc.results) {
      const stored = emu.photoOf(r.user.id);
      if (!stored) expect(r).toMatchObject({ status: 'no-photo', file: null });
      else expect((await fs.readFile(path.join(folder, r.file!))).equals(stored)).toBe(true);
    }
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatch(/^row 8: /);
    expect(cap.err()).toMatch(/users CSV row 8/);
    expect(code).toBe(1); // a row named nobody

    // Again, without the bad row: everything is unchanged, exit 0.
    await fs.writeFile(csv, ['user', ...listed.map((u) => u.userPrincipalName)].join('\n'));
    const again = io();
    expect(await runCli(['export', folder, '--users', csv, '--json', ...auth()], again)).toBe(0);
    const second = JSON.parse(again.out()) as ExportJson;
    expect(second.summary).toMatchObject({ unchanged: 5, 'no-photo': 1, exported: 0 });
  });

  it('exports everyone (members, enabled) by default, named by employee ID where there is one', async () => {
    const folder = path.join(tmp, 'everyone');
    const cap = io();
    const code = await runCli(
      ['export', folder, '--name', 'employeeId', '--size', '48', '--json', ...auth()],
      cap,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(cap.out()) as ExportJson;
    const ids = new Set(doc.results.map((r) => r.user.id));
    expect(ids).toEqual(new Set(members.map((u) => u.id)));
    const withPhoto = doc.results.filter((r) => r.status === 'exported');
    expect(withPhoto.length).toBeGreaterThan(0);
    for (const r of withPhoto) {
      const meta = await sharp(path.join(folder, r.file!)).metadata();
      expect([meta.width, meta.height]).toEqual([48, 48]);
    }
  });

  it('exports the members of a group, nested groups included; an unknown group is exit 2', async () => {
    const inner = '22222222-0000-4000-8000-0000000000e1';
    emu.addGroup({ id: inner, displayName: 'Export Inner', members: [members[1]!.id] });
    emu.addGroup({
      id: '22222222-0000-4000-8000-0000000000e2',
      displayName: 'Export Crew',
      members: [members[0]!.id, inner],
    });
    const cap = io();
    expect(
      await runCli(['export', path.join(tmp, 'crew'), '--group', 'export crew', '--json', ...auth()], cap),
    ).toBe(0);
    const doc = JSON.parse(cap.out()) as ExportJson;
    expect(doc.results.map((r) => r.user.id).sort()).toEqual([members[0]!.id, members[1]!.id].sort());
    expect(doc.summary).toMatchObject({ exported: 2 });

    const unknown = io();
    expect(
      await runCli(['export', path.join(tmp, 'crew'), '--group', 'No Such Group', ...auth()], unknown),
    ).toBe(2);
    expect(unknown.err()).toMatch(/No group named 'No Such Group'/);
  });

  it('refuses bad options with exit 2', async () => {
    for (const bad of [
      ['export', path.join(tmp, 'x'), '--size', '100', ...auth()],
      ['export', path.join(tmp, 'x'), '--name', 'nickname', ...auth()],
      ['export', ...auth()],
      ['export', path.join(tmp, 'x'), '--users', 'a.csv', '--group', 'g', ...auth()],
    ]) {
      const cap = io();
      expect(await runCli(bad, cap)).toBe(2);
      expect(cap.err()).toMatch(
        /--size must be one of 48, 64|--name must be upn|exactly one folder|--users or --group, not both/,
      );
    }
    const missing = io();
    expect(
      await runCli(
        ['export', path.join(tmp, 'x'), '--users', path.join(tmp, 'none.csv'), ...auth()],
        missing,
      ),
    ).toBe(2);
    expect(missing.err()).toMatch(/users file/i);
    const aFile = path.join(tmp, 'a-file');
    await fs.writeFile(aFile, 'not a folder');
    const notFolder = io();
    expect(await runCli(['export', aFile, ...auth()], notFolder)).toBe(2);
    expect(notFolder.err()).toMatch(/The export folder .*a-file cannot be used/);
  });
});
