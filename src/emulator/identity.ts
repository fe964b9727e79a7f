/**
 * The Entra ID (v2.0 endpoint) side of the demo tenant: OIDC discovery, JWKS, authorize (auto-consent,
 * form_post), token (authorization_code with PKCE, refresh_token, device_code, client_credentials) and the
 * device code endpoint. (learn.microsoft.com: "OpenID Connect on the Microsoft identity platform",
 * "Microsoft identity platform and OAuth 2.0 authorization code flow", "... device authorization grant flow",
 * "... OAuth 2.0 client credentials flow", "Microsoft identity platform ID tokens", "access tokens",
 * "Microsoft Entra authentication and authorization error codes".)
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CLIENT_ASSERTION_TYPE, ClientCertificates } from './client-assertion';
import { escapeHtml, header, jsonResponse, type EmuRequest, type EmuResponse } from './http-util';
import type { TokenSigner } from './jwt';
import { TENANT_DOMAIN, TENANT_INITIAL_DOMAIN } from './seed';
import type { TenantStore } from './store';
import type { EmulatorUser } from './types';

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/** Hosts whose scopes mean Microsoft Graph (all national clouds). */
const GRAPH_RESOURCE_HOSTS = [
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
];
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/** Directory role template ids (for the wids claim), from "Microsoft Entra built-in roles" (docs/app-registration.md). */
export const ROLE_TEMPLATE_IDS: Record<string, string> = {
  'Global Administrator': '62e90394-69f5-4237-9190-012177145e10',
  'User Administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'People Administrator': '024906de-61e5-49c8-8572-40335f1e0e10',
  'Directory Writers': '9360feb5-f418-4baa-8175-e2a00bac4301',
  'Intune Administrator': '3a2c62db-5318-420d-8d74-23affee5d9d5',
  'Partner Tier1 Support': '4ba39ca4-527c-499a-b93d-d9b492c50246',
  'Partner Tier2 Support': 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8',
  'Helpdesk Administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
};
/** Roles that may change other people's photos (all of the above but Helpdesk Administrator); = preflight's list. */
export const PHOTO_ADMIN_ROLE_IDS = new Set(
  Object.entries(ROLE_TEMPLATE_IDS)
    .filter(([name]) => name !== 'Helpdesk Administrator')
    .map(([, id]) => id),
);

export interface IdentityConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  origin: () => string;
  store: TenantStore;
  signer: TokenSigner;
  tokenLifetimeSeconds: number;
  grantedScopes: string[];
  signedInUser: string | undefined;
  deviceCodeIntervalSeconds: number;
}

interface AuthCode {
  userId: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: string;
  nonce: string | null;
  expiresAt: number;
  redeemed: boolean;
}

interface RefreshGrant {
  userId: string;
  clientId: string;
  expiresAt: number;
}

interface DeviceGrant {
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  userId: string | null;
  redeemed: boolean;
}

const b64url = (s: string) => Buffer.from(s).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

export class Identity {
  private codes = new Map<string, AuthCode>();
  private refreshTokens = new Map<string, RefreshGrant>();
  private deviceCodes = new Map<string, DeviceGrant>();
  /** Ids (uti) of the access tokens issued so far; expireAccessTokens() moves them to `revoked`. */
  private issuedAccessTokens = new Set<string>();
  private revokedAccessTokens = new Set<string>();
  /** Certificates registered as the app's credentials (client_assertion sign-in). */
  readonly clientCertificates = new ClientCertificates();

  constructor(readonly config: IdentityConfig) {}

  get authority(): string {
    return `${this.config.origin()}/${this.config.tenantId}`;
  }

  signedInUser(loginHint?: string | null): EmulatorUser | undefined {
    const { store } = this.config;
    if (loginHint) {
      const hinted = store.find(loginHint);
      if (hinted) return hinted;
    }
    if (this.config.signedInUser) return store.find(this.config.signedInUser);
    return store.users.find((u) => u.roles?.includes('Global Administrator')) ?? store.users[0];
  }

