/**
 * The throttle-aware request scheduler. Every Graph request of a run goes through run(), which owns retries:
 *  - Retry-After is honoured exactly: the request is not re-sent before it has passed (plus a few ms of clock
 *    slack), and a 429 with Retry-After also holds every other request until then (the write bucket is per
 *    app+tenant, so the others would only be throttled too).
 *  - At most `perMailbox` (4) requests in flight per mailbox, the photo API's documented per-mailbox limit.
 *  - Adaptive global concurrency (AIMD): cut on 429/503, grown back by one slot per window of successes.
 *  - Writes are paced by a client-side rate that learns the server's write rate from what it accepted before
 *    a 429, then probes upward slowly, so throughput stays near the bucket rate with few 429s.
 *  - 401: one token refresh (shared by all requests that saw the same token), then one retry.
 *  - 429/5xx/network errors are retryable with capped exponential backoff; other 4xx are permanent.
 * Pause holds queued requests (in-flight ones finish); cancel rejects queued requests with CancelledError.
 */
import { toGraphRequestError, type GraphRequestError } from '../tenant/graph-errors';

export type RequestKind = 'read' | 'write';

export interface TokenRefresher {
  tokenGeneration(): number;
  refreshAfterUnauthorized(generation: number): Promise<void>;
}

export interface SchedulerOptions {
  /** Upper bound for global concurrency (the adaptive limit never exceeds it). */
  maxConcurrency?: number;
  initialConcurrency?: number;
  minConcurrency?: number;
  perMailbox?: number;
  /** Attempts per request for throttling (429). */
  maxThrottledAttempts?: number;
  /** Attempts per request for 5xx / network errors. */
  maxFaultAttempts?: number;
  /** Backoff base for errors without Retry-After. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Added to every Retry-After so timer granularity never makes us early. */
  retryAfterSlackMs?: number;
  auth?: TokenRefresher;
  now?: () => number;
  random?: () => number;
  onThrottle?: (info: ThrottleInfo) => void;
}

export interface ThrottleInfo {
  mailbox: string;
  kind: RequestKind;
  status: number;
  code: string;
  retryAfterMs: number | null;
  waitMs: number;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('The run was cancelled.');
  }
}

export interface RequestResult<T> {
  value: T;
  attempts: number;
}

/** A failure after the scheduler gave up (or a permanent error), with the attempts spent. */
export class RequestFailedError extends Error {
  override name = 'RequestFailedError';
  constructor(
    readonly failure: GraphRequestError,
    readonly attempts: number,
  ) {
    super(failure.message);
  }
}

interface Waiter {
  mailbox: string;
  kind: RequestKind;
  notBefore: number;
  grant: () => void;
  reject: (error: Error) => void;
}

export interface SchedulerStats {
  concurrencyLimit: number;
  inFlight: number;
  queued: number;
  throttled: number;
  faults: number;
  writeRatePerSec: number | null;
  gateUntil: number;
  requests: number;
}

export class RequestScheduler {
  private readonly maxConcurrency: number;
  private readonly minConcurrency: number;
  private readonly perMailbox: number;
  private readonly opts: Required<
    Pick<
      SchedulerOptions,
      'maxThrottledAttempts' | 'maxFaultAttempts' | 'backoffBaseMs' | 'backoffMaxMs' | 'retryAfterSlackMs'
    >
  >;
  private readonly now: () => number;
  private readonly random: () => number;
  private limit: number;
  private successesSinceGrow = 0;
  private inFlight = 0;
  private readonly mailboxInFlight = new Map<string, number>();
  private waiters: Waiter[] = [];
  /** Per request kind: a write 429 holds writes (the write bucket), a read 429 holds reads. */
  private readonly gateUntil: Record<RequestKind, number> = { read: 0, write: 0 };
  private lastCut = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private paused = false;
  private cancelled = false;
  private throttled = 0;
  private faults = 0;
  private requests = 0;
  // Write pacing (client-side token bucket whose rate is learned).
  private writeRate = Infinity;
  private writeTokens = 0;
  private writeTokensAt = 0;
  private lastRateCut = -Infinity;
  private lastProbe = 0;
  private readonly writeSuccesses: number[] = [];
  private firstWriteAt: number | null = null;
  private writeHolds: [number, number][] = [];

