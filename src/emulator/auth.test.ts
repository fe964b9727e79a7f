// Real @azure/msal-node against the emulator's Entra endpoints: every flow Headshot uses.
import { createHash, randomBytes } from 'node:crypto';
import {
  ConfidentialClientApplication,
  PublicClientApplication,
  type AuthenticationResult,
} from '@azure/msal-node';
import { Client, type GraphError } from '@microsoft/microsoft-graph-client';
import {
  decodeJwtPayload,
  emulatorFetch,
  graphClientOptionsFor,
  msalConfigFor,
  parseFormPost,
  simulatedBrowser,
  startEmulator,
  type Emulator,
} from './index';

const GRAPH_SCOPES = [
  'https://graph.microsoft.com/User.Read.All',
  'https://graph.microsoft.com/ProfilePhoto.ReadWrite.All',
];

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 'auth-tests', users: 20, deviceCodeIntervalSeconds: 1 });
});
afterAll(() => emu.stop());

function publicApp(): PublicClientApplication {
  return new PublicClientApplication(msalConfigFor(emu));
}

function graphWith(token: () => string): Client {
  return Client.init({ ...graphClientOptionsFor(emu), authProvider: (done) => done(null, token()) });
}

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

describe('interactive sign-in (authorization code + PKCE, form_post to the loopback)', () => {
  it('signs in as the auto-consenting admin through the simulated browser and calls Graph', async () => {
    const pca = publicApp();
    const visited: string[] = [];
    const browser = simulatedBrowser(emu.caCertPem);
    const result = await pca.acquireTokenInteractive({
      scopes: GRAPH_SCOPES,
      openBrowser: async (url) => {
        visited.push(url);
        await browser(url);
      },
    });
    const authorizeUrl = new URL(visited[0]!);
    expect(authorizeUrl.searchParams.get('response_mode')).toBe('form_post');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(result.account?.username).toBe('admin@contoso.com');
    expect(result.account?.tenantId).toBe(emu.tenantId);
    const admin = emu.users().find((u) => u.userPrincipalName === 'admin@contoso.com')!;
    expect(result.account?.homeAccountId).toBe(`${admin.id}.${emu.tenantId}`);
    const claims = decodeJwtPayload(result.accessToken)!;
    expect(claims.scp).toBe('User.Read.All ProfilePhoto.ReadWrite.All');
    expect(claims.oid).toBe(admin.id);
    expect(claims.tid).toBe(emu.tenantId);

    const me = (await graphWith(() => result.accessToken)
      .api('/me')
      .get()) as { userPrincipalName: string };
    expect(me.userPrincipalName).toBe('admin@contoso.com');
  });

  it('honours login_hint and a configured signed-in user', async () => {
    const pca = publicApp();
    const result = await pca.acquireTokenInteractive({
      scopes: GRAPH_SCOPES,
      loginHint: 'jose.garcia@contoso.com',
      openBrowser: simulatedBrowser(emu.caCertPem),
    });
    expect(result.account?.username).toBe('jose.garcia@contoso.com');
  });

  it('a query-string response is refused by msal-node 7, as with real Entra: the emulator only form_posts when asked', async () => {
    // Protocol level: authorize with response_mode=query answers with a 302 carrying the code.
    const doFetch = emulatorFetch(emu.caCertPem);
    const url = `${emu.authority}/oauth2/v2.0/authorize?client_id=${emu.clientId}&response_type=code&redirect_uri=http://localhost:1234&scope=openid&state=s1&response_mode=query`;
    const response = await doFetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('state')).toBe('s1');
  });
});

