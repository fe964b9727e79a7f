/**
 * Issue 15: a whole upload through the app's use cases and through the CLI, logging at debug to a file, leaves no
 * token, secret, bearer header or image bytes in any log or output. The tokens checked for are the ones the
 * demo tenant really issued (captured at MSAL's network client), not guesses.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { runCli } from '../../../cli/index';
import { captureIo } from '../../../../test/support/capture-io';
import { appOnlyCliArgs } from '../../../../test/support/cli-auth';
import { importWithPreviews } from '../../use-cases/import-folder';
import { RunService } from '../../use-cases/run-service';
import { SessionService } from '../../use-cases/session-service';
import { buildDiagnostics, diagnosticsText } from './diagnostics';
import { rootLogger } from './logger';
import { setUpLogging, tearDownLogging } from './setup';
import type * as NetworkClientModule from '../tenant/network-client';

/** Every token the identity endpoint handed out in this process. */
const issued = new Set<string>();

vi.mock('../tenant/network-client', async (importOriginal) => {
  const original = await importOriginal<typeof NetworkClientModule>();
  return {
    createMsalNetworkClient: (...args: Parameters<typeof original.createMsalNetworkClient>) => {
      const client = original.createMsalNetworkClient(...args);
      const capture = <T>(response: { body: T }) => {
        const body = response.body as Record<string, unknown>;
        for (const key of ['access_token', 'refresh_token', 'id_token']) {
          if (typeof body?.[key] === 'string') issued.add(body[key]);
        }
        return response;
      };
      return {
        sendGetRequestAsync: async <T>(...a: Parameters<typeof client.sendGetRequestAsync>) =>
          capture(await client.sendGetRequestAsync<T>(...a)),
        sendPostRequestAsync: async <T>(...a: Parameters<typeof client.sendPostRequestAsync>) =>
          capture(await client.sendPostRequestAsync<T>(...a)),
      };
    },
  };
});

const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const TEXT_EXT = new Set(['.log', '.json', '.jsonl', '.csv', '.txt', '.ndjson', '']);

interface Leak {
  where: string;
  what: string;
}

/**
 * What of `secrets` (and the generic shapes) a text holds. `binary` files (photos, backups) are checked for the
 * exact secrets only. In logs and outputs any `eyJ` counts; in state files only a JWT's header.payload shape does,
 * because the directory cache keeps Graph's delta link, whose cursor may be base64 JSON too (the demo's is).
 */
function findLeaks(
  where: string,
  content: Buffer,
  secrets: Map<string, string>,
  kind: 'output' | 'state' | 'binary' = 'output',
): Leak[] {
  const leaks: Leak[] = [];
  const text = content.toString('latin1');
  for (const [what, value] of secrets) if (value && text.includes(value)) leaks.push({ where, what });
  if (kind === 'binary') return leaks;
  if (/Bearer /i.test(text)) leaks.push({ where, what: 'a "Bearer " header' });
  const jwt = kind === 'output' ? /eyJ/ : /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}/;
  if (jwt.test(text)) leaks.push({ where, what: 'a JWT (eyJ…)' });
  if (content.includes(JPEG_SOI)) leaks.push({ where, what: 'JPEG bytes' });
  return leaks;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Scans every file under `dirs` (photos and backups for the exact secrets only) and the given outputs. */
async function scan(dirs: string[], outputs: Record<string, string>, secrets: Map<string, string>) {
  const leaks: Leak[] = [];
  for (const dir of dirs) {
    for (const file of await filesUnder(dir)) {
      const binary =
        !TEXT_EXT.has(path.extname(file).toLowerCase()) || file.includes(`${path.sep}backup${path.sep}`);
      const kind = binary ? 'binary' : file.endsWith('.log') ? 'output' : 'state';
      leaks.push(...findLeaks(file, await fs.readFile(file), secrets, kind));
    }
  }
  for (const [where, text] of Object.entries(outputs))
    leaks.push(...findLeaks(where, Buffer.from(text), secrets));
  return leaks;
}

function secretsFound(extra: Record<string, string>): Map<string, string> {
  const secrets = new Map(Object.entries(extra));
  [...issued].forEach((t, i) => secrets.set(`issued token #${i + 1}`, t));
  return secrets;
}

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-no-secrets-'));
});
afterAll(async () => {
  tearDownLogging();
  if (!process.env.KEEP_TMP) await fs.rm(tmp, { recursive: true, force: true });
});

