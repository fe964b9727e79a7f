/** The plain request/response shapes the emulator's handlers use, so $batch can run them without HTTP. */
import { randomUUID } from 'node:crypto';

export interface EmuRequest {
  method: string;
  /** Path relative to the surface, decoded per segment later by the router, e.g. '/users/a%23b/photo/$value'. */
  path: string;
  /** The raw query string without '?'. */
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
  /** True when the body went over the size cap (it was drained, not kept). */
  bodyTooLarge?: boolean;
}

export interface EmuResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | null;
}

export const JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export function header(req: EmuRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}

export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmuResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): EmuResponse {
  return { status, headers, body: null };
}

/**
 * Microsoft Graph's error envelope: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.
 * (learn.microsoft.com: "Microsoft Graph error responses and resource types".)
 */
export function graphError(
  req: EmuRequest | null,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmuResponse {
  const requestId = randomUUID();
  const clientRequestId = (req && header(req, 'client-request-id')) || requestId;
  return jsonResponse(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
    { 'request-id': requestId, 'client-request-id': clientRequestId, ...headers },
  );
}

export function errorCodeOf(response: EmuResponse): string | null {
  if (response.status < 400 || !response.body) return null;
  try {
    const parsed = JSON.parse(response.body.toString()) as { error?: { code?: string } | string };
    if (typeof parsed.error === 'string') return parsed.error;
    return parsed.error?.code ?? null;
  } catch {
    return null;
  }
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