  constructor(private readonly options: SchedulerOptions = {}) {
    this.maxConcurrency = Math.max(1, options.maxConcurrency ?? 16);
    this.minConcurrency = Math.max(1, Math.min(options.minConcurrency ?? 2, this.maxConcurrency));
    this.limit = Math.min(
      this.maxConcurrency,
      Math.max(this.minConcurrency, options.initialConcurrency ?? 8),
    );
    this.perMailbox = Math.max(1, options.perMailbox ?? 4);
    this.opts = {
      maxThrottledAttempts: options.maxThrottledAttempts ?? 25,
      maxFaultAttempts: options.maxFaultAttempts ?? 6,
      backoffBaseMs: options.backoffBaseMs ?? 500,
      backoffMaxMs: options.backoffMaxMs ?? 30_000,
      retryAfterSlackMs: options.retryAfterSlackMs ?? 15,
    };
    this.now = options.now ?? (() => Date.now());
    this.random = options.random ?? Math.random;
  }

  stats(): SchedulerStats {
    return {
      concurrencyLimit: Math.floor(this.limit),
      inFlight: this.inFlight,
      queued: this.waiters.length,
      throttled: this.throttled,
      faults: this.faults,
      writeRatePerSec: Number.isFinite(this.writeRate) ? Math.round(this.writeRate * 10) / 10 : null,
      gateUntil: Math.max(this.gateUntil.read, this.gateUntil.write),
      requests: this.requests,
    };
  }