describe('no secret in any log or output', () => {
  it('the scanner finds a planted token, bearer header, JWT and JPEG bytes', () => {
    const secrets = new Map([['the token', 'opaque-token-123']]);
    const planted = Buffer.concat([
      Buffer.from('x opaque-token-123 Authorization: Bearer abc eyJhbGciOi '),
      JPEG_SOI,
    ]);
    expect(findLeaks('planted', planted, secrets).map((l) => l.what)).toEqual([
      'the token',
      'a "Bearer " header',
      'a JWT (eyJ…)',
      'JPEG bytes',
    ]);
    expect(findLeaks('clean', Buffer.from('run finished {"uploaded":3}'), secrets)).toEqual([]);
    const cursor = Buffer.from('"deltaLink":"…$deltatoken=eyJzaW5jZSI6MCwibyI6MH0"');
    expect(findLeaks('directory.json', cursor, secrets, 'state')).toEqual([]);
    const jwt = Buffer.from('{"t":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig"}');
    expect(findLeaks('run.json', jwt, secrets, 'state').map((l) => l.what)).toEqual(['a JWT (eyJ…)']);
  });

  it('an upload through the app use cases', async () => {
    const dir = path.join(tmp, 'app');
    const logFile = path.join(dir, 'logs', 'headshot.log');
    const logging = setUpLogging({ level: 'debug', file: logFile });
    const session = new SessionService({
      dataDir: dir,
      openBrowser: () => Promise.reject(new Error('no browser')),
    });
    try {
      const demo = await session.startDemo();
      const emu = session.demo()!.emulator;
      const runs = new RunService({
        session,
        stateDir: () => Promise.resolve(path.join(dir, 'state')),
        settings: () => Promise.resolve({ ...DEFAULT_SETTINGS, concurrency: 2 }),
        onEvent: () => undefined,
      });
      const imported = await importWithPreviews(
        { folder: demo.folder, mappingCsv: demo.mappingCsv },
        { directory: () => session.directory(), previewRoot: path.join(dir, 'pv'), imageUrl: (f) => f },
      );
      const pairs = imported.items
        .filter((i) => i.status === 'matched' && i.user)
        .slice(0, 4)
        .map((i) => ({
          file: i.file,
          user: i.user!,
          method: i.method,
          crop: { strategy: 'center' as const },
        }));
      expect(pairs.length).toBe(4);
      const handle = await runs.start({ importRecord: imported, pairs, dryRun: false });
      const outcome = await handle.done;
      expect(outcome.report.summary).toMatchObject({ uploaded: 4 });
      // A failure is logged with its error: still no secret in it.
      await expect(runs.resume('no-such-run')).rejects.toThrow();
      const access = await session.require().auth.getAccessToken();
      const diagnostics = diagnosticsText(
        buildDiagnostics({
          now: new Date(),
          app: {
            name: 'Headshot',
            version: '0.0.0',
            runtime: 'harness',
            platform: process.platform,
            arch: process.arch,
            versions: { node: process.versions.node, electron: null, chrome: null },
            packaged: false,
          },
          os: { release: os.release(), locale: 'en-US' },
          settings: DEFAULT_SETTINGS,
          session: session.info(),
          log: { level: rootLogger().level(), file: logging.file },
          recentErrors: logging.recent.list(),
        }),
      );
      await session.signOut();

      const log = await fs.readFile(logFile, 'utf8');
      // The log says what happened (so the scan below is looking at something).
      expect(log).toMatch(/\[session\] demo tenant signed in/);
      expect(log).toMatch(/\[run\] run started/);
      expect(log).toMatch(/\[run\] run finished .*"uploaded":4/);
      expect(log).toMatch(/DEBUG \[run\] photo done/);
      expect(log).toMatch(/\[session\] signed out/);
      expect(issued.has(access)).toBe(true);
      expect([...issued].some((t) => t.startsWith('1.AEMU'))).toBe(true); // a refresh token was issued and is checked

      const secrets = secretsFound({ 'demo client secret': emu.clientSecret, 'access token in use': access });
      expect(await scan([dir], { diagnostics }, secrets)).toEqual([]);
    } finally {
      await session.dispose();
      tearDownLogging();
    }
  });

  describe('an upload through the CLI', () => {
    let emu: Emulator;
    beforeAll(async () => {
      emu = await startEmulator({ users: 12, seed: 'no-secrets', latencyMs: 5 });
    });
    afterAll(async () => {
      await emu?.stop();
    });

    it('leaves nothing in stdout, stderr, the log, the journal or the report', async () => {
      const dir = path.join(tmp, 'cli');
      const folder = path.join(dir, 'photos');
      const stateDir = path.join(dir, 'state');
      const logFile = path.join(dir, 'logs', 'cli.log');
      await fs.mkdir(folder, { recursive: true });
      const caFile = path.join(dir, 'ca.pem');
      await fs.writeFile(caFile, emu.caCertPem);
      const users = emu
        .users()
        .filter(
          (u) =>
            u.accountEnabled !== false && u.userType !== 'Guest' && /^[a-z.]+@/.test(u.userPrincipalName),
        )
        .slice(0, 3);
      for (const [i, u] of users.entries()) {
        await sharp({
          create: { width: 96, height: 96, channels: 3, background: { r: i * 60, g: 90, b: 200 } },
        })
          .jpeg()
          .toFile(path.join(folder, `${u.userPrincipalName}.jpg`));
      }
      const before = issued.size;
      const io = captureIo({ cwd: dir, env: { HEADSHOT_CLIENT_SECRET: emu.clientSecret } });
      const args = [...appOnlyCliArgs(emu, caFile), '--state-dir', stateDir, '--log-level', 'debug'];
      const code = await runCli(['upload', folder, ...args, '--yes', '--json', '--log-file', logFile], io);
      expect(code).toBe(0);
      expect(JSON.parse(io.out())).toMatchObject({ summary: { uploaded: 3 } });
      // A failed sign-in (wrong secret) is logged too.
      const bad = captureIo({ cwd: dir, env: { HEADSHOT_CLIENT_SECRET: 'wrong-secret-value' } });
      expect(await runCli(['upload', folder, ...args, '--yes', '--log-file', logFile], bad)).not.toBe(0);

      expect(issued.size).toBeGreaterThan(before); // the CLI's own token was captured
      const log = await fs.readFile(logFile, 'utf8');
      expect(log).toMatch(/\[cli\] command started \{"command":"upload"\}/);
      expect(log).toMatch(/\[cli\] command finished \{"command":"upload","exitCode":0\}/);
      expect(log).toMatch(/\[cli\] command finished \{"command":"upload","exitCode":[1-9]\d*\}/);

      const secrets = secretsFound({
        'client secret': emu.clientSecret,
        'wrong client secret': 'wrong-secret-value',
      });
      const outputs = {
        stdout: io.out(),
        stderr: io.err(),
        'stdout (bad)': bad.out(),
        'stderr (bad)': bad.err(),
      };
      expect(await scan([stateDir, path.dirname(logFile)], outputs, secrets)).toEqual([]);
    });
  });
});
