/**
 * The e2e harness: serves the BUILT renderer (out/renderer) under the production CSP and binds the SAME IPC
 * core as Electron (createIpcCore from src/main/ipc) to a WebSocket. Only the transport differs: the sender
 * check is the WebSocket's Origin header instead of the frame URL, and payloads travel as JSON.
 */
import { build } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { resolveAppAsset, resolveGrantedImage, MIME_TYPES } from '../../src/main/app/asset-path';
import { contentSecurityPolicy } from '../../src/main/app/csp';
import { createIpcCore } from '../../src/main/ipc';
import { journalPath, runDir } from '../../src/main/core/runs/run-folders';
import type { DesktopServices } from '../../src/main/use-cases/desktop-services';
import type { FaultRule } from '../../src/emulator/types';
import { createHash } from 'node:crypto';
import { APP_ORIGIN } from '../../src/shared/ipc';
import { type HarnessPlatform, harnessPlatform } from './platform';
import { type ClientMessage, IMAGE_PATH, IPC_PATH, type ServerMessage, STAND_IN_PATH } from './wire';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface HarnessOptions {
  port?: number;
  host?: string;
  rendererDir?: string;
  /** What dialog:chooseFolder answers (null: as if the user cancelled). */
  folder?: string | null;
  /** Where the services keep settings and run state (a temp folder: the harness never touches the user's). */
  dataDir: string;
}

export interface Harness {
  url: string;
  platform: HarnessPlatform;
  /** The desktop flow's services (the demo tenant's emulator is reachable through them). */
  desktop: DesktopServices;
  close: () => Promise<void>;
}

