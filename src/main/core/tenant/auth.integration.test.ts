/** Sign-in flows with the real MSAL against the demo tenant, the cache seam, sign-out and the pre-flight. */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { simulatedBrowser, startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import { createGraphClient } from './graph-client';
import { createHttpsFetch } from './https-fetch';
import { AuthError, createAuthSession, parseCertificatePem, type AuthConfig } from './auth-session';
import { resolveCloud } from './clouds';
import { checkClaims, readTokenClaims, runPreflight } from './preflight';
import { MemoryTokenCacheStore } from './token-cache';

let emu: Emulator;
let fetchImpl: ReturnType<typeof createHttpsFetch>;

beforeAll(async () => {
  emu = await startEmulator({ users: 20, seed: 'auth', deviceCodeIntervalSeconds: 1 });
  fetchImpl = createHttpsFetch({ ca: emu.caCertPem });
});
afterAll(async () => {
  fetchImpl?.close();
  await emu?.stop();
});

function config(extra: Partial<AuthConfig>): AuthConfig {
  return {
    cloud: resolveCloud({ tenant: emu.tenantId, authority: emu.authority, graphUrl: emu.graphBaseUrl }),
    clientId: emu.clientId,
    mode: 'interactive',
    fetch: fetchImpl,
    ...extra,
  };
}

function graphFor(session: ReturnType<typeof createAuthSession>) {
  return createGraphClient({
    cloud: session.config.cloud,
    getAccessToken: () => session.getAccessToken(),
    fetch: fetchImpl,
  });
}

describe('sign-in against the demo tenant', () => {
  it('the custom CA is trusted by our clients only, not by the global fetch', async () => {
    await expect(fetch(`${emu.authority}/v2.0/.well-known/openid-configuration`)).rejects.toThrow();
    const ok = await fetchImpl(`${emu.authority}/v2.0/.well-known/openid-configuration`);
    expect(ok.status).toBe(200);
  });

  it('interactive (system browser, loopback form_post, PKCE): signs in, silent refresh, cache persists, sign-out clears it', async () => {
    const store = new MemoryTokenCacheStore();
    const opened: string[] = [];
    const browser = simulatedBrowser(emu.caCertPem);
    const session = createAuthSession(
      config({ cacheStore: store, openBrowser: async (url) => (opened.push(url), browser(url)) }),
    );
    const who = await session.signIn();
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).searchParams.get('code_challenge_method')).toBe('S256');
    expect(who.account).toMatch(/@/);
    const token = await session.getAccessToken();
    const claims = readTokenClaims(token)!;
    expect(String(claims.scp)).toContain('ProfilePhoto.ReadWrite.All');
    expect(await store.load()).toContain('"AccessToken"');

    // Forced refresh goes through the refresh token: no second browser.
    const refreshed = await session.getAccessToken({ forceRefresh: true });
    expect(refreshed).not.toBe(token);
    expect(opened).toHaveLength(1);

    // A second session on the same store signs in silently (the app's safeStorage store works the same way).
    const again = createAuthSession(
      config({ cacheStore: store, openBrowser: () => Promise.reject(new Error('no browser expected')) }),
    );
    await again.signIn();

    const pre = await runPreflight(await session.getAccessToken(), graphFor(session));
    expect(pre).toMatchObject({ ok: true, kind: 'delegated', problems: [] });

    await session.signOut();
    expect(await store.load()).toBeNull();
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'not-signed-in' });
  });

  it('device code: shows the code, polls until approved', async () => {
    const session = createAuthSession(
      config({
        mode: 'device-code',
        onDeviceCode: (info) => {
          expect(info.message).toContain(info.userCode);
          setTimeout(() => emu.approveDeviceCode(info.userCode), 200);
        },
      }),
    );
    const who = await session.signIn();
    expect(who.mode).toBe('device-code');
    expect(readTokenClaims(await session.getAccessToken())!.scp).toBeDefined();
  });

  it('client credentials with a secret: app-only roles pass the pre-flight; a 401 refresh is shared', async () => {
    const session = createAuthSession(config({ mode: 'client-credentials', clientSecret: emu.clientSecret }));
    await session.signIn();
    const token = await session.getAccessToken();
    expect(readTokenClaims(token)!.roles).toEqual(
      expect.arrayContaining(['ProfilePhoto.ReadWrite.All', 'User.Read.All']),
    );
    const pre = await runPreflight(token, graphFor(session));
    expect(pre).toMatchObject({ ok: true, kind: 'app-only' });
    const generation = session.tokenGeneration();
    await new Promise((r) => setTimeout(r, 1100)); // a new iat second, so the new token differs
    await Promise.all([
      session.refreshAfterUnauthorized(generation),
      session.refreshAfterUnauthorized(generation),
    ]);
    expect(session.tokenGeneration()).toBe(generation + 1);
    expect(await session.getAccessToken()).not.toBe(token);
  });

  it('client credentials with a certificate: MSAL signs a client assertion the tenant verifies', async () => {
    const makeCertificate = (name: string) => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const privateKey = forge.pki.privateKeyFromPem(
        pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      );
      const cert = forge.pki.createCertificate();
      cert.publicKey = forge.pki.publicKeyFromPem(
        pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      );
      cert.serialNumber = '01';
      cert.validity.notBefore = new Date(Date.now() - 60_000);
      cert.validity.notAfter = new Date(Date.now() + 86_400_000);
      cert.setSubject([{ name: 'commonName', value: name }]);
      cert.setIssuer([{ name: 'commonName', value: name }]);
      cert.sign(privateKey, forge.md.sha256.create());
      const certificatePem = forge.pki.certificateToPem(cert);
      return { certificatePem, pem: certificatePem + privatePem };
    };
    const registered = makeCertificate('headshot-registered');
    const stranger = makeCertificate('headshot-stranger');
    emu.addClientCertificate(registered.certificatePem);

    const session = createAuthSession(
      config({ mode: 'client-credentials', certificate: parseCertificatePem(registered.pem) }),
    );
    await session.signIn();
    const token = await session.getAccessToken();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      idtyp: string;
      roles: string[];
    };
    expect(claims.idtyp).toBe('app');
    expect(claims.roles).toContain('ProfilePhoto.ReadWrite.All');

    // A certificate the app never registered is refused, with Entra's reason.
    const refused = createAuthSession(
      config({ mode: 'client-credentials', certificate: parseCertificatePem(stranger.pem) }),
    );
    const error = (await refused.signIn().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).toMatch(/not registered/);
    expect(() => parseCertificatePem('nothing here')).toThrow(/CERTIFICATE/);
    expect(() => createAuthSession(config({ mode: 'client-credentials' }))).toThrow(/HEADSHOT_CLIENT_SECRET/);
  });

  it('pre-flight explains a missing permission and a missing admin role in plain words', async () => {
    const limited = await startEmulator({
      users: 10,
      seed: 'auth-limited',
      grantedScopes: ['User.Read', 'User.Read.All'],
    });
    const f = createHttpsFetch({ ca: limited.caCertPem });
    try {
      const member = limited.users().find((u) => !(u.roles ?? []).length && u.userType !== 'Guest')!;
      limited.setSignedInUser(member.userPrincipalName);
      const session = createAuthSession({
        cloud: resolveCloud({
          tenant: limited.tenantId,
          authority: limited.authority,
          graphUrl: limited.graphBaseUrl,
        }),
        clientId: limited.clientId,
        mode: 'interactive',
        fetch: f,
        openBrowser: simulatedBrowser(limited.caCertPem),
      });
      await session.signIn();
      const client = createGraphClient({
        cloud: session.config.cloud,
        getAccessToken: () => session.getAccessToken(),
        fetch: f,
      });
      const pre = await runPreflight(await session.getAccessToken(), client);
      expect(pre.ok).toBe(false);
      expect(pre.problems.map((p) => p.code)).toEqual(['missing-permission', 'missing-role']);
      expect(pre.problems[0]!.message).toMatch(/ProfilePhoto\.ReadWrite\.All.*Grant admin consent/);
      expect(pre.problems[1]!.message).toMatch(/User Administrator/);
    } finally {
      f.close();
      await limited.stop();
    }
  });
});

describe('checkClaims (pure)', () => {
  it('reads app-only roles and delegated scopes; Directory.Read.All covers User.Read.All', () => {
    expect(checkClaims({ roles: ['ProfilePhoto.ReadWrite.All', 'User.Read.All'], idtyp: 'app' }).ok).toBe(
      true,
    );
    expect(
      checkClaims({
        scp: 'ProfilePhoto.ReadWrite.All Directory.Read.All',
        wids: ['fe930be7-5e62-47db-91af-98c3a49a38b1'],
      }),
    ).toMatchObject({ ok: true, problems: [] });
    const noPhoto = checkClaims({ roles: ['User.Read.All'], idtyp: 'app' });
    expect(noPhoto.ok).toBe(false);
    expect(noPhoto.problems[0]!.message).toMatch(/Application permissions > ProfilePhoto\.ReadWrite\.All/);
    expect(checkClaims(null).problems[0]!.code).toBe('token-unreadable');
  });
});
