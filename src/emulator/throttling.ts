/**
 * The throttling model: the Outlook photo limits (4 concurrent requests and 10,000 per 10 minutes per app per
 * mailbox), a write token bucket per app+tenant, and the identity read resource-unit bucket. It also watches
 * clients: a retry that comes before the Retry-After it was given is recorded as a violation.
 * (learn.microsoft.com: "Microsoft Graph throttling guidance", "Microsoft Graph service-specific throttling
 * limits" -> Outlook service limits and Identity and access service limits.)
 */
import type { RetryAfterStyle, ThrottlingOptions, Violation } from './types';

export interface Throttled {
  status: 429;
  code: string;
  message: string;
  /** Seconds, before formatting. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export const DEFAULT_THROTTLING: Required<Omit<ThrottlingOptions, 'readUnitsPer10s'>> & {
  readUnitsPer10s?: number;
} = {
  enabled: true,
  mailboxConcurrency: 4,
  mailboxRequestsPer10Min: 10_000,
  writeRatePerSecond: 3000 / 150,
  writeBurst: 3000,
  retryAfter: 'integer',
  concurrencyRetryAfterSeconds: 1,
};

/** Identity read limit by tenant size (resource units per 10 s per app+tenant). */
export function defaultReadUnits(userCount: number): number {
  if (userCount < 50) return 3500;
  if (userCount <= 500) return 5000;
  return 8000;
}

export function formatRetryAfter(seconds: number, style: RetryAfterStyle): string | null {
  if (style === 'absent') return null;
  if (style === 'decimal') return String(Math.max(0.1, Math.round(seconds * 10) / 10));
  return String(Math.max(1, Math.ceil(seconds)));
}

/** Seconds the client will actually wait for a Retry-After value (what violations are measured against). */
export function parseRetryAfter(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  if (!Number.isNaN(n)) return n;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

export class ThrottlingModel {
  options: typeof DEFAULT_THROTTLING;
  private inFlight = new Map<string, number>();
  private windows = new Map<string, { start: number; count: number }>();
  private writeBuckets = new Map<string, Bucket>();
  private readBuckets = new Map<string, Bucket>();
  private retryAllowedAt = new Map<string, number>();
  readonly violations: Violation[] = [];

  constructor(
    options: ThrottlingOptions | undefined,
    private userCount: () => number,
    private now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_THROTTLING, ...options };
  }

  set(options: ThrottlingOptions): void {
    this.options = { ...DEFAULT_THROTTLING, ...options };
    this.writeBuckets.clear();
    this.readBuckets.clear();
    this.windows.clear();
  }

  mailboxInFlight(appId: string, mailbox: string): number {
    return this.inFlight.get(`${appId}|${mailbox}`) ?? 0;
  }

  /** Admits a photo request for a mailbox, or throttles it. Call the returned release() when it ends. */
  beginPhoto(
    appId: string,
    mailbox: string,
    method: string,
    path: string,
  ): { release: () => void } | Throttled {
    const key = `${appId}|${mailbox}`;
    const o = this.options;
    const current = this.inFlight.get(key) ?? 0;
    if (o.enabled && o.mailboxConcurrency > 0 && current >= o.mailboxConcurrency) {
      this.violations.push({
        kind: 'mailbox-concurrency',
        at: this.now(),
        method,
        path,
        appId,
        user: mailbox,
        inFlight: current,
        message: `${current} photo requests were already in flight for this mailbox (limit ${o.mailboxConcurrency}).`,
      });
      return {
        status: 429,
        code: 'ApplicationThrottled',
        message: 'Application is over its MailboxConcurrency limit.',
        retryAfterSeconds: o.concurrencyRetryAfterSeconds,
      };
    }
    if (o.enabled && o.mailboxRequestsPer10Min > 0) {
      const now = this.now();
      let window = this.windows.get(key);
      if (!window || now - window.start >= 600_000) {
        window = { start: now, count: 0 };
        this.windows.set(key, window);
      }
      if (window.count >= o.mailboxRequestsPer10Min) {
        return {
          status: 429,
          code: 'ApplicationThrottled',
          message: 'Application is over its MailboxRequests limit.',
          retryAfterSeconds: (window.start + 600_000 - now) / 1000,
        };
      }
      window.count++;
    }
    this.inFlight.set(key, current + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const n = (this.inFlight.get(key) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(key);
        else this.inFlight.set(key, n);
      },
    };
  }

  private take(
    buckets: Map<string, Bucket>,
    key: string,
    cost: number,
    capacity: number,
    ratePerSecond: number,
  ): number {
    const now = this.now();
    const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * ratePerSecond);
    bucket.at = now;
    buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return (cost - bucket.tokens) / ratePerSecond;
  }