async function bundleStandIn(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(root, 'e2e/harness/stand-in.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning',
  });
  return result.outputFiles[0]?.text ?? '';
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = options.rendererDir ?? path.join(root, 'out/renderer');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  // What the folder dialog answers; a spec may point it elsewhere (/__headshot/test/dialog-folder).
  const dialog = {
    folder: options.folder ?? null,
    file: null as string | null,
    version: pkg.version,
    dataDir: options.dataDir,
  };
  const platform = harnessPlatform(dialog);
  const core = createIpcCore({
    platform,
    onError: (channel, error) => console.error(`[harness] ${channel}:`, error),
  });
  const { desktop } = core;
  const standIn = await bundleStandIn();
  const csp = contentSecurityPolicy();

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://harness');
    if (url.pathname === '/__headshot/health') return send(res, 200, 'text/plain', 'ok');
    if (url.pathname === STAND_IN_PATH) return send(res, 200, MIME_TYPES['.js']!, standIn);
    if (url.pathname === '/__headshot/opened') {
      return send(
        res,
        200,
        MIME_TYPES['.json']!,
        JSON.stringify({ opened: platform.opened, granted: core.grants.grantedFolders }),
      );
    }
    // The harness's stand-in for the scoped image protocol: the same folder scope and check as the app's.
    if (url.pathname === IMAGE_PATH) {
      void resolveGrantedImage(core.grants, url.searchParams.get('path'))
        .then((file) => {
          if (!file) return send(res, 403, 'text/plain', 'Forbidden');
          return readFile(file).then((body) =>
            send(res, 200, 'image/jpeg', body, { 'x-content-type-options': 'nosniff' }),
          );
        })
        .catch(() => send(res, 404, 'text/plain', 'Not found'));
      return;
    }
    // Test-only view of the demo tenant: each user's photo hash, so the flow spec can assert the tenant's state.
    // `sha256` is the photo as stored; `served` (with ?served=1) what Graph serves for it, which a backup keeps.
    if (url.pathname === '/__headshot/demo/photos') {
      const emu = desktop.session.demo()?.emulator;
      const hash = (bytes: Buffer | null | undefined) =>
        bytes ? createHash('sha256').update(bytes).digest('hex') : null;
      const withServed = url.searchParams.get('served') === '1';
      // A read may be throttled (429) or hit an injected fault like any Graph call: try a few times.
      const servedPhoto = async (id: string) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await desktop.session.currentPhoto(id);
          } catch (error) {
            if (attempt >= 4) throw error;
            await new Promise((r) => setTimeout(r, 250 * attempt));
          }
        }
      };
      void (async () => {
        const photos = [];
        for (const u of emu?.users() ?? []) {
          photos.push({
            id: u.id,
            upn: u.userPrincipalName,
            sha256: hash(emu?.photoOf(u.id)),
            ...(withServed ? { served: hash((await servedPhoto(u.id))?.bytes) } : {}),
          });
        }
        const body = { photos: emu ? photos : null, extras: desktop.session.demo()?.extras ?? null };
        send(res, 200, MIME_TYPES['.json']!, JSON.stringify(body));
      })().catch((error: unknown) => send(res, 500, 'text/plain', String(error)));
      return;
    }
    // Test-only controls of the demo tenant (harness only, never in the app): slow it down, script faults (JSON
    // FaultRule[], string paths), read its request log.
    if (url.pathname === '/__headshot/demo/latency' && req.method === 'POST') {
      const emu = desktop.session.demo()?.emulator;
      if (!emu) return send(res, 409, 'text/plain', 'No demo tenant.');
      emu.setLatency(Number(url.searchParams.get('ms') ?? 0));
      return send(res, 200, 'text/plain', 'ok');
    }
    if (url.pathname === '/__headshot/demo/faults' && req.method === 'POST') {
      const emu = desktop.session.demo()?.emulator;
      if (!emu) return send(res, 409, 'text/plain', 'No demo tenant.');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          emu.setFaults(JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]') as FaultRule[]);
          send(res, 200, 'text/plain', 'ok');
        } catch (error) {
          send(res, 400, 'text/plain', String(error));
        }
      });
      return;
    }
    if (url.pathname === '/__headshot/demo/requests') {
      const log = (desktop.session.demo()?.emulator.requests() ?? []).map((r) => ({
        seq: r.seq,
        method: r.method,
        path: r.path,
        surface: r.surface,
        user: r.user,
        status: r.status,
        start: r.start,
        end: r.end,
      }));
      return send(res, 200, MIME_TYPES['.json']!, JSON.stringify(log));
    }
    // Test-only: the folder the next dialogs answer with (JSON { folder }), so a spec that writes files (an
    // export, a saved list) does it in its own folder; answers with the one it replaced.
    // Test-only: the same for the file picker (JSON { file }): a roster CSV, a package .zip.
    const dialogKey =
      url.pathname === '/__headshot/test/dialog-folder'
        ? 'folder'
        : url.pathname === '/__headshot/test/dialog-file'
          ? 'file'
          : null;
    if (dialogKey && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          const next = body[dialogKey];
          if (next !== null && typeof next !== 'string')
            throw new Error(`Expected { ${dialogKey}: string | null }.`);
          const previous = dialog[dialogKey];
          dialog[dialogKey] = next;
          send(res, 200, MIME_TYPES['.json']!, JSON.stringify({ previous }));
        } catch (error) {
          send(res, 400, 'text/plain', String(error));
        }
      });
      return;
    }
    // Test-only: what a crash leaves of a stopped run. Drops the journal's final "cancelled" record and the report,
    // so the run reads as interrupted (no live process holds its lock), as after a kill between two items.
    if (url.pathname === '/__headshot/test/interrupt-run' && req.method === 'POST') {
      void (async () => {
        const runId = url.searchParams.get('runId') ?? '';
        if (desktop.runs.liveIds().includes(runId)) throw new Error('The run is still live.');
        const dir = runDir(await desktop.stateDir(), runId);
        const lines = (await readFile(journalPath(dir), 'utf8')).split('\n').filter(Boolean);
        const last = JSON.parse(lines.at(-1) ?? '{}') as { type?: string; state?: string };
        if (last.type !== 'state' || last.state !== 'cancelled')
          throw new Error('The run was not cancelled.');
        await writeFile(journalPath(dir), lines.slice(0, -1).join('\n') + '\n');
        await rm(path.join(dir, 'report.json'), { force: true });
        await rm(path.join(dir, 'report.csv'), { force: true });
        send(res, 200, 'text/plain', 'ok');
      })().catch((error: unknown) => send(res, 409, 'text/plain', String(error)));
      return;
    }
    // The same URL-to-file mapping as the app:// protocol in Electron.
    const file = resolveAppAsset(`${APP_ORIGIN}${url.pathname}`, rendererDir);
    if (!file) return send(res, 404, 'text/plain', 'Not found');
    readFile(file).then(
      (body) =>
        send(res, 200, MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream', body, {
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff',
        }),
      () => send(res, 404, 'text/plain', 'Not found (run `npm run build` first?)'),
    );
  });

  const wss = new WebSocketServer({ noServer: true });
  let connections = 0;
  server.on('upgrade', (req, socket, head) => {
    const ownOrigin = `http://${req.headers.host ?? ''}`;
    // The harness's sender check: only pages served by this harness may call the handlers.
    if (new URL(req.url ?? '/', 'http://harness').pathname !== IPC_PATH || req.headers.origin !== ownOrigin) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const broadcast = core.events.subscribe((channel, payload) => {
    const message = JSON.stringify({ type: 'event', channel, payload } satisfies ServerMessage);
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(message);
  });

  wss.on('connection', (ws: WebSocket) => {
    const owner = `ws:${++connections}`;
    ws.on('message', (data: Buffer) => {
      let message: ClientMessage;
      try {
        message = JSON.parse(data.toString('utf8')) as ClientMessage;
      } catch {
        return ws.close(1003, 'not JSON');
      }
      if (message.type !== 'invoke' || typeof message.id !== 'number') return ws.close(1003, 'bad message');
      void core.dispatch(message.channel, message.input, core.context(owner)).then((result) => {
        if (ws.readyState === WebSocket.OPEN) {
          ws.send(JSON.stringify({ type: 'result', id: message.id, result } satisfies ServerMessage));
        }
      });
    });
    ws.on('close', () => core.jobs.cancelOwnedBy(owner));
  });

  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    platform,
    desktop,
    close: async () => {
      broadcast();
      // The same shutdown as the app's before-quit.
      await core.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
