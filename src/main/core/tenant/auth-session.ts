/**
 * Sign-in and tokens. One AuthSession per (cloud, tenant, client id, flow). Delegated flows use MSAL's
 * PublicClientApplication (interactive through the system browser with a loopback redirect and PKCE, or device
 * code); app-only automation uses ConfidentialClientApplication with a certificate or a secret.
 * Tokens are handed to the Graph client through getAccessToken(); nothing here ever logs a token.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import {
  ConfidentialClientApplication,
  LogLevel,
  PublicClientApplication,
  type AuthenticationResult,
  type Configuration,
} from '@azure/msal-node';
import type { FetchLike } from './https-fetch';
import { GROUP_READ_PERMISSION, type ResolvedCloud } from './clouds';
import { createMsalNetworkClient } from './network-client';
import { MemoryTokenCacheStore, createCachePlugin, type TokenCacheStore } from './token-cache';

export type AuthMode = 'interactive' | 'device-code' | 'client-credentials';

export interface DeviceCodeInfo {
  /** MSAL's sentence for people: where to go and which code to enter. */
  message: string;
  userCode: string;
  verificationUri: string;
}

export interface ClientCertificate {
  /** PEM of the private key (PKCS#8 or PKCS#1). */
  privateKeyPem: string;
  /** PEM of the public certificate registered on the app. */
  certificatePem: string;
}

export interface AuthConfig {
  cloud: ResolvedCloud;
  clientId: string;
  mode: AuthMode;
  /** The fetch every MSAL request goes through (trusts the custom CA, if any). */
  fetch: FetchLike;
  /** Where the MSAL cache lives; in memory unless the app passes its safeStorage-backed store. */
  cacheStore?: TokenCacheStore;
  /** Interactive: opens the system browser (shell.openExternal in the app, default browser or printed URL in CLI). */
  openBrowser?: (url: string) => Promise<void>;
  /** Device code: show the code to the person. */
  onDeviceCode?: (info: DeviceCodeInfo) => void;
  /** App-only with a secret; callers read it from HEADSHOT_CLIENT_SECRET (never from argv). */
  clientSecret?: string;
  /** App-only with a certificate. */
  certificate?: ClientCertificate;
  /** Interactive: pre-fill the account. */
  loginHint?: string;
  /** Get a new token this long before the current one expires (default 60 s). */
  refreshMarginMs?: number;
}

export interface SignedIn {
  mode: AuthMode;
  tenantId: string | null;
  /** The signed-in admin's UPN, or the app's client id for app-only. */
  account: string;
  expiresOn: Date | null;
}

export class AuthError extends Error {
  override name = 'AuthError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AuthSession {
  readonly config: Pick<AuthConfig, 'mode' | 'clientId' | 'cloud'>;
  /** Runs the flow (or succeeds silently from the cache). */
  signIn(): Promise<SignedIn>;
  /** A valid access token; refreshed by MSAL when near expiry, or forced. */
  getAccessToken(options?: { forceRefresh?: boolean }): Promise<string>;
  /**
   * A token that may also read group members (GroupMember.Read.All), for group reads only: silently, from the
   * signed-in admin's session (app-only: the app's token, whose roles the registration decides). Throws an
   * AuthError 'group-consent' with what to do when the tenant has not consented to it.
   */
  getGroupReadToken(): Promise<string>;
  /** Increments each time a new token is obtained; lets concurrent 401s share one refresh. */
  tokenGeneration(): number;
  /** After a 401 seen with `generation`'s token: refresh once (shared by all callers of that generation). */
  refreshAfterUnauthorized(generation: number): Promise<void>;
  /** Clears the cache (and the in-memory token). */
  signOut(): Promise<void>;
}

/** The client secret comes only from the environment, so it never shows in a process list or shell history. */
export function clientSecretFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.HEADSHOT_CLIENT_SECRET;
  return value && value.length > 0 ? value : undefined;
}