describe('authorization code at the protocol level', () => {
  async function authorize(extra: Record<string, string>) {
    const doFetch = emulatorFetch(emu.caCertPem);
    const params = new URLSearchParams({
      client_id: emu.clientId,
      response_type: 'code',
      response_mode: 'form_post',
      redirect_uri: 'http://localhost:5555',
      scope: 'openid profile offline_access https://graph.microsoft.com/User.Read.All',
      state: 'st',
      ...extra,
    });
    const page = await doFetch(`${emu.authority}/oauth2/v2.0/authorize?${params.toString()}`);
    const form = parseFormPost(await page.text());
    expect(form?.action).toBe('http://localhost:5555');
    return form!.fields;
  }

  async function redeem(code: string, verifier: string) {
    const doFetch = emulatorFetch(emu.caCertPem);
    const response = await doFetch(`${emu.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: emu.clientId,
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost:5555',
        code_verifier: verifier,
        scope: 'openid profile offline_access https://graph.microsoft.com/User.Read.All',
        client_info: '1',
      }).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('verifies PKCE S256: a wrong verifier gets invalid_grant, the right one tokens; a code is single-use', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const fields = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    expect(fields.state).toBe('st');
    const clientInfo = JSON.parse(Buffer.from(fields.client_info!, 'base64url').toString()) as {
      uid: string;
      utid: string;
    };
    expect(clientInfo.utid).toBe(emu.tenantId);

    const wrong = await redeem(fields.code!, randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect(wrong.body.error_codes).toEqual([501481]);

    const right = await redeem(fields.code!, verifier);
    expect(right.status).toBe(200);
    expect(right.body.token_type).toBe('Bearer');
    expect(typeof right.body.refresh_token).toBe('string');
    expect(typeof right.body.client_info).toBe('string');

    const again = await redeem(fields.code!, verifier);
    expect(again.body.error).toBe('invalid_grant');
    expect(again.body.error_codes).toEqual([54005]);
  });

  it('echoes the nonce in the id_token only when the request carried one', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const withNonce = await redeem(
      (await authorize({ code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-123' })).code!,
      verifier,
    );
    expect(decodeJwtPayload(withNonce.body.id_token as string)!.nonce).toBe('n-123');
    const without = await redeem(
      (await authorize({ code_challenge: challenge, code_challenge_method: 'S256' })).code!,
      verifier,
    );
    expect(decodeJwtPayload(without.body.id_token as string)).not.toHaveProperty('nonce');
  });

  it('refuses an unregistered redirect URI with an error page, not a redirect', async () => {
    const doFetch = emulatorFetch(emu.caCertPem);
    const response = await doFetch(
      `${emu.authority}/oauth2/v2.0/authorize?client_id=${emu.clientId}&response_type=code&redirect_uri=https://evil.example/cb&scope=openid`,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS50011');
  });
});

describe('device code', () => {
  it('polls through authorization_pending until the user enters the code', async () => {
    const pca = publicApp();
    const before = emu.requests().length;
    let message = '';
    const result = await pca.acquireTokenByDeviceCode({
      scopes: GRAPH_SCOPES,
      deviceCodeCallback: (response) => {
        message = response.message;
        // The "user" enters the code on the verification page a little later, as a person would.
        setTimeout(() => {
          void emulatorFetch(emu.caCertPem)(response.verificationUri, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ otc: response.userCode }).toString(),
          });
        }, 300);
      },
    });
    expect(message).toContain(emu.deviceLoginUrl);
    expect(result?.account?.username).toBe('admin@contoso.com');
    const tokenCalls = emu
      .requests()
      .slice(before)
      .filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    expect(tokenCalls[0]?.status).toBe(400);
    expect(tokenCalls[0]?.code).toBe('authorization_pending');
    expect(tokenCalls[tokenCalls.length - 1]?.status).toBe(200);
  });
});

describe('client credentials (app-only)', () => {
  it('checks the secret and issues an app token with roles', async () => {
    const cca = new ConfidentialClientApplication({
      ...msalConfigFor(emu),
      auth: { ...msalConfigFor(emu).auth, clientSecret: emu.clientSecret },
    });
    const result = await cca.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    const claims = decodeJwtPayload(result!.accessToken)!;
    expect(claims.idtyp).toBe('app');
    expect(claims.roles).toEqual(expect.arrayContaining(['User.Read.All', 'ProfilePhoto.ReadWrite.All']));
    expect(claims).not.toHaveProperty('scp');

    const page = (await graphWith(() => result!.accessToken)
      .api('/users')
      .top(3)
      .get()) as { value: unknown[] };
    expect(page.value).toHaveLength(3);
    const meError = await graphErrorOf(
      graphWith(() => result!.accessToken)
        .api('/me')
        .get(),
    );
    expect(meError.statusCode).toBe(400);

    const wrong = new ConfidentialClientApplication({
      ...msalConfigFor(emu),
      auth: { ...msalConfigFor(emu).auth, clientSecret: 'not-the-secret' },
    });
    await expect(
      wrong.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
    });
  });
});