  /** One write (PUT/PATCH/POST/DELETE) for app+tenant. */
  takeWrite(appId: string): Throttled | null {
    const o = this.options;
    if (!o.enabled || !(o.writeRatePerSecond > 0)) return null;
    const wait = this.take(this.writeBuckets, appId, 1, o.writeBurst, o.writeRatePerSecond);
    return wait > 0
      ? {
          status: 429,
          code: 'TooManyRequests',
          message: 'Too many requests. The write limit for this application in this tenant was reached.',
          retryAfterSeconds: wait,
        }
      : null;
  }

  /** A read costing `units` resource units for app+tenant. */
  takeRead(appId: string, units: number): Throttled | null {
    const o = this.options;
    const capacity = o.readUnitsPer10s ?? defaultReadUnits(this.userCount());
    if (!o.enabled || !(capacity > 0)) return null;
    const wait = this.take(this.readBuckets, appId, units, capacity, capacity / 10);
    return wait > 0
      ? {
          status: 429,
          code: 'TooManyRequests',
          message:
            'Too many requests. The resource unit limit for this application in this tenant was reached.',
          retryAfterSeconds: wait,
        }
      : null;
  }

  /** Records a Retry-After given to this caller for this exact request. */
  noteRetryAfter(retryKey: string, seconds: number): void {
    this.retryAllowedAt.set(retryKey, this.now() + seconds * 1000);
  }

  /** Checks a request against an outstanding Retry-After for the same request; records a violation if early. */
  checkRetry(
    retryKey: string,
    method: string,
    path: string,
    appId: string | null,
    user: string | null,
  ): void {
    const allowedAt = this.retryAllowedAt.get(retryKey);
    if (allowedAt === undefined) return;
    this.retryAllowedAt.delete(retryKey);
    const now = this.now();
    if (now < allowedAt) {
      this.violations.push({
        kind: 'retry-too-early',
        at: now,
        method,
        path,
        appId,
        user,
        allowedAt,
        earlyByMs: allowedAt - now,
        message: `Retried ${allowedAt - now} ms before the Retry-After it was given had passed.`,
      });
    }
  }
}

/** Base resource-unit costs ("Identity and access service limits" table; delta is an emulator estimate). */
const BASE_READ_COST = {
  /** GET users */
  collection: 2,
  /** "Any identity path not listed": a single object, /groups, /users/{id}/manager, photo metadata. */
  single: 1,
  delta: 5,
  /** GET groups/{id}/members */
  members: 3,
  /** GET groups/{id}/transitiveMembers */
  transitiveMembers: 5,
} as const;
export type ReadKind = keyof typeof BASE_READ_COST;

/**
 * Resource-unit cost of an identity read, after the modifiers in "Identity and access service limits":
 * the base cost of the path; $select -1; $top under 20 -1; $expand +1; never below 1.
 */
export function readCost(kind: ReadKind, query: URLSearchParams): number {
  let cost: number = BASE_READ_COST[kind];
  if (query.has('$select')) cost -= 1;
  const top = Number(query.get('$top'));
  if (query.has('$top') && top < 20) cost -= 1;
  if (query.has('$expand')) cost += 1;
  return Math.max(1, cost);
}