/** Splits a PEM file holding both the certificate and its private key. */
export function parseCertificatePem(pem: string): ClientCertificate {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const key = /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(
    pem,
  )?.[0];
  if (!cert) throw new AuthError('certificate-invalid', 'The certificate file has no CERTIFICATE block.');
  if (!key) throw new AuthError('certificate-invalid', 'The certificate file has no PRIVATE KEY block.');
  return { certificatePem: cert, privateKeyPem: key };
}

const SUCCESS_HTML =
  '<!doctype html><meta charset="utf-8"><title>Headshot</title><p>Signed in. You can close this tab and return to Headshot.</p>';
const ERROR_HTML =
  '<!doctype html><meta charset="utf-8"><title>Headshot</title><p>Sign-in did not complete. Return to Headshot for details.</p>';

export function createAuthSession(config: AuthConfig): AuthSession {
  const store = config.cacheStore ?? new MemoryTokenCacheStore();
  const msalConfig: Configuration = {
    auth: {
      clientId: config.clientId,
      authority: config.cloud.authority,
      ...(config.cloud.knownAuthorities.length > 0
        ? { knownAuthorities: config.cloud.knownAuthorities }
        : {}),
    },
    cache: { cachePlugin: createCachePlugin(store) },
    system: {
      networkClient: createMsalNetworkClient(config.fetch),
      // PII logging stays off; MSAL messages may still name accounts, so only errors are forwarded.
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  };

  let current: { token: string; expiresOn: number } | null = null;
  let groupToken: { token: string; expiresOn: number } | null = null;
  let generation = 0;
  let refreshing: { generation: number; promise: Promise<void> } | null = null;
  let publicApp: PublicClientApplication | undefined;
  let confidentialApp: ConfidentialClientApplication | undefined;

  if (config.mode === 'client-credentials') {
    if (config.certificate) {
      const cert = new X509Certificate(config.certificate.certificatePem);
      // Validate the key early so a bad file is a clear error, not an MSAL stack.
      try {
        createPrivateKey(config.certificate.privateKeyPem);
      } catch {
        throw new AuthError('certificate-invalid', 'The private key in the certificate file cannot be read.');
      }
      msalConfig.auth.clientCertificate = {
        thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
        privateKey: config.certificate.privateKeyPem,
        x5c: config.certificate.certificatePem,
      };
    } else if (config.clientSecret) {
      msalConfig.auth.clientSecret = config.clientSecret;
    } else {
      throw new AuthError(
        'credentials-missing',
        'App-only sign-in needs a certificate (--certificate) or a secret in the HEADSHOT_CLIENT_SECRET environment variable.',
      );
    }
    confidentialApp = new ConfidentialClientApplication(msalConfig);
  } else {
    publicApp = new PublicClientApplication(msalConfig);
  }

  const delegatedScopes = config.cloud.delegatedScopes;
  const refreshMarginMs = config.refreshMarginMs ?? 60_000;

  const remember = (result: AuthenticationResult | null): AuthenticationResult => {
    if (!result?.accessToken) throw new AuthError('no-token', 'Sign-in returned no access token.');
    if (current?.token !== result.accessToken) generation += 1;
    current = { token: result.accessToken, expiresOn: result.expiresOn?.getTime() ?? Date.now() + 300_000 };
    return result;
  };

  const acquire = async (force: boolean, interactiveAllowed: boolean): Promise<AuthenticationResult> => {
    try {
      if (confidentialApp) {
        return remember(
          await confidentialApp.acquireTokenByClientCredential({
            scopes: [config.cloud.appScope],
            skipCache: force,
          }),
        );
      }
      const app = publicApp!;
      const [account] = await app.getTokenCache().getAllAccounts();
      if (account) {
        try {
          return remember(
            await app.acquireTokenSilent({ account, scopes: delegatedScopes, forceRefresh: force }),
          );
        } catch (error) {
          if (!interactiveAllowed) throw error;
        }
      }
      if (!interactiveAllowed) throw new AuthError('not-signed-in', 'Not signed in. Sign in first.');
      if (config.mode === 'device-code') {
        return remember(
          await app.acquireTokenByDeviceCode({
            scopes: delegatedScopes,
            deviceCodeCallback: (response) =>
              config.onDeviceCode?.({
                message: response.message,
                userCode: response.userCode,
                verificationUri: response.verificationUri,
              }),
          }),
        );
      }
      if (!config.openBrowser)
        throw new AuthError('no-browser', 'Interactive sign-in needs a way to open a browser.');
      return remember(
        await app.acquireTokenInteractive({
          scopes: delegatedScopes,
          openBrowser: config.openBrowser,
          successTemplate: SUCCESS_HTML,
          errorTemplate: ERROR_HTML,
          ...(config.loginHint ? { loginHint: config.loginHint } : {}),
        }),
      );
    } catch (error) {
      throw toAuthError(error);
    }
  };

  return {
    config: { mode: config.mode, clientId: config.clientId, cloud: config.cloud },
    async signIn() {
      const result = await acquire(false, true);
      return {
        mode: config.mode,
        tenantId: result.tenantId || null,
        account: result.account?.username || config.clientId,
        expiresOn: result.expiresOn ?? null,
      };
    },
    async getGroupReadToken() {
      if (confidentialApp) return this.getAccessToken();
      if (groupToken && groupToken.expiresOn - Date.now() > refreshMarginMs) return groupToken.token;
      const [account] = await publicApp!.getTokenCache().getAllAccounts();
      if (!account) throw new AuthError('not-signed-in', 'Not signed in. Sign in first.');
      try {
        const result = await publicApp!.acquireTokenSilent({ account, scopes: config.cloud.groupScopes });
        groupToken = {
          token: result.accessToken,
          expiresOn: result.expiresOn?.getTime() ?? Date.now() + 300_000,
        };
        return result.accessToken;
      } catch (error) {
        const e = toAuthError(error);
        if (e.code === 'not-signed-in' || /network|ENOTFOUND|ECONNREFUSED/i.test(e.message)) throw e;
        throw new AuthError(
          'group-consent',
          `Reading group members needs the ${GROUP_READ_PERMISSION} permission, which this tenant has not granted to Headshot. An administrator adds it to Headshot's app registration and grants admin consent (docs/app-registration.md); everything else works without it.`,
        );
      }
    },
    async getAccessToken(options) {
      if (!options?.forceRefresh && current && current.expiresOn - Date.now() > refreshMarginMs)
        return current.token;
      return (await acquire(options?.forceRefresh ?? false, false)).accessToken;
    },
    tokenGeneration: () => generation,
    refreshAfterUnauthorized(seen) {
      if (seen !== generation) return Promise.resolve(); // someone already refreshed since that request
      if (refreshing?.generation === seen) return refreshing.promise;
      const promise = acquire(true, false).then(
        () => undefined,
        (error: unknown) => {
          throw error;
        },
      );
      refreshing = { generation: seen, promise };
      void promise
        .finally(() => {
          if (refreshing?.promise === promise) refreshing = null;
        })
        .catch(() => undefined);
      return promise;
    },
    async signOut() {
      current = null;
      groupToken = null;
      generation += 1;
      if (publicApp) {
        const cache = publicApp.getTokenCache();
        for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
      }
      if (confidentialApp) confidentialApp.clearCache();
      await store.clear();
    },
  };
}

/** MSAL errors carry server text; keep the code and a short message, never request bodies or tokens. */
function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  const e = error as { errorCode?: string; errorMessage?: string; message?: string };
  const code = e.errorCode || 'sign-in-failed';
  const message = (e.errorMessage || e.message || String(error)).split('\n')[0]!.slice(0, 300);
  return new AuthError(code, `Sign-in failed: ${message}`);
}
