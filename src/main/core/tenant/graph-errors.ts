/**
 * One error shape for every Graph call, with the facts the scheduler needs: HTTP status (0 for network failures),
 * Graph error code, Retry-After in ms, and whether a retry can help. Messages never include request headers.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';

export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  constructor(
    /** HTTP status, or 0 when no response arrived (reset, timeout, DNS). */
    readonly status: number,
    /** Graph's error code (e.g. ImageNotFound, TooManyRequests) or a network code (ECONNRESET). */
    readonly code: string,
    message: string,
    /** Parsed Retry-After in ms (seconds may be decimal); null when absent. */
    readonly retryAfterMs: number | null = null,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return isRetryableStatus(this.status);
  }
}

export function isRetryableStatus(status: number): boolean {
  return (
    status === 0 ||
    status === 408 ||
    status === 429 ||
    status === 500 ||
    status === 502 ||
    status === 503 ||
    status === 504
  );
}

/** Retry-After is seconds (possibly decimal) or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return null;
}

export function toGraphRequestError(error: unknown): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  // No token (auth-session.ts AuthError, thrown by the client's token provider): not a network fault to retry.
  // A permission the tenant has not consented to (group-consent) is a refusal, as a 403 would be.
  if (error instanceof Error && error.name === 'AuthError') {
    const code = (error as Error & { code?: string }).code ?? 'AuthError';
    return new GraphRequestError(code === 'group-consent' ? 403 : 401, code, error.message.slice(0, 500));
  }
  if (error instanceof GraphError) {
    const status = error.statusCode > 0 ? error.statusCode : 0;
    const headers = error.headers;
    const retryAfter = parseRetryAfter(headers?.get('retry-after'));
    if (status === 0) return networkError(String(error.body ?? error.message), error.code);
    return new GraphRequestError(
      status,
      error.code || `HTTP${status}`,
      (error.message || `HTTP ${status}`).slice(0, 500),
      retryAfter,
      error.requestId ?? headers?.get('request-id') ?? null,
    );
  }
  return networkError(error);
}

function networkError(error: unknown, fallbackCode?: string | null): GraphRequestError {
  const e = error as { code?: string; message?: string; cause?: { code?: string } } | string;
  if (typeof e === 'string') {
    // The SDK flattens fetch failures to text; recover the errno code (ECONNRESET, ETIMEDOUT, ...) from it.
    const errno = /\b(E[A-Z_]{3,}|AbortError|socket hang up)\b/.exec(e)?.[1];
    const code = errno === 'socket hang up' ? 'ECONNRESET' : errno || 'NetworkError';
    return new GraphRequestError(0, code, `Network error: ${e.replace(/^Error: /, '').slice(0, 300)}`);
  }
  const code = e?.code || e?.cause?.code || fallbackCode || 'NetworkError';
  return new GraphRequestError(0, code, `Network error: ${(e?.message ?? String(error)).slice(0, 300)}`);
}

/**
 * What a 404 on a photo route means. Graph's code for "no photo" has changed over the years (ImageNotFound,
 * ErrorItemNotFound, ErrorEntityNotFound, or no envelope at all), so a 404 counts as "no photo" unless its code
 * says the user is missing or has no mailbox Graph can reach. Sources: docs/emulator.md, "Quirk profiles".
 */
export type PhotoNotFoundMeaning = 'no-photo' | 'user-not-found' | 'mailbox-on-premises';

const USER_NOT_FOUND_CODES = new Set(['request_resourcenotfound']);
const ON_PREMISES_CODES = new Set(['mailboxnothostedinexchangeonline', 'mailboxnotenabledforrestapi']);

export function photoNotFoundMeaning(error: GraphRequestError): PhotoNotFoundMeaning | null {
  const code = error.code.toLowerCase();
  // The on-premises codes are recognised whatever the status: the reports quote the body, not the status.
  if (ON_PREMISES_CODES.has(code) && error.status >= 400 && error.status < 500) return 'mailbox-on-premises';
  if (error.status !== 404) return null;
  if (USER_NOT_FOUND_CODES.has(code)) return 'user-not-found';
  return 'no-photo';
}
