/**
 * startEmulator: the demo tenant over HTTPS on 127.0.0.1. One port serves both surfaces: the authority at
 * /<tenantId>/... and Graph at /graph/v1.0/... Certificates and the token key are made at start.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificates } from './certs';
import { FaultInjector } from './faults';
import { GraphApi } from './graph';
import { RESET } from './graph-caller';
import { isPeopleAdminBetaPath } from './graph-people-admin';
import { MAX_PHOTO_BYTES } from './graph-photos';
import { errorCodeOf, graphError, jsonResponse, sleep, type EmuRequest, type EmuResponse } from './http-util';
import { Identity } from './identity';
import { createTokenSigner } from './jwt';
import { quirkSettings } from './quirks';
import { renderPortrait } from './portrait';
import { createRng } from './random';
import { RequestLog } from './request-log';
import { markMailboxKinds, seedTenant, SEED_PHOTO_VARIANTS } from './seed';
import { seedGroups } from './seed-groups';
import { photoRecord, TenantStore } from './store';
import { ThrottlingModel } from './throttling';
import type { Emulator, EmulatorOptions, EmulatorUser } from './types';

/** Delegated scopes / app roles the demo tenant has consented to by default. */
/** GroupMember.Read.All: the People screen's group filter and group-scoped runs read transitive members. */
export const DEFAULT_GRANTED_SCOPES = [
  'User.Read',
  'User.Read.All',
  'ProfilePhoto.ReadWrite.All',
  'GroupMember.Read.All',
];
const BATCH_BODY_LIMIT = 32 * 1024 * 1024;