  private knownTenant(segment: string): boolean {
    const s = segment.toLowerCase();
    return [this.config.tenantId, 'common', 'organizations', TENANT_DOMAIN, TENANT_INITIAL_DOMAIN].includes(
      s,
    );
  }

  private tokenError(
    status: number,
    error: string,
    code: number,
    description: string,
    extra: Record<string, unknown> = {},
  ): EmuResponse {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date()
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return jsonResponse(status, {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${this.authority}/error?code=${code}`,
      ...extra,
    });
  }

  private openIdConfiguration(tenantSegment: string): EmuResponse {
    const origin = this.config.origin();
    const base = `${origin}/${tenantSegment}`;
    const issuerTenant = ['common', 'organizations'].includes(tenantSegment.toLowerCase())
      ? '{tenantid}'
      : this.config.tenantId;
    return jsonResponse(200, {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${origin}/${issuerTenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${origin}/graph/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'acr',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'at_hash',
        'c_hash',
        'email',
      ],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'headshot.emulator',
      cloud_graph_host_name: new URL(origin).host,
      msgraph_host: new URL(origin).host,
      rbac_url: origin,
    });
  }

  /** Splits requested scopes into OIDC scopes and Graph permission names (resource prefix removed). */
  private parseScopes(scope: string): { oidc: string[]; graph: string[]; bad: string | null } {
    const oidc: string[] = [];
    const graph: string[] = [];
    const origin = this.config.origin();
    for (const raw of scope.split(/\s+/).filter(Boolean)) {
      if (OIDC_SCOPES.has(raw.toLowerCase())) {
        oidc.push(raw.toLowerCase());
        continue;
      }
      const m = /^(https:\/\/[^/]+(?:\/graph)?)\/(.+)$/i.exec(raw);
      if (m) {
        const host = new URL(m[1]!).host.toLowerCase();
        if (!GRAPH_RESOURCE_HOSTS.includes(host) && !m[1]!.toLowerCase().startsWith(origin.toLowerCase()))
          return { oidc, graph, bad: raw };
        graph.push(m[2]!);
      } else if (raw.includes('://')) {
        return { oidc, graph, bad: raw };
      } else {
        graph.push(raw);
      }
    }
    return { oidc, graph, bad: null };
  }

  /** Requested Graph permissions the tenant has consented to ('.default' means all of them). */
  private granted(graphScopes: string[]): string[] {
    const consented = this.config.grantedScopes;
    if (graphScopes.some((s) => s.toLowerCase() === '.default')) return [...consented];
    return consented.filter((c) => graphScopes.some((s) => s.toLowerCase() === c.toLowerCase()));
  }

  /** Every access token issued until now is refused from here on; tokens issued later are not affected. */
  expireIssuedAccessTokens(): void {
    for (const uti of this.issuedAccessTokens) this.revokedAccessTokens.add(uti);
    this.issuedAccessTokens.clear();
  }

  isRevoked(uti: unknown): boolean {
    return typeof uti === 'string' && this.revokedAccessTokens.has(uti);
  }

  private accessToken(user: EmulatorUser | null, scopes: string[]): string {
    const iat = nowSeconds();
    const uti = randomBytes(16).toString('base64url');
    this.issuedAccessTokens.add(uti);
    const { tenantId, clientId } = this.config;
    const base = {
      aud: GRAPH_AUDIENCE,
      iss: `${this.config.origin()}/${tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + this.config.tokenLifetimeSeconds,
      appid: clientId,
      app_displayname: 'Headshot',
      tid: tenantId,
      ver: '1.0',
      uti,
      xms_tcdt: 1600000000,
    };
    if (!user) {
      return this.config.signer.sign({
        ...base,
        idtyp: 'app',
        oid: clientIdObjectId(clientId),
        sub: clientIdObjectId(clientId),
        roles: scopes,
      });
    }
    return this.config.signer.sign({
      ...base,
      idtyp: 'user',
      oid: user.id,
      sub: pairwiseSub(user.id, clientId),
      upn: user.userPrincipalName,
      unique_name: user.userPrincipalName,
      name: user.displayName ?? undefined,
      given_name: user.givenName ?? undefined,
      family_name: user.surname ?? undefined,
      scp: scopes.join(' '),
      wids: (user.roles ?? []).map((r) => ROLE_TEMPLATE_IDS[r]).filter(Boolean),
    });
  }

  private idToken(user: EmulatorUser, nonce: string | null): string {
    const iat = nowSeconds();
    const { tenantId, clientId } = this.config;
    return this.config.signer.sign({
      ver: '2.0',
      iss: `${this.config.origin()}/${tenantId}/v2.0`,
      sub: pairwiseSub(user.id, clientId),
      aud: clientId,
      exp: iat + 3600,
      iat,
      nbf: iat,
      name: user.displayName ?? undefined,
      preferred_username: user.userPrincipalName,
      oid: user.id,
      tid: tenantId,
      // Entra echoes a nonce only when the request carried one (MSAL rejects an unexpected one).
      ...(nonce ? { nonce } : {}),
      uti: randomBytes(16).toString('base64url'),
    });
  }

  clientInfo(user: EmulatorUser): string {
    return b64url(JSON.stringify({ uid: user.id, utid: this.config.tenantId }));
  }

  /** The token response for a user (delegated) or the app (user null). */
  /** Tokens for the user a redeemed code (authorization or device) was granted to, if they still exist. */
  private redeemedTokens(
    userId: string,
    scope: string,
    nonce: string | null,
    clientInfo: boolean,
  ): EmuResponse {
    const user = this.config.store.find(userId);
    if (!user) {
      return this.tokenError(
        400,
        'invalid_grant',
        50034,
        'The user account does not exist in this directory.',
      );
    }
    return this.tokenResponse(user, scope, nonce, clientInfo);
  }

  private tokenResponse(
    user: EmulatorUser | null,
    requestedScope: string,
    nonce: string | null,
    clientInfo: boolean,
  ): EmuResponse {
    const { oidc, graph } = this.parseScopes(requestedScope);
    const granted = this.granted(graph);
    const access = this.accessToken(user, granted);
    // Scopes come back in the form they were asked for, so MSAL's cache lookups match on the next silent call.
    const grantedLower = new Set(granted.map((g) => g.toLowerCase()));
    const echoed = requestedScope
      .split(/\s+/)
      .filter(Boolean)
      .filter((raw) => {
        if (OIDC_SCOPES.has(raw.toLowerCase()))
          return user !== null && raw.toLowerCase() !== 'offline_access';
        const name = raw.replace(/^https:\/\/.+\//, '');
        return name === '.default' || grantedLower.has(name.toLowerCase());
      });
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: echoed.join(' '),
      expires_in: this.config.tokenLifetimeSeconds,
      ext_expires_in: this.config.tokenLifetimeSeconds,
      access_token: access,
    };
    if (user) {
      if (oidc.includes('offline_access')) {
        const refresh = `1.AEMU${randomBytes(48).toString('base64url')}`;
        this.refreshTokens.set(refresh, {
          userId: user.id,
          clientId: this.config.clientId,
          expiresAt: Date.now() + 90 * 86400_000,
        });
        body.refresh_token = refresh;
      }
      if (oidc.includes('openid')) body.id_token = this.idToken(user, nonce);
      if (clientInfo) body.client_info = this.clientInfo(user);
    }
    return jsonResponse(200, body, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
  }

  private form(req: EmuRequest): URLSearchParams {
    return new URLSearchParams(req.body.toString('utf8'));
  }

  private redirectAllowed(uri: string): boolean {
    // "Mobile and desktop" redirect http://localhost: Entra ignores the port for loopback redirect URIs.
    try {
      const url = new URL(uri);
      return url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname);
    } catch {
      return false;
    }
  }

  private errorPage(status: number, code: number, message: string): EmuResponse {
    return {
      status,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body><h1>Sorry, but we're having trouble signing you in.</h1><p id="error">AADSTS${code}: ${escapeHtml(message)}</p></body></html>`,
    };
  }

  private formPost(redirectUri: string, fields: Record<string, string>): EmuResponse {
    const inputs = Object.entries(fields)
      .map(
        ([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}" />`,
      )
      .join('');
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store, no-cache' },
      body: `<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="${escapeHtml(redirectUri)}">${inputs}<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">window.setTimeout(function(){document.forms[0].submit();}, 0);</script></body></html>`,
    };
  }

  private authorize(req: EmuRequest): EmuResponse {
    const q = req.query;
    const clientId = q.get('client_id') ?? '';
    const redirectUri = q.get('redirect_uri') ?? '';
    if (clientId !== this.config.clientId) {
      return this.errorPage(
        400,
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.config.tenantId}'.`,
      );
    }
    if (!this.redirectAllowed(redirectUri)) {
      return this.errorPage(
        400,
        50011,
        `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
      );
    }
    const responseMode = (q.get('response_mode') ?? 'query').toLowerCase();
    const state = q.get('state');
    const respond = (fields: Record<string, string>): EmuResponse => {
      const withState = state === null ? fields : { ...fields, state };
      if (responseMode === 'form_post') return this.formPost(redirectUri, withState);
      const url = new URL(redirectUri);
      const params = new URLSearchParams(withState).toString();
      const location =
        responseMode === 'fragment'
          ? `${url.toString()}#${params}`
          : `${url.origin}${url.pathname}?${params}`;
      return { status: 302, headers: { location }, body: null };
    };
    const fail = (error: string, code: number, description: string) =>
      respond({ error, error_description: `AADSTS${code}: ${description}`, error_codes: `[${code}]` });

    if ((q.get('response_type') ?? '') !== 'code') {
      return fail(
        'unsupported_response_type',
        70005,
        "The provided value for the input parameter 'response_type' is not allowed for this request.",
      );
    }
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method') ?? (challenge ? 'plain' : '');
    if (challenge && !['S256', 'plain'].includes(method)) {
      return fail('invalid_request', 501491, `Invalid code_challenge_method '${method}'.`);
    }
    const { graph, bad } = this.parseScopes(q.get('scope') ?? '');
    if (bad)
      return fail(
        'invalid_resource',
        500011,
        `The resource principal named ${bad} was not found in the tenant.`,
      );
    const user = this.signedInUser(q.get('login_hint'));
    if (!user) return fail('access_denied', 50034, 'The user account does not exist in this directory.');
    if (user.accountEnabled === false) return fail('access_denied', 50057, 'The user account is disabled.');

    const code = `1.AEMU${randomBytes(48).toString('base64url')}`;
    this.codes.set(code, {
      userId: user.id,
      clientId,
      redirectUri,
      scopes: graph,
      challenge,
      challengeMethod: method,
      nonce: q.get('nonce'),
      expiresAt: Date.now() + 10 * 60_000,
      redeemed: false,
    });
    return respond({ code, client_info: this.clientInfo(user), session_state: randomUUID() });
  }

  private checkSecret(req: EmuRequest, form: URLSearchParams, required: boolean): EmuResponse | null {
    let secret = form.get('client_secret');
    const basic = header(req, 'authorization');
    if (!secret && basic?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(basic.slice(6), 'base64').toString('utf8');
      secret = decodeURIComponent(decoded.slice(decoded.indexOf(':') + 1));
    }
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== CLIENT_ASSERTION_TYPE) {
        return this.tokenError(
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'client_assertion_type'.",
        );
      }
      const failure = this.clientCertificates.verify(
        assertion,
        form.get('client_id') ?? '',
        `${this.config.origin()}${req.path}`,
        nowSeconds(),
      );
      return failure ? this.tokenError(401, 'invalid_client', failure.code, failure.description) : null;
    }
    if (!secret) {
      return required
        ? this.tokenError(
            401,
            'invalid_client',
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
          )
        : null;
    }
    if (secret !== this.config.clientSecret) {
      return this.tokenError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    }
    return null;
  }

