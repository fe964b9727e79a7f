/**
 * How a client talks to the demo tenant without weakening TLS anywhere else: a fetch dispatcher that trusts
 * only the emulator's throwaway CA, handed to MSAL (system.networkClient) and to the Graph client
 * (fetchOptions.dispatcher). NODE_TLS_REJECT_UNAUTHORIZED is never touched.
 */
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';

/** An undici Dispatcher, opaque here: pass it as `dispatcher` in fetch options. */
export type EmulatorDispatcher = object;

type AgentCtor = new (options: { connect: { ca: string[] } }) => EmulatorDispatcher;

/**
 * Node's fetch is undici, but Node does not export undici's Agent. Constructing a Response loads the bundled
 * undici, which installs its default Agent under this well-known global symbol; its constructor is the Agent
 * class of the very undici that global fetch uses, so the dispatcher is compatible by construction.
 */
function bundledAgentClass(): AgentCtor {
  void new Response('');
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
  const ctor = (global as { constructor?: unknown } | undefined)?.constructor;
  if (typeof ctor !== 'function' || ctor.name !== 'Agent') {
    throw new Error(
      "emulator client: the global fetch dispatcher is not undici's Agent (a custom one was installed), so a CA-scoped dispatcher cannot be built.",
    );
  }
  return ctor as AgentCtor;
}

const dispatchers = new Map<string, EmulatorDispatcher>();

/** A fetch dispatcher that trusts only the given CA (not the system roots). Cached per CA. */
export function emulatorDispatcher(caCertPem: string): EmulatorDispatcher {
  let dispatcher = dispatchers.get(caCertPem);
  if (!dispatcher) {
    const Agent = bundledAgentClass();
    dispatcher = new Agent({ connect: { ca: [caCertPem] } });
    dispatchers.set(caCertPem, dispatcher);
  }
  return dispatcher;
}

/** Options for the Graph client: `Client.init({ fetchOptions: graphFetchOptions(ca), customHosts, baseUrl })`. */
export function graphFetchOptions(caCertPem: string): RequestInit {
  return { dispatcher: emulatorDispatcher(caCertPem) } as RequestInit;
}

/** fetch bound to the emulator CA. */
export function emulatorFetch(caCertPem: string): typeof fetch {
  const dispatcher = emulatorDispatcher(caCertPem);
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}

function headerDict(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

/**
 * An MSAL INetworkModule over the CA-scoped fetch: `system: { networkClient: emulatorNetworkClient(ca) }`.
 * Mirrors msal-node's own HttpClient (JSON body, header dictionary, status).
 */
export function emulatorNetworkClient(caCertPem: string): INetworkModule {
  const doFetch = emulatorFetch(caCertPem);
  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
    timeout?: number,
  ) {
    const controller = new AbortController();
    const timer = timeout ? setTimeout(() => controller.abort(), timeout) : undefined;
    try {
      const response = await doFetch(url, {
        method,
        headers: options?.headers ?? {},
        body: method === 'POST' ? (options?.body ?? '') : undefined,
        signal: controller.signal,
      });
      const body = (await response.json()) as T;
      return {
        headers: headerDict(response.headers),
        body,
        status: response.status,
      } satisfies NetworkResponse<T>;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(url, 'GET', options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, 'POST', options),
  };
}

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The auto-submitting form of a form_post response: where it posts and the hidden fields. */
export function parseFormPost(html: string): { action: string; fields: Record<string, string> } | null {
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"/i.exec(html);
  if (!form?.[1]) return null;
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi)) {
    fields[decodeHtml(match[1]!)] = decodeHtml(match[2]!);
  }
  return { action: decodeHtml(form[1]), fields };
}

/**
 * A simulated system browser for `acquireTokenInteractive({ openBrowser })`: it loads the authorize URL from
 * the emulator (which auto-consents) and submits the form_post to MSAL's loopback, as a browser would.
 * Resolves once the loopback has answered. Errors are thrown so a test sees them.
 */
export function simulatedBrowser(caCertPem: string): (url: string) => Promise<void> {
  const doFetch = emulatorFetch(caCertPem);
  return async (url: string) => {
    const page = await doFetch(url, { redirect: 'manual' });
    const html = await page.text();
    const form = parseFormPost(html);
    if (!form) {
      throw new Error(
        `simulated browser: the authorize page (HTTP ${page.status}) had no form_post: ${html.slice(0, 300)}`,
      );
    }
    // The loopback is plain http on localhost: global fetch is fine there.
    const answer = await fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form.fields).toString(),
    });
    await answer.text();
  };
}

/** The connection facts a client needs (a subset of Emulator, so this module stays free of the server). */
export interface EmulatorConnection {
  authority: string;
  authorityHost: string;
  graphBaseUrl: string;
  graphHost: string;
  clientId: string;
  caCertPem: string;
}

/**
 * MSAL configuration pieces for the emulator: spread into a PublicClientApplication or
 * ConfidentialClientApplication config (add clientSecret for the latter).
 */
export function msalConfigFor(emulator: EmulatorConnection): {
  auth: { clientId: string; authority: string; knownAuthorities: string[] };
  system: { networkClient: INetworkModule };
} {
  return {
    auth: {
      clientId: emulator.clientId,
      authority: emulator.authority,
      knownAuthorities: [emulator.authorityHost],
    },
    system: { networkClient: emulatorNetworkClient(emulator.caCertPem) },
  };
}

/** Graph client options for the emulator: `Client.init({ ...graphClientOptionsFor(emu), authProvider })`. */
export function graphClientOptionsFor(emulator: EmulatorConnection): {
  baseUrl: string;
  customHosts: Set<string>;
  fetchOptions: RequestInit;
} {
  return {
    baseUrl: emulator.graphBaseUrl,
    customHosts: new Set([emulator.graphHost]),
    fetchOptions: graphFetchOptions(emulator.caCertPem),
  };
}

/**
 * An app-only Graph client for the emulator, signed in with its client secret through the real MSAL (tests and
 * benches). The token is returned too, for tests that call Graph by hand.
 */
export async function appOnlyGraphClient(
  emulator: EmulatorConnection & { clientSecret: string },
): Promise<{ client: Client; token: string }> {
  const config = msalConfigFor(emulator);
  const cca = new ConfidentialClientApplication({
    ...config,
    auth: { ...config.auth, clientSecret: emulator.clientSecret },
  });
  const result = await cca.acquireTokenByClientCredential({
    scopes: ['https://graph.microsoft.com/.default'],
  });
  if (!result) throw new Error('The demo tenant issued no token.');
  const token = result.accessToken;
  const client = Client.init({
    ...graphClientOptionsFor(emulator),
    authProvider: (done) => done(null, token),
  });
  return { client, token };
}