  /**
   * While the run waits on Microsoft 365: the time (epoch ms, by `now`) its next request may go. That is a
   * Retry-After hold (a 429 holds every request of its kind), or, with nothing in flight, every queued request
   * backing off after a throttle or a fault. Null while requests flow, when paused (the user's wait, not the
   * service's) and once cancelled.
   */
  waitingUntil(): number | null {
    if (this.paused || this.cancelled) return null;
    const now = this.now();
    const gate = Math.max(this.gateUntil.read, this.gateUntil.write);
    if (gate > now) return gate;
    if (this.inFlight > 0 || this.waiters.length === 0) return null;
    let next = Infinity;
    for (const w of this.waiters) {
      if (w.notBefore <= now) return null;
      next = Math.min(next, w.notBefore);
    }
    return next;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Rejects every queued request; in-flight ones finish. */
  cancel(): void {
    this.cancelled = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(new CancelledError());
    this.clearTimer();
  }

  /** Runs fn under the scheduler's limits, retrying per policy. */
  async run<T>(mailbox: string, kind: RequestKind, fn: () => Promise<T>): Promise<RequestResult<T>> {
    let attempts = 0;
    let throttledAttempts = 0;
    let faultAttempts = 0;
    let refreshed = false;
    let notBefore = 0;
    for (;;) {
      await this.acquire(mailbox, kind, notBefore);
      attempts += 1;
      this.requests += 1;
      const generation = this.options.auth?.tokenGeneration() ?? 0;
      let error: GraphRequestError;
      try {
        const value = await fn();
        this.release(mailbox);
        this.onSuccess(kind);
        return { value, attempts };
      } catch (caught) {
        this.release(mailbox);
        error = toGraphRequestError(caught);
      }
      if (error.status === 401 && this.options.auth && !refreshed) {
        refreshed = true;
        try {
          await this.options.auth.refreshAfterUnauthorized(generation);
        } catch {
          throw new RequestFailedError(error, attempts);
        }
        notBefore = 0;
        continue;
      }
      if (!error.retryable) throw new RequestFailedError(error, attempts);
      const now = this.now();
      let waitMs: number;
      if (error.status === 429) {
        this.throttled += 1;
        throttledAttempts += 1;
        if (throttledAttempts >= this.opts.maxThrottledAttempts)
          throw new RequestFailedError(error, attempts);
        this.cut(now, 0.75);
        // A per-mailbox concurrency 429 (Outlook: ApplicationThrottled, "...over its MailboxConcurrency limit.")
        // says nothing about the tenant's write rate, so it must not slow every other mailbox's writes.
        if (kind === 'write' && !isMailboxConcurrency(error)) this.cutWriteRate(now);
      } else {
        this.faults += 1;
        faultAttempts += 1;
        if (faultAttempts >= this.opts.maxFaultAttempts) throw new RequestFailedError(error, attempts);
        if (error.status === 503 || error.status === 504) this.cut(now, 0.85);
      }
      if (error.retryAfterMs !== null) {
        waitMs = error.retryAfterMs + this.opts.retryAfterSlackMs;
        // Hold every request of this kind: the service said when its bucket takes requests again.
        if (error.status === 429) {
          if (kind === 'write') this.noteWriteHold(Math.max(now, this.gateUntil.write), now + waitMs);
          this.gateUntil[kind] = Math.max(this.gateUntil[kind], now + waitMs);
        }
      } else {
        const n = error.status === 429 ? throttledAttempts : faultAttempts;
        const exp = Math.min(this.opts.backoffMaxMs, this.opts.backoffBaseMs * 2 ** (n - 1));
        waitMs = Math.round(exp / 2 + (this.random() * exp) / 2); // "equal jitter"
      }
      notBefore = now + waitMs;
      this.options.onThrottle?.({
        mailbox,
        kind,
        status: error.status,
        code: error.code,
        retryAfterMs: error.retryAfterMs,
        waitMs,
      });
    }
  }

  private acquire(mailbox: string, kind: RequestKind, notBefore: number): Promise<void> {
    if (this.cancelled) return Promise.reject(new CancelledError());
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ mailbox, kind, notBefore, grant: resolve, reject });
      this.pump();
    });
  }

  private release(mailbox: string): void {
    this.inFlight -= 1;
    const n = (this.mailboxInFlight.get(mailbox) ?? 1) - 1;
    if (n <= 0) this.mailboxInFlight.delete(mailbox);
    else this.mailboxInFlight.set(mailbox, n);
    this.pump();
  }

  private onSuccess(kind: RequestKind): void {
    this.successesSinceGrow += 1;
    if (this.successesSinceGrow >= Math.floor(this.limit) && this.limit < this.maxConcurrency) {
      this.successesSinceGrow = 0;
      this.limit = Math.min(this.maxConcurrency, this.limit + 1);
    }
    if (kind === 'write') {
      const now = this.now();
      this.writeSuccesses.push(now);
      while (this.writeSuccesses.length > 0 && this.writeSuccesses[0]! < now - 5_000)
        this.writeSuccesses.shift();
      // Probe upward: 4% per second once 2 s have passed without a 429.
      if (
        Number.isFinite(this.writeRate) &&
        now - this.lastRateCut > 2_000 &&
        now - this.lastProbe >= 1_000
      ) {
        this.lastProbe = now;
        this.writeRate *= 1.04;
      }
    }
  }

  /** Multiplicative decrease, at most once per half second (a burst of 429s is one signal). */
  private cut(now: number, factor: number): void {
    if (now - this.lastCut < 500) return;
    this.lastCut = now;
    this.successesSinceGrow = 0;
    this.limit = Math.max(this.minConcurrency, this.limit * factor);
  }

  /**
   * Learn the write rate from what the server accepted recently, at most once per second. The window counts only
   * time the writes were not held by a Retry-After, so waiting out a 429 does not read as a slow server, and one
   * cut takes at most 30% off, so a stray 429 (a fault, not the bucket) cannot collapse the rate.
   */
  private cutWriteRate(now: number): void {
    if (now - this.lastRateCut < 1_000) return;
    this.lastRateCut = now;
    const windowStart = Math.max(now - 5_000, this.firstWriteAt ?? now);
    const held = this.heldWithin(windowStart, now);
    const span = Math.max(500, now - windowStart - held);
    const accepted = this.writeSuccesses.filter((t) => t >= windowStart).length;
    // Too few accepted writes to estimate a rate from: rely on Retry-After alone.
    if (accepted < 5) return;
    const measured = (accepted * 1000) / span;
    const previous = this.writeRate;
    let next = Math.max(0.5, measured * 0.97);
    if (Number.isFinite(previous)) next = Math.min(previous, Math.max(next, previous * 0.7));
    this.writeRate = next;
    this.writeTokens = 0;
    this.writeTokensAt = now;
  }

  /** Milliseconds within [from, to] during which writes were held by a Retry-After. */
  private heldWithin(from: number, to: number): number {
    let total = 0;
    for (const [a, b] of this.writeHolds) total += Math.max(0, Math.min(b, to) - Math.max(a, from));
    return total;
  }

  private noteWriteHold(from: number, to: number): void {
    if (to <= from) return;
    this.writeHolds.push([from, to]);
    const cutoff = this.now() - 10_000;
    this.writeHolds = this.writeHolds.filter(([, b]) => b >= cutoff);
  }

  private writeTokenAvailable(now: number): { ok: boolean; at: number } {
    if (!Number.isFinite(this.writeRate)) return { ok: true, at: now };
    const burst = Math.max(1, this.writeRate * 0.25);
    this.writeTokens = Math.min(
      burst,
      this.writeTokens + ((now - this.writeTokensAt) * this.writeRate) / 1000,
    );
    this.writeTokensAt = now;
    if (this.writeTokens >= 1) return { ok: true, at: now };
    return { ok: false, at: now + ((1 - this.writeTokens) * 1000) / this.writeRate };
  }

  private pump(): void {
    if (this.cancelled) return;
    if (this.paused) return;
    const now = this.now();
    let wakeAt = Infinity;
    const remaining: Waiter[] = [];
    for (let i = 0; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      if (this.inFlight >= Math.floor(this.limit)) {
        remaining.push(...this.waiters.slice(i));
        break;
      }
      const notBefore = Math.max(w.notBefore, this.gateUntil[w.kind]);
      if (notBefore > now) {
        wakeAt = Math.min(wakeAt, notBefore);
        remaining.push(w);
        continue;
      }
      if ((this.mailboxInFlight.get(w.mailbox) ?? 0) >= this.perMailbox) {
        remaining.push(w);
        continue;
      }
      if (w.kind === 'write') {
        const token = this.writeTokenAvailable(now);
        if (!token.ok) {
          wakeAt = Math.min(wakeAt, token.at);
          remaining.push(w);
          continue;
        }
        this.writeTokens -= 1;
        this.firstWriteAt ??= now;
      }
      this.inFlight += 1;
      this.mailboxInFlight.set(w.mailbox, (this.mailboxInFlight.get(w.mailbox) ?? 0) + 1);
      w.grant();
    }
    this.waiters = remaining;
    if (wakeAt < Infinity) this.schedule(wakeAt);
  }

  private schedule(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    this.clearTimer();
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Infinity;
        this.pump();
      },
      Math.max(0, Math.ceil(at - this.now())),
    );
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Infinity;
  }
}

/** Whether a 429 is the photo API's per-mailbox concurrency limit rather than a rate limit. */
export function isMailboxConcurrency(error: { code: string; message: string }): boolean {
  return error.code === 'MailboxConcurrency' || /MailboxConcurrency/i.test(error.message);
}