describe('silent refresh and expiry', () => {
  let pca: PublicClientApplication;
  let first: AuthenticationResult;

  beforeAll(async () => {
    pca = publicApp();
    first = await pca.acquireTokenInteractive({
      scopes: GRAPH_SCOPES,
      openBrowser: simulatedBrowser(emu.caCertPem),
    });
  });

  it('serves from the cache, then refreshes with the refresh token', async () => {
    const [account] = await pca.getTokenCache().getAllAccounts();
    const cached = await pca.acquireTokenSilent({ account: account!, scopes: GRAPH_SCOPES });
    expect(cached.fromCache).toBe(true);
    expect(cached.accessToken).toBe(first.accessToken);

    const before = emu.requests().length;
    const refreshed = await pca.acquireTokenSilent({
      account: account!,
      scopes: GRAPH_SCOPES,
      forceRefresh: true,
    });
    expect(refreshed.fromCache).toBe(false);
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    const calls = emu.requests().slice(before);
    expect(calls.some((r) => r.path.endsWith('/oauth2/v2.0/token') && r.status === 200)).toBe(true);
  });

  it('a token that expires mid-session gets 401 InvalidAuthenticationToken; a silent refresh recovers', async () => {
    const [account] = await pca.getTokenCache().getAllAccounts();
    emu.setTokenLifetime(1);
    try {
      const shortLived = await pca.acquireTokenSilent({
        account: account!,
        scopes: GRAPH_SCOPES,
        forceRefresh: true,
      });
      let token = shortLived.accessToken;
      const client = graphWith(() => token);
      await expect(client.api('/users').top(1).get()).resolves.toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const error = await graphErrorOf(client.api('/users').top(1).get());
      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('InvalidAuthenticationToken');
      expect(error.message).toBe('Lifetime validation failed, the token is expired.');

      emu.setTokenLifetime(3600);
      // Within MSAL's 5-minute renewal window, so silent goes to the token endpoint by itself.
      const renewed = await pca.acquireTokenSilent({ account: account!, scopes: GRAPH_SCOPES });
      expect(renewed.fromCache).toBe(false);
      token = renewed.accessToken;
      await expect(client.api('/users').top(1).get()).resolves.toBeTruthy();
    } finally {
      emu.setTokenLifetime(3600);
    }
  });

  it('expireAccessTokens() and forged tokens are refused', async () => {
    const [account] = await pca.getTokenCache().getAllAccounts();
    const fresh = await pca.acquireTokenSilent({
      account: account!,
      scopes: GRAPH_SCOPES,
      forceRefresh: true,
    });
    emu.expireAccessTokens();
    const expired = await graphErrorOf(
      graphWith(() => fresh.accessToken)
        .api('/me')
        .get(),
    );
    expect(expired.code).toBe('InvalidAuthenticationToken');
    // Only the tokens issued so far are expired: a refreshed one, even in the same second, works.
    const renewed = await pca.acquireTokenSilent({
      account: account!,
      scopes: GRAPH_SCOPES,
      forceRefresh: true,
    });
    await expect(
      graphWith(() => renewed.accessToken)
        .api('/me')
        .get(),
    ).resolves.toBeTruthy();

    const [h, p] = fresh.accessToken.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...payload, exp: 9999999999, iat: 9999999990 }),
    ).toString('base64url');
    const forged = await graphErrorOf(
      graphWith(() => `${h}.${forgedPayload}.${fresh.accessToken.split('.')[2]}`)
        .api('/me')
        .get(),
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.code).toBe('InvalidAuthenticationToken');

    const garbage = await graphErrorOf(
      graphWith(() => 'not-a-jwt')
        .api('/me')
        .get(),
    );
    expect(garbage.statusCode).toBe(401);
    const none = await emulatorFetch(emu.caCertPem)(`${emu.graphBaseUrl}v1.0/me`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
  });
});