function readBody(req: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining past the limit (answering early would break keep-alive clients mid-upload).
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 'headshot';
  const rng = createRng(`tenant:${seed}`);
  const tenantId = rng.guid();
  const clientId = rng.guid();
  // The secret is random per start, never derived from the seed: it is a secret, even in a demo.
  const clientSecret = `Hs8Q~${randomBytes(27).toString('base64url')}`;

  const quirks = quirkSettings(options.quirks);
  const users: EmulatorUser[] = Array.isArray(options.users)
    ? options.users.map((u) => ({ ...u }))
    : seedTenant({ seed, count: options.users ?? 50 });
  if (quirks.mailboxKinds) markMailboxKinds(users);

  const [certs, seedPhotos] = await Promise.all([
    createCertificates(),
    Promise.all(Array.from({ length: SEED_PHOTO_VARIANTS }, (_, i) => renderPortrait(`seeded:${seed}:${i}`))),
  ]);
  const groups = options.groups
    ? options.groups.map((g) => ({ ...g, members: [...g.members] }))
    : seedGroups(users, seed);
  const store = new TenantStore(
    users,
    seedPhotos.map((bytes) => photoRecord(bytes, 'image/jpeg')),
    groups,
  );
  store.readAfterWriteDelayMs = quirks.readAfterWriteDelayMs ?? 0;
  // The TLS leaf key also signs tokens: one RSA key fewer to generate at start (it is throwaway either way).
  const signer = createTokenSigner(certs.keyPem);

  let origin = '';
  const graphRoot = () => `${origin}/graph/`;
  let latencyMs = options.latencyMs ?? 0;
  const identity = new Identity({
    tenantId,
    clientId,
    clientSecret,
    origin: () => origin,
    store,
    signer,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    grantedScopes: options.grantedScopes ?? DEFAULT_GRANTED_SCOPES,
    signedInUser: options.signedInUser,
    deviceCodeIntervalSeconds: options.deviceCodeIntervalSeconds ?? 5,
  });
  for (const pem of options.clientCertificates ?? []) identity.clientCertificates.add(pem);
  const throttling = new ThrottlingModel(options.throttling, () => store.users.length);
  const faults = new FaultInjector(options.faults ?? [], seed);
  const log = new RequestLog();
  const graph = new GraphApi({
    store,
    signer,
    identity,
    tenantId,
    graphRoot,
    throttling,
    faults,
    log,
    latencyMs: () => latencyMs,
    quirks,
  });

  async function handleIdentity(req: EmuRequest): Promise<EmuResponse | typeof RESET> {
    const seq = log.nextSeq();
    const start = Date.now();
    const fault = faults.pick('identity', req.method, req.path);
    let response: EmuResponse | typeof RESET;
    if (fault?.type === 'reset') response = RESET;
    else if (fault?.type === 'status') {
      const retryAfter =
        fault.retryAfter === undefined
          ? fault.status === 429
            ? '1'
            : null
          : fault.retryAfter === null
            ? null
            : String(fault.retryAfter);
      response = jsonResponse(
        fault.status,
        {
          error: 'temporarily_unavailable',
          error_description: `AADSTS90033: A transient error has occurred. Please try again.`,
          error_codes: [90033],
        },
        retryAfter === null ? {} : { 'retry-after': retryAfter },
      );
    } else {
      if (fault?.type === 'delay') await sleep(fault.ms);
      response = identity.handle(req);
    }
    log.add({
      seq,
      method: req.method,
      path: req.path,
      query: req.rawQuery,
      surface: 'identity',
      user: null,
      appId: req.query.get('client_id'),
      callerId: null,
      status: response === RESET ? 0 : response.status,
      code: response === RESET ? 'connection-reset' : errorCodeOf(response),
      start,
      end: Date.now(),
      concurrencyAtStart: 0,
      mailboxConcurrencyAtStart: 0,
      retryAttempt: null,
      batch: null,
      fault: fault?.type ?? null,
    });
    return response;
  }

  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'https://emulator.invalid');
      const isGraph = url.pathname.startsWith('/graph/');
      const isBatch = url.pathname === '/graph/v1.0/$batch';
      const { body, tooLarge } = await readBody(req, isBatch ? BATCH_BODY_LIMIT : MAX_PHOTO_BYTES);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      const rawPath = (req.url ?? '/').split('?')[0]!;
      const emuReq: EmuRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: rawPath,
        rawQuery: url.search.slice(1),
        query: url.searchParams,
        headers,
        body,
        bodyTooLarge: tooLarge,
      };
      let outcome: EmuResponse | typeof RESET;
      if (isGraph) {
        // beta serves only the photo update settings (src/emulator/graph-people-admin.ts).
        const m = /^\/graph\/(v1\.0|beta)(\/.*)?$/.exec(rawPath);
        const beta = m?.[1] === 'beta';
        if (!m || (beta && !isPeopleAdminBetaPath(m[2] ?? '/'))) {
          outcome = graphError(
            emuReq,
            400,
            'BadRequest',
            'Invalid version: the Headshot demo tenant serves only v1.0.',
          );
        } else if (tooLarge && !/\/photo\/\$value$/.test(rawPath)) {
          outcome = graphError(emuReq, 413, 'RequestBodyTooLarge', 'The request body is too large.');
        } else {
          outcome = await graph.execute(
            { ...emuReq, path: m[2] ?? '/' },
            beta ? { surface: 'graph', version: 'beta' } : { surface: 'graph' },
          );
        }
      } else {
        outcome = await handleIdentity(emuReq);
      }
      if (outcome === RESET) {
        req.socket.destroy();
        return;
      }
      res.writeHead(outcome.status, outcome.headers);
      res.end(outcome.body ?? undefined);
    })().catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`emulator error: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        res.destroy();
      }
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;

  return {
    authority: `${origin}/${tenantId}`,
    graphBaseUrl: graphRoot(),
    tenantId,
    clientId,
    clientSecret,
    caCertPem: certs.caCertPem,
    authorityHost: `127.0.0.1:${port}`,
    graphHost: '127.0.0.1',
    deviceLoginUrl: `${origin}/devicelogin`,
    requests: () => log.all(),
    clearRequests: () => log.clear(),
    setFaults: (rules) => faults.set(rules),
    setThrottling: (opts) => throttling.set(opts),
    setLatency: (ms) => {
      latencyMs = ms;
    },
    setTokenLifetime: (seconds) => {
      identity.config.tokenLifetimeSeconds = seconds;
    },
    expireAccessTokens: () => identity.expireIssuedAccessTokens(),
    approveDeviceCode: (userCode, upn) => identity.approveDeviceCode(userCode, upn),
    setSignedInUser: (upn) => {
      identity.config.signedInUser = upn;
    },
    users: () => store.users,
    addClientCertificate: (pem) => identity.clientCertificates.add(pem),
    addUser: (user) => store.add({ ...user }),
    groups: () => store.groups,
    addGroup: (group) => store.addGroup({ ...group, members: [...group.members] }),
    updateUser: (idOrUpn, patch) => store.update(idOrUpn, patch),
    deleteUser: (idOrUpn) => store.remove(idOrUpn),
    photoOf: (idOrUpn) => {
      const user = store.find(idOrUpn);
      return user ? (store.photo(user.id)?.bytes ?? null) : null;
    },
    setPhoto: (idOrUpn, bytes, contentType = 'image/jpeg') => {
      const user = store.require(idOrUpn);
      store.setPhoto(user.id, bytes ? photoRecord(bytes, contentType) : null);
    },
    violations: () => [...throttling.violations],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
