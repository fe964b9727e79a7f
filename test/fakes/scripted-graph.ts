/**
 * A real Graph SDK client (Headshot's own middleware chain, retries off) over a scripted fetch: each route answers
 * from a queue of responses, so a test can say "429 then 200" for one URL. Every request is recorded.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from '../../src/main/core/tenant/graph-client';

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ScriptedGraph {
  client: Client;
  /** Method, path (after the host, with version) and time of each request. */
  calls: { method: string; path: string; at: number }[];
}

/** Keys are paths with the version ("/v1.0/users", "/beta/admin/..."); the last response of a queue repeats. */
export function scriptedGraph(
  routes: Record<string, ScriptedResponse[]>,
  options: { unknownStatus?: number } = {},
): ScriptedGraph {
  const calls: ScriptedGraph['calls'] = [];
  const served = new Map<string, number>();
  const fetchImpl = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    calls.push({ method, path: url.pathname + url.search, at: Date.now() });
    const key = decodeURIComponent(url.pathname);
    const queue = routes[key];
    if (!queue || queue.length === 0) {
      const status = options.unknownStatus ?? 404;
      return Promise.resolve(
        Response.json(
          { error: { code: 'Request_ResourceNotFound', message: `No script for ${key}` } },
          { status },
        ),
      );
    }
    const n = served.get(key) ?? 0;
    served.set(key, n + 1);
    const r = queue[Math.min(n, queue.length - 1)]!;
    return Promise.resolve(
      new Response(r.body === undefined ? null : JSON.stringify(r.body), {
        status: r.status,
        headers: { 'content-type': 'application/json', ...r.headers },
      }),
    );
  };
  const client = createGraphClient({
    cloud: { graphBaseUrl: 'https://graph.microsoft.com', customHosts: [] },
    getAccessToken: () => Promise.resolve('scripted-token'),
    fetch: fetchImpl,
  });
  return { client, calls };
}

/** A Graph error body as Graph sends it. */
export function graphErrorBody(code: string, message: string): unknown {
  return {
    error: { code, message, innerError: { 'request-id': 'scripted', date: new Date().toISOString() } },
  };
}

/** An unsigned JWT carrying these claims (pre-flight reads claims; it never verifies). */
export function unsignedToken(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.sig`;
}
