/**
 * One processing plan: a run started in the app (the run use case, with a hand-drawn crop and a non-default
 * quality) and resumed by the CLI uploads exactly the bytes the app would have uploaded.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/index';
import { captureIo } from '../support/capture-io';
import { processImage } from '../../src/main/core/imaging/process-image';
import { importWithPreviews } from '../../src/main/use-cases/import-folder';
import { RunService } from '../../src/main/use-cases/run-service';
import { SessionService } from '../../src/main/use-cases/session-service';
import type { ReviewedPair } from '../../src/shared/review';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { appOnlyCliArgs } from '../support/cli-auth';

let dir: string;
let session: SessionService;
afterAll(async () => {
  await session?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sha = (bytes: Buffer | null | undefined) =>
  bytes ? createHash('sha256').update(bytes).digest('hex') : null;

it('a run started in the app with per-photo crops and quality is resumed by the CLI with the same bytes', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-one-plan-'));
  const stateDir = path.join(dir, 'state');
  session = new SessionService({ dataDir: dir, openBrowser: () => Promise.reject(new Error('no browser')) });
  const demo = await session.startDemo();
  const emu = session.demo()!.emulator;
  const quality = 71;
  const runs = new RunService({
    session,
    stateDir: () => Promise.resolve(stateDir),
    settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, quality, concurrency: 1 }),
    onEvent: () => undefined,
  });
  const imported = await importWithPreviews(
    { folder: demo.folder, mappingCsv: demo.mappingCsv },
    { directory: () => session.directory(), previewRoot: path.join(dir, 'pv'), imageUrl: (f) => f },
  );
  const rect = { left: 0.1, top: 0, width: 0.6, height: 0.6 };
  const pairs: ReviewedPair[] = imported.items
    .filter((i) => i.status === 'matched' && i.user)
    .slice(0, 3)
    .map((i, n) => ({
      file: i.file,
      user: i.user!,
      method: i.method,

      crop: n === 2 ? { strategy: 'rect' as const, rect } : { strategy: 'attention' as const },
    }));
  expect(pairs).toHaveLength(3);
  const abs = (file: string) => path.join(demo.folder, file);

  // What the app's plan means for each photo, and proof that it differs from the defaults a plan-less resume used.
  const expected = new Map<string, string>();
  for (const [n, p] of pairs.entries()) {
    const crop = n === 2 ? { crop: 'rect' as const, rect } : { crop: 'attention' as const };
    const out = await processImage(abs(p.file), { size: 648, quality, ...crop });
    if (!out.ok) throw new Error(out.error.message);
    expected.set(p.user.id, out.sha256);
  }
  const plain = await processImage(abs(pairs[2]!.file), { size: 648, crop: 'center' });
  expect(plain.ok && plain.sha256).not.toBe(expected.get(pairs[2]!.user.id));

  // The app starts the run and is stopped at once: the CLI finishes it.
  emu.setLatency(200);
  const handle = await runs.start({ importRecord: imported, pairs, dryRun: false });
  handle.cancel();
  const first = await handle.done;
  emu.setLatency(0);
  const uploadedByApp = first.report.summary.uploaded ?? 0;
  expect(uploadedByApp).toBeLessThan(3);

  const caFile = path.join(dir, 'ca.pem');
  await writeFile(caFile, emu.caCertPem);
  const io = captureIo({ cwd: dir, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
  const code = await runCli(
    ['upload', '--resume', handle.runId, '--yes', '--state-dir', stateDir, ...appOnlyCliArgs(emu, caFile)],
    io,
  );
  expect(io.err()).not.toMatch(/cannot continue/);
  expect(code).toBe(0);
  for (const p of pairs) expect(sha(emu.photoOf(p.user.id))).toBe(expected.get(p.user.id));
});
