/**
 * JSON batching: POST /v1.0/$batch with up to 20 requests, unique ids, dependsOn (a failed dependency gives
 * 424), JSON or base64 bodies, responses in any order, and each item throttled on its own.
 * (learn.microsoft.com: "Combine multiple HTTP requests using JSON batching".)
 */
import { createRng } from './random';
import { graphError, header, jsonResponse, type EmuRequest, type EmuResponse } from './http-util';
import type { Caller, GraphExecutor } from './graph-caller';

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

interface BatchItemResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

const MAX_BATCH = 20;

function isJsonType(contentType: string | undefined): boolean {
  return !contentType || /json/i.test(contentType);
}

function itemRequest(item: BatchItem): EmuRequest | string {
  const url = item.url.startsWith('/') ? item.url : `/${item.url}`;
  if (/^\/?(v1\.0|beta)\//i.test(item.url) || /^https?:/i.test(item.url)) {
    return 'The url of a batch request item must be relative to the version, e.g. /users/{id}.';
  }
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(item.headers ?? {})) headers[k.toLowerCase()] = String(v);
  let body = Buffer.alloc(0);
  if (item.body !== undefined && item.body !== null) {
    if (!headers['content-type']) return 'A batch request item with a body must have a Content-Type header.';
    if (isJsonType(headers['content-type'])) body = Buffer.from(JSON.stringify(item.body));
    else if (typeof item.body === 'string') body = Buffer.from(item.body, 'base64');
    else return 'A binary body in a batch request item must be a base64 string.';
  }
  return {
    method: item.method.toUpperCase(),
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body,
  };
}

function toItemResponse(id: string, response: EmuResponse): BatchItemResponse {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) {
    if (['content-type', 'retry-after', 'etag', 'location'].includes(k))
      headers[k === 'content-type' ? 'Content-Type' : k === 'retry-after' ? 'Retry-After' : k] = v;
  }
  const out: BatchItemResponse = { id, status: response.status, headers };
  if (response.body !== null && response.body.length > 0) {
    const type = response.headers['content-type'] ?? '';
    out.body = /json/i.test(type)
      ? (JSON.parse(response.body.toString()) as unknown)
      : /^text\//i.test(type)
        ? response.body.toString()
        : Buffer.from(response.body).toString('base64');
  }
  return out;
}

export async function runBatch(
  api: GraphExecutor,
  req: EmuRequest,
  caller: Caller,
  seq: number,
): Promise<EmuResponse> {
  if (!(header(req, 'content-type') ?? '').toLowerCase().includes('application/json')) {
    return graphError(
      req,
      400,
      'BadRequest',
      'Invalid batch payload format: the Content-Type must be application/json.',
    );
  }
  let items: BatchItem[];
  try {
    const parsed = JSON.parse(req.body.toString('utf8')) as { requests?: unknown };
    if (!Array.isArray(parsed.requests)) throw new Error('requests');
    items = parsed.requests as BatchItem[];
  } catch {
    return graphError(req, 400, 'BadRequest', 'Invalid batch payload format.');
  }
  if (items.length === 0)
    return graphError(req, 400, 'BadRequest', 'The batch request must contain at least one request.');
  if (items.length > MAX_BATCH) {
    return graphError(
      req,
      400,
      'BadRequest',
      `The number of requests in the batch (${items.length}) exceeds the limit of ${MAX_BATCH}.`,
    );
  }
  const ids = new Set<string>();
  for (const item of items) {
    if (
      typeof item?.id !== 'string' ||
      !item.id ||
      typeof item.method !== 'string' ||
      typeof item.url !== 'string'
    ) {
      return graphError(req, 400, 'BadRequest', 'Each batch request item needs a string id, method and url.');
    }
    if (ids.has(item.id))
      return graphError(req, 400, 'BadRequest', `Batch request contains duplicate id '${item.id}'.`);
    ids.add(item.id);
  }
  for (const item of items) {
    for (const dep of item.dependsOn ?? []) {
      if (!ids.has(dep))
        return graphError(
          req,
          400,
          'BadRequest',
          `Request '${item.id}' depends on '${dep}', which is not in the batch.`,
        );
    }
  }

  const results = new Map<string, Promise<BatchItemResponse>>();
  const run = (item: BatchItem, trail: string[]): Promise<BatchItemResponse> => {
    const existing = results.get(item.id);
    if (existing) return existing;
    const promise = (async (): Promise<BatchItemResponse> => {
      const deps = item.dependsOn ?? [];
      if (deps.some((d) => trail.includes(d))) {
        return toItemResponse(
          item.id,
          graphError(req, 400, 'BadRequest', `Request '${item.id}' has a circular dependency.`),
        );
      }
      const depResults = await Promise.all(
        deps.map((d) =>
          run(
            items.find((i) => i.id === d)!,
            [...trail, item.id],
          ),
        ),
      );
      if (depResults.some((r) => r.status >= 400)) {
        return toItemResponse(
          item.id,
          graphError(
            req,
            424,
            'FailedDependency',
            'The request failed because it depends on a request that failed.',
          ),
        );
      }
      const inner = itemRequest(item);
      if (typeof inner === 'string')
        return toItemResponse(item.id, graphError(req, 400, 'BadRequest', inner));
      const outcome = await api.execute(inner, {
        surface: 'batch-item',
        caller,
        batch: { seq, id: item.id },
      });
      if (typeof outcome === 'symbol') {
        return toItemResponse(
          item.id,
          graphError(req, 503, 'serviceNotAvailable', 'The service is temporarily unavailable.'),
        );
      }
      return toItemResponse(item.id, outcome);
    })();
    results.set(item.id, promise);
    return promise;
  };
  const responses = await Promise.all(items.map((item) => run(item, [])));
  // Graph does not keep request order; shuffle (seeded by the batch) so clients cannot rely on it.
  const rng = createRng(`batch:${seq}`);
  for (let i = responses.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [responses[i], responses[j]] = [responses[j]!, responses[i]!];
  }
  return jsonResponse(200, { responses });
}
