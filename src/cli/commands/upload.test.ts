/**
 * `headshot upload | restore | runs` against the demo tenant, in-process (fast) plus SIGKILLed child processes
 * that are then resumed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startEmulator } from '../../emulator/index';
import type { Emulator, EmulatorUser } from '../../emulator/types';
import { processImage } from '../../main/core/imaging/process-image';
import { connect, type Connected } from '../../../test/support/emulator-tenant';
import type { RunReport } from '../../shared/upload';
import { runCli } from '../index';
import { captureIo } from '../../../test/support/capture-io';
import { appOnlyCliArgs } from '../../../test/support/cli-auth';

let emu: Emulator;
let conn: Connected;
let tmp: string;
let folder: string;
let caFile: string;
let users: EmulatorUser[];
const stored = new Map<string, Buffer | null>(); // as seeded
const served = new Map<string, Buffer | null>(); // what GET /photo/$value gave before any run
const expectedSha = new Map<string, string>(); // user id -> sha256 of the processed photo
const outputs: string[] = [];

function io(env: Record<string, string> = {}) {
  const captured = captureIo({ cwd: tmp, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret, ...env } });
  // Every output is kept, so the last test can check that no secret or token ever appeared in any of them.
  return {
    ...captured,
    out: () => (outputs.push(captured.out()), captured.out()),
    err: () => (outputs.push(captured.err()), captured.err()),
  };
}

const auth = () => appOnlyCliArgs(emu, caFile);

beforeAll(async () => {
  emu = await startEmulator({ users: 40, seed: 'cli-upload', latencyMs: 10 });
  conn = await connect(emu);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-cli-upload-'));
  caFile = path.join(tmp, 'ca.pem');
  await fs.writeFile(caFile, emu.caCertPem);
  folder = path.join(tmp, 'photos');
  await fs.mkdir(folder);
  users = emu
    .users()
    .filter(
      (u) => u.accountEnabled !== false && u.userType !== 'Guest' && /^[a-z.]+@/.test(u.userPrincipalName),
    )
    .slice(0, 24);
  for (const [i, u] of users.entries()) {
    const file = path.join(folder, `${u.userPrincipalName}.jpg`);
    await sharp({
      create: { width: 120, height: 120, channels: 3, background: { r: i * 9, g: 255 - i * 9, b: 128 } },
    })
      .jpeg()
      .toFile(file);
    const r = await processImage(file, { size: 648, crop: 'center' });
    if (!r.ok) throw new Error(r.error.message);
    expectedSha.set(u.id, r.sha256);
    stored.set(u.id, emu.photoOf(u.id));
    served.set(u.id, await conn.photos.getBytes(u.id));
  }
  await fs.writeFile(
    path.join(folder, 'IMG_1234.jpg'),
    await sharp({ create: { width: 120, height: 120, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer(),
  );
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
  await fs.rm(tmp, { recursive: true, force: true });
});

function resetTenant() {
  for (const u of users) emu.setPhoto(u.id, stored.get(u.id) ?? null);
}

const sha = (b: Buffer | null) => (b ? createHash('sha256').update(b).digest('hex') : null);

async function checkFinalState(stateDir: string, runId: string) {
  for (const u of users) expect(sha(emu.photoOf(u.id))).toBe(expectedSha.get(u.id));
  const report = JSON.parse(
    await fs.readFile(path.join(stateDir, 'runs', runId, 'report.json'), 'utf8'),
  ) as RunReport;
  for (const row of report.results.filter((r) => r.user)) {
    const before = served.get(row.user!.id)!;
    expect(row.status).toBe('uploaded');
    expect(row.hadPhoto).toBe(before !== null);
    if (before) expect(await fs.readFile(row.backup!)).toEqual(before); // every overwritten photo is in the backup
  }
}

describe('headshot upload / restore / runs', () => {
  it('refuses bad usage with exit 2 and a clear message', async () => {
    const a = io();
    expect(await runCli(['upload', folder, '--client-id', 'x'], a)).toBe(2);
    expect(a.err()).toMatch(/--tenant/);
    const b = io({ HEADSHOT_CLIENT_SECRET: '' });
    expect(await runCli(['upload', folder, ...auth(), '--json'], b)).toBe(2);
    expect(b.err()).toMatch(/HEADSHOT_CLIENT_SECRET/);
    const c = io();
    expect(
      await runCli(['upload', folder, ...auth(), '--state-dir', path.join(tmp, 's0'), '--json'], c),
    ).toBe(2);
    expect(c.err()).toMatch(/add --yes/);
    const d = io({ HEADSHOT_CLIENT_SECRET: 'wrong-secret' });
    expect(await runCli(['upload', folder, ...auth(), '--yes', '--json'], d)).toBe(2);
    expect(d.err()).toMatch(/Sign-in failed/);
  });

  it('dry run writes nothing; upload, re-run, runs and restore work end to end; no secret is ever printed or stored', async () => {
    resetTenant();
    const stateDir = path.join(tmp, 'state-e2e');
    emu.clearRequests();
    const dry = io();
    expect(
      await runCli(['upload', folder, ...auth(), '--state-dir', stateDir, '--dry-run', '--json'], dry),
    ).toBe(0);
    const dryJson = JSON.parse(dry.out()) as {
      runId: string;
      results: { file: string; status: string; user: unknown; error: unknown; backup: unknown }[];
      summary: Record<string, number>;
    };
    expect(dryJson.summary).toEqual({ 'dry-run': users.length, skipped: 1 });
    expect(dryJson.results.find((r) => r.file === 'IMG_1234.jpg')).toMatchObject({
      status: 'skipped',
      user: null,
      backup: null,
    });
    expect(Object.keys(dryJson.results[0]!).sort()).toEqual(['backup', 'error', 'file', 'status', 'user']);
    expect(
      emu
        .requests()
        .filter((e) => e.surface !== 'identity' && ['PUT', 'PATCH', 'DELETE', 'POST'].includes(e.method)),
    ).toEqual([]);

    const up = io();
    expect(await runCli(['upload', folder, ...auth(), '--state-dir', stateDir, '--yes', '--json'], up)).toBe(
      0,
    );
    const upJson = JSON.parse(up.out()) as typeof dryJson;
    expect(upJson.summary).toEqual({ uploaded: users.length, skipped: 1 });
    await checkFinalState(stateDir, upJson.runId);
    const row = upJson.results.find((r) => r.status === 'uploaded')!;
    expect(row.user).toEqual({
      id: expect.any(String) as string,
      userPrincipalName: expect.any(String) as string,
    });

    emu.clearRequests();
    const again = io();
    expect(
      await runCli(['upload', folder, ...auth(), '--state-dir', stateDir, '--yes', '--json'], again),
    ).toBe(0);
    expect((JSON.parse(again.out()) as typeof dryJson).summary).toEqual({
      unchanged: users.length,
      skipped: 1,
    });
    expect(emu.requests().filter((e) => e.method === 'PUT')).toEqual([]);

    const runs = io();
    expect(await runCli(['runs', '--state-dir', stateDir, '--json'], runs)).toBe(0);
    const list = (JSON.parse(runs.out()) as { runs: { runId: string; state: string; dryRun: boolean }[] })
      .runs;
    expect(list).toHaveLength(3);
    expect(list.every((r) => r.state === 'completed')).toBe(true);

    const restore = io();
    expect(
      await runCli(['restore', upJson.runId, ...auth(), '--state-dir', stateDir, '--yes', '--json'], restore),
    ).toBe(0);
    expect((JSON.parse(restore.out()) as typeof dryJson).summary).toEqual({ restored: users.length });
    // Byte for byte: each user holds exactly what Graph served before the run, or no photo.
    for (const u of users) expect(emu.photoOf(u.id)).toEqual(served.get(u.id));

    // Secrets hygiene: no client secret or JWT in anything printed or stored.
    const files = (await fs.readdir(stateDir, { recursive: true })).map((f) => path.join(stateDir, f));
    const texts = [...outputs];
    for (const f of files) if ((await fs.stat(f)).isFile()) texts.push(await fs.readFile(f, 'latin1'));
    for (const t of texts) {
      expect(t).not.toContain(emu.clientSecret);
      expect(t).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    }
  });

  it('a child killed with SIGKILL at random points is resumed to the right final state, with every overwritten photo backed up', async () => {
    const trials = 10;
    let resumedMidRun = 0;
    for (let t = 0; t < trials; t++) {
      resetTenant();
      const stateDir = path.join(tmp, `kill-${t}`);
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'upload',
          folder,
          ...auth(),
          '--state-dir',
          stateDir,
          '--yes',
          '--json',
          '--concurrency',
          '4',
        ],
        {
          cwd: path.resolve(__dirname, '../../..'),
          env: { ...process.env, HEADSHOT_CLIENT_SECRET: emu.clientSecret },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let stderr = '';
      const started = new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/Run \S+: /.test(stderr)) resolve();
        });
        void exited.then(resolve);
      });
      child.stdout.resume();
      await started;
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 700)));
      child.kill('SIGKILL');
      await exited;
      const runs = io();
      await runCli(['runs', '--state-dir', stateDir, '--json'], runs);
      const [run] = (JSON.parse(runs.out()) as { runs: { runId: string; state: string }[] }).runs;
      expect(run, stderr).toBeDefined();
      if (run!.state === 'interrupted') {
        resumedMidRun += 1;
        const resume = io();
        const code = await runCli(
          ['upload', '--resume', run!.runId, ...auth(), '--state-dir', stateDir, '--yes', '--json'],
          resume,
        );
        expect(code, resume.err()).toBe(0);
      } else {
        expect(run!.state).toBe('completed');
      }
      await checkFinalState(stateDir, run!.runId);
    }
    expect(resumedMidRun).toBeGreaterThanOrEqual(trials / 2);
    expect(emu.violations()).toEqual([]);
  }, 170_000);
});
