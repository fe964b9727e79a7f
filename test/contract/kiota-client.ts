/**
 * The second real client: Microsoft's Kiota-based Graph SDK (@microsoft/msgraph-sdk + msgraph-sdk-users) wired to
 * the demo tenant. The token comes from the real MSAL (client credentials against the emulator's authority); the
 * fetch trusts only the emulator's CA (no NODE_TLS_REJECT_UNAUTHORIZED); the middleware chain is the SDK's own
 * default one (retry, redirect, parameter-name decoding, user agent, URL replace). Every request the SDK sends is
 * recorded, so a test can assert the request shape as well as the answer.
 */
import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  AllowedHostsValidator,
  BaseBearerTokenAuthenticationProvider,
  type AccessTokenProvider,
} from '@microsoft/kiota-abstractions';
import {
  createGraphServiceClient,
  GraphRequestAdapter,
  type GraphServiceClient,
} from '@microsoft/msgraph-sdk';
import { createGraphClientFactory } from '@microsoft/msgraph-sdk-core';
import '@microsoft/msgraph-sdk-users';
import { emulatorFetch, msalConfigFor } from '../../src/emulator/client';
import type { Emulator } from '../../src/emulator/types';

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Kiota's token source, fed by MSAL (which caches the token); only for the allowed hosts. */
class MsalAccessTokenProvider implements AccessTokenProvider {
  private readonly validator: AllowedHostsValidator;

  constructor(
    private readonly cca: ConfidentialClientApplication,
    allowedHosts: Set<string>,
  ) {
    this.validator = new AllowedHostsValidator(allowedHosts);
  }

  async getAuthorizationToken(url?: string): Promise<string> {
    if (!url || !this.validator.isUrlHostValid(url)) return '';
    const result = await this.cca.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    if (!result) throw new Error('The demo tenant issued no token.');
    return result.accessToken;
  }

  getAllowedHostsValidator(): AllowedHostsValidator {
    return this.validator;
  }
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

export interface KiotaConnection {
  client: GraphServiceClient;
  adapter: GraphRequestAdapter;
  /** Requests as the SDK put them on the wire, oldest first. */
  sent: SentRequest[];
}

/** A Kiota GraphServiceClient for the emulator, app-only through MSAL's client-credentials grant. */
export function kiotaClientFor(emu: Emulator): KiotaConnection {
  const config = msalConfigFor(emu);
  const cca = new ConfidentialClientApplication({
    ...config,
    auth: { ...config.auth, clientSecret: emu.clientSecret },
  });
  const auth = new BaseBearerTokenAuthenticationProvider(
    new MsalAccessTokenProvider(cca, new Set([emu.graphHost])),
  );
  const caFetch = emulatorFetch(emu.caCertPem);
  const sent: SentRequest[] = [];
  const recordingFetch = (url: string, init: RequestInit): Promise<Response> => {
    sent.push({ method: (init.method ?? 'GET').toUpperCase(), url, headers: headersOf(init) });
    return caFetch(url, init);
  };
  // The SDK's own default middleware chain, ending in our CA-scoped fetch.
  const httpClient = createGraphClientFactory(
    { graphServiceTargetVersion: '', graphServiceLibraryClientVersion: 'contract-test' },
    recordingFetch,
  );
  const adapter = new GraphRequestAdapter(auth, undefined, undefined, httpClient);
  adapter.baseUrl = `${emu.graphBaseUrl}v1.0`;
  return { client: createGraphServiceClient(adapter), adapter, sent };
}