  private token(req: EmuRequest): EmuResponse {
    const contentType = header(req, 'content-type') ?? '';
    if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return this.tokenError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    }
    const form = this.form(req);
    const clientId = form.get('client_id') ?? '';
    if (clientId !== this.config.clientId) {
      return this.tokenError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.config.tenantId}'.`,
      );
    }
    const grantType = form.get('grant_type') ?? '';
    const clientInfo = form.get('client_info') === '1';
    switch (grantType) {
      case 'authorization_code': {
        const secretError = this.checkSecret(req, form, false);
        if (secretError) return secretError;
        const code = form.get('code') ?? '';
        const grant = this.codes.get(code);
        if (!grant || grant.expiresAt < Date.now()) {
          return this.tokenError(
            400,
            'invalid_grant',
            70008,
            'The provided authorization code or refresh token has expired due to inactivity.',
          );
        }
        if (grant.redeemed)
          return this.tokenError(
            400,
            'invalid_grant',
            54005,
            'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
          );
        if ((form.get('redirect_uri') ?? '') !== grant.redirectUri) {
          return this.tokenError(
            400,
            'invalid_grant',
            50148,
            'The redirect_uri does not match the redirect_uri used in the authorization request.',
          );
        }
        if (grant.challenge) {
          const verifier = form.get('code_verifier') ?? '';
          const computed =
            grant.challengeMethod === 'S256'
              ? createHash('sha256').update(verifier).digest('base64url')
              : verifier;
          if (!verifier || computed !== grant.challenge) {
            return this.tokenError(
              400,
              'invalid_grant',
              501481,
              'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
            );
          }
        }
        grant.redeemed = true;
        return this.redeemedTokens(grant.userId, form.get('scope') ?? '', grant.nonce, clientInfo);
      }
      case 'refresh_token': {
        const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
        if (!grant || grant.expiresAt < Date.now() || grant.clientId !== clientId) {
          return this.tokenError(
            400,
            'invalid_grant',
            9002313,
            'Invalid request. Request is malformed or invalid.',
          );
        }
        const user = this.config.store.find(grant.userId);
        if (!user || user.accountEnabled === false)
          return this.tokenError(400, 'invalid_grant', 50057, 'The user account is disabled.');
        return this.tokenResponse(user, form.get('scope') ?? '', null, clientInfo);
      }
      case 'device_code':
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const deviceCode = form.get('device_code') ?? form.get('code') ?? '';
        const grant = this.deviceCodes.get(deviceCode);
        if (!grant)
          return this.tokenError(
            400,
            'invalid_grant',
            70000,
            'The provided value for the input parameter device_code is not valid.',
          );
        if (grant.expiresAt < Date.now())
          return this.tokenError(
            400,
            'expired_token',
            70020,
            'The provided value for the input parameter device_code has expired.',
          );
        if (grant.redeemed)
          return this.tokenError(400, 'invalid_grant', 54005, 'The device code was already redeemed.');
        if (!grant.userId) {
          return this.tokenError(
            400,
            'authorization_pending',
            70016,
            'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
          );
        }
        grant.redeemed = true;
        return this.redeemedTokens(
          grant.userId,
          form.get('scope') ?? grant.scopes.join(' '),
          null,
          clientInfo,
        );
      }
      case 'client_credentials': {
        const secretError = this.checkSecret(req, form, true);
        if (secretError) return secretError;
        const scope = form.get('scope') ?? '';
        const scopes = scope.split(/\s+/).filter(Boolean);
        if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) {
          return this.tokenError(
            400,
            'invalid_scope',
            1002012,
            `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          );
        }
        const { bad } = this.parseScopes(scope);
        if (bad)
          return this.tokenError(
            400,
            'invalid_resource',
            500011,
            `The resource principal named ${bad} was not found in the tenant.`,
          );
        return this.tokenResponse(null, scope, null, false);
      }
      default:
        return this.tokenError(
          400,
          'unsupported_grant_type',
          70003,
          `The app requested an unsupported grant type '${grantType}'.`,
        );
    }
  }

  private deviceCode(req: EmuRequest): EmuResponse {
    const form = this.form(req);
    const clientId = form.get('client_id') ?? '';
    if (clientId !== this.config.clientId) {
      return this.tokenError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.config.tenantId}'.`,
      );
    }
    const { bad } = this.parseScopes(form.get('scope') ?? '');
    if (bad)
      return this.tokenError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${bad} was not found in the tenant.`,
      );
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    const userCode = [...randomBytes(9)].map((b) => alphabet[b % alphabet.length]).join('');
    const deviceCode = `DAQABAAEAAAEMU${randomBytes(48).toString('base64url')}`;
    const expiresIn = 900;
    this.deviceCodes.set(deviceCode, {
      userCode,
      clientId,
      scopes: (form.get('scope') ?? '').split(/\s+/).filter(Boolean),
      expiresAt: Date.now() + expiresIn * 1000,
      userId: null,
      redeemed: false,
    });
    const verificationUri = `${this.config.origin()}/devicelogin`;
    return jsonResponse(200, {
      user_code: userCode,
      device_code: deviceCode,
      verification_uri: verificationUri,
      expires_in: expiresIn,
      interval: this.config.deviceCodeIntervalSeconds,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    });
  }

  approveDeviceCode(userCode: string, upn?: string): boolean {
    const user = upn ? this.config.store.find(upn) : this.signedInUser();
    if (!user) return false;
    for (const grant of this.deviceCodes.values()) {
      if (grant.userCode === userCode.trim().toUpperCase() && !grant.userId && grant.expiresAt > Date.now()) {
        grant.userId = user.id;
        return true;
      }
    }
    return false;
  }

  private deviceLogin(req: EmuRequest): EmuResponse {
    const html = (message: string) => ({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!DOCTYPE html><html><head><title>Enter code</title></head><body><h1>Headshot demo tenant: enter code</h1><p>${escapeHtml(message)}</p><form method="POST" action="/devicelogin"><input name="otc" autocomplete="off" /><button type="submit">Next</button></form></body></html>`,
    });
    if (req.method === 'POST') {
      const form = this.form(req);
      const ok = this.approveDeviceCode(form.get('otc') ?? '', form.get('login_hint') ?? undefined);
      return html(
        ok
          ? 'You have signed in to Headshot. You can close this window.'
          : 'That code was not recognised or has expired.',
      );
    }
    return html('Enter the code shown by the app.');
  }

  handle(req: EmuRequest): EmuResponse {
    const segments = req.path.split('/').filter(Boolean);
    if (segments[0] === 'devicelogin') return this.deviceLogin(req);
    const [tenant, ...rest] = segments;
    const route = rest.join('/');
    if (!tenant || !this.knownTenant(decodeURIComponent(tenant))) {
      return this.tokenError(
        400,
        'invalid_tenant',
        90002,
        `Tenant '${tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (route === 'v2.0/.well-known/openid-configuration' && req.method === 'GET')
      return this.openIdConfiguration(tenant);
    if (route === 'discovery/v2.0/keys' && req.method === 'GET')
      return jsonResponse(200, { keys: [this.config.signer.jwk()] });
    if (route === 'oauth2/v2.0/authorize' && req.method === 'GET') return this.authorize(req);
    if (route === 'oauth2/v2.0/token' && req.method === 'POST') return this.token(req);
    if (route === 'oauth2/v2.0/devicecode' && req.method === 'POST') return this.deviceCode(req);
    if (route === 'oauth2/v2.0/logout') {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<html><body>You have signed out.</body></html>',
      };
    }
    return this.tokenError(
      404,
      'invalid_request',
      900561,
      `The endpoint '${req.path}' does not exist in the Headshot demo tenant.`,
    );
  }
}

/** The service principal's object id, derived from the client id (stable across runs). */
export function clientIdObjectId(clientId: string): string {
  const h = createHash('sha256').update(`sp:${clientId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Entra's `sub` is pairwise: per user and per app. */
function pairwiseSub(userId: string, clientId: string): string {
  return createHash('sha256').update(`${userId}|${clientId}`).digest('base64url').slice(0, 43);
}
