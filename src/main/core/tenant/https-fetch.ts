/**
 * A fetch() over node:https with its own Agent, so a custom CA (the demo tenant's) is trusted by Headshot's own
 * clients only. Node's global fetch cannot take an `ca` without undici's Agent, and global TLS overrides
 * (NODE_TLS_REJECT_UNAUTHORIZED, a patched globalAgent) would weaken every other connection in the process.
 */
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface HttpsFetchOptions {
  /** Extra CA certificates (PEM) to trust on top of the system store, for this client only. */
  ca?: string | string[];
  /** Upper bound of sockets per host; the scheduler bounds real concurrency. */
  maxSockets?: number;
  /** Per-request timeout in ms (connection + response headers). */
  timeoutMs?: number;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createHttpsFetch(options: HttpsFetchOptions = {}): FetchLike & { close(): void } {
  const ca = options.ca === undefined ? undefined : Array.isArray(options.ca) ? options.ca : [options.ca];
  const agentOptions: https.AgentOptions = {
    keepAlive: true,
    // Drop idle sockets before servers do (Node's http server closes them after 5 s), so a reused socket is
    // not reset under a request.
    timeout: 4_000,
    maxSockets: options.maxSockets ?? 64,
    // Our CAs are added to Node's bundled roots, never replacing them.
    ...(ca ? { ca: [...tls.rootCertificates, ...ca] } : {}),
  };
  const httpsAgent = new https.Agent(agentOptions);
  const httpAgent = new http.Agent({ keepAlive: true, timeout: 4_000, maxSockets: options.maxSockets ?? 64 });
  const timeoutMs = options.timeoutMs ?? 120_000;

  const fetchImpl = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input);
    const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
    const headers = new Headers(request?.headers);
    new Headers(init.headers).forEach((value, key) => headers.set(key, value));
    const body = await bodyToBuffer(init.body ?? (request ? await request.arrayBuffer() : undefined));
    if (body && !headers.has('content-length')) headers.set('content-length', String(body.length));
    const signal = init.signal ?? request?.signal ?? undefined;

    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const outgoing: Record<string, string> = {};
      headers.forEach((value, key) => (outgoing[key] = value));
      const isHttps = url.protocol === 'https:';
      const req = (isHttps ? https : http).request(url, {
        method,
        headers: outgoing,
        agent: isHttps ? httpsAgent : httpAgent,
        timeout: timeoutMs,
      });
      const onAbort = () => req.destroy(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('Request timed out'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      req.on('response', (res) => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, v);
        }
        const status = res.statusCode ?? 0;
        res.on('end', () => signal?.removeEventListener('abort', onAbort));
        if (NULL_BODY_STATUSES.has(status) || method === 'HEAD') {
          res.resume();
          resolve(new Response(null, { status, statusText: res.statusMessage, headers: responseHeaders }));
          return;
        }
        // Graph answers here are small (JSON, photos up to 4 MB): buffering is cheaper than a web stream per body.
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve(
            new Response(body.length > 0 ? body : null, {
              status,
              statusText: res.statusMessage,
              headers: responseHeaders,
            }),
          );
        });
      });
      req.end(body);
    });
  };
  return Object.assign(fetchImpl, {
    close: () => {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  });
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  return Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
}

async function bodyToBuffer(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  if (body instanceof ReadableStream) return Buffer.from(await new Response(body).arrayBuffer());
  throw new TypeError('Unsupported request body type');
}
