import { GraphRequestError } from '../tenant/graph-errors';
import { CancelledError, RequestFailedError, RequestScheduler, isMailboxConcurrency } from './scheduler';
import { throttled } from '../../../../test/support/run-fakes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RequestScheduler', () => {
  it('does not retry before Retry-After, and holds other requests of its kind until then', async () => {
    const s = new RequestScheduler({ retryAfterSlackMs: 5 });
    const starts: { key: string; at: number }[] = [];
    let failedAt = 0;
    let first = true;
    const a = s.run('u1', 'write', () => {
      starts.push({ key: 'a', at: Date.now() });
      if (first) {
        first = false;
        failedAt = Date.now();
        return Promise.reject(throttled(300));
      }
      return Promise.resolve('ok');
    });
    await sleep(20);
    const b = s.run('u2', 'write', () => {
      starts.push({ key: 'b', at: Date.now() });
      return Promise.resolve('ok');
    });
    const [ra] = await Promise.all([a, b]);
    expect(ra).toEqual({ value: 'ok', attempts: 2 });
    const retry = starts.filter((x) => x.key === 'a')[1]!;
    expect(retry.at - failedAt).toBeGreaterThanOrEqual(300);
    const other = starts.find((x) => x.key === 'b')!;
    expect(other.at - failedAt).toBeGreaterThanOrEqual(300);
  });

  it('says until when it waits on a Retry-After, and stops saying so when requests flow again', async () => {
    const s = new RequestScheduler({ retryAfterSlackMs: 5 });
    expect(s.waitingUntil()).toBeNull();
    let failedAt = 0;
    let first = true;
    const a = s.run('u1', 'write', () => {
      if (first) {
        first = false;
        failedAt = Date.now();
        return Promise.reject(throttled(300));
      }
      return Promise.resolve('ok');
    });
    await sleep(20);
    const until = s.waitingUntil();
    expect(until).not.toBeNull();
    expect(until! - failedAt).toBeGreaterThanOrEqual(300);
    expect(until! - failedAt).toBeLessThan(400);
    s.pause();
    expect(s.waitingUntil()).toBeNull(); // paused: the user's wait, not the service's
    s.resume();
    await a;
    expect(s.waitingUntil()).toBeNull();
  });

  it('says it waits when every queued request backs off after a fault, not while others are in flight', async () => {
    let t = 1_000;
    const s = new RequestScheduler({ backoffBaseMs: 200, random: () => 1, now: () => t });
    let release!: () => void;
    const slow = s.run('u2', 'read', () => new Promise<string>((r) => (release = () => r('slow'))));
    let calls = 0;
    const faulty = s.run('u1', 'write', () => {
      calls += 1;
      return calls === 1 ? Promise.reject(throttled(null, 503)) : Promise.resolve('ok');
    });
    await sleep(5);
    // One request backs off 200 ms, another is in flight: requests still flow.
    expect(s.waitingUntil()).toBeNull();
    release();
    await slow;
    expect(s.waitingUntil()).toBe(1_200);
    t = 1_250;
    await faulty;
    expect(s.waitingUntil()).toBeNull();
  });

  it('backs off exponentially without Retry-After and gives up on permanent errors at once', async () => {
    const s = new RequestScheduler({ backoffBaseMs: 20, random: () => 1 });
    const at: number[] = [];
    const r = await s.run('u', 'write', () => {
      at.push(Date.now());
      return at.length < 3 ? Promise.reject(throttled(null, 503)) : Promise.resolve(1);
    });
    expect(r.attempts).toBe(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(19);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(39);

    let calls = 0;
    const denied = s.run('u', 'write', () => {
      calls += 1;
      return Promise.reject(new GraphRequestError(403, 'Authorization_RequestDenied', 'no'));
    });
    await expect(denied).rejects.toBeInstanceOf(RequestFailedError);
    expect(calls).toBe(1);
  });

  it('never has more than 4 requests in flight per mailbox', async () => {
    const s = new RequestScheduler({ maxConcurrency: 32, initialConcurrency: 32 });
    let inFlight = 0;
    let max = 0;
    await Promise.all(
      Array.from({ length: 40 }, () =>
        s.run('same', 'read', async () => {
          inFlight += 1;
          max = Math.max(max, inFlight);
          await sleep(5);
          inFlight -= 1;
        }),
      ),
    );
    expect(max).toBe(4);
  });

  it('shares one token refresh among requests that saw the same expired token, and refreshes once per request', async () => {
    let generation = 1;
    let refreshes = 0;
    const auth = {
      tokenGeneration: () => generation,
      refreshAfterUnauthorized: async (seen: number) => {
        if (seen !== generation) return;
        refreshes += 1;
        generation += 1;
        await sleep(10);
      },
    };
    const s = new RequestScheduler({ auth });
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        s.run(`u${i}`, 'write', () =>
          generation === 1
            ? Promise.reject(new GraphRequestError(401, 'InvalidAuthenticationToken', 'expired'))
            : Promise.resolve(i),
        ),
      ),
    );
    expect(results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4]);
    expect(refreshes).toBe(1);
    const always401 = s.run('x', 'read', () =>
      Promise.reject(new GraphRequestError(401, 'InvalidAuthenticationToken', 'no')),
    );
    await expect(always401).rejects.toMatchObject({ attempts: 2 });
  });

  it('cuts concurrency on 429 and grows it back on success', async () => {
    const s = new RequestScheduler({
      maxConcurrency: 16,
      initialConcurrency: 16,
      random: () => 0,
      backoffBaseMs: 1,
    });
    let n = 0;
    await s.run('a', 'read', () => (n++ === 0 ? Promise.reject(throttled(null)) : Promise.resolve()));
    const cut = s.stats().concurrencyLimit;
    expect(cut).toBeLessThan(16);
    for (let i = 0; i < 200; i++) await s.run(`m${i}`, 'read', () => Promise.resolve());
    expect(s.stats().concurrencyLimit).toBe(16);
  });

  it('pause holds queued requests and cancel rejects them; in-flight requests finish', async () => {
    const s = new RequestScheduler({ maxConcurrency: 1, initialConcurrency: 1, minConcurrency: 1 });
    let finished = 0;
    const first = s.run('a', 'read', async () => {
      await sleep(30);
      finished += 1;
    });
    const second = s.run('b', 'read', () => {
      finished += 1;
      return Promise.resolve();
    });
    s.pause();
    await first;
    await sleep(30);
    expect(finished).toBe(1);
    s.cancel();
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    expect(finished).toBe(1);
  });

  it('learns a write rate from a rate-limit 429 but not from a per-mailbox concurrency 429', async () => {
    const mailboxBusy = () =>
      new GraphRequestError(
        429,
        'ApplicationThrottled',
        'Application is over its MailboxConcurrency limit.',
        0,
      );
    expect(isMailboxConcurrency(mailboxBusy())).toBe(true);
    expect(isMailboxConcurrency(throttled(0))).toBe(false);

    for (const [fail, learns] of [
      [mailboxBusy, false],
      [() => throttled(0), true],
    ] as const) {
      const s = new RequestScheduler({ retryAfterSlackMs: 0 });
      // Enough accepted writes for a rate estimate, then one 429 of the given kind.
      for (let i = 0; i < 8; i += 1) await s.run(`u${i}`, 'write', () => Promise.resolve(i));
      let failed = false;
      await s.run('x', 'write', () => {
        if (failed) return Promise.resolve('ok');
        failed = true;
        return Promise.reject(fail());
      });
      expect(s.stats().writeRatePerSec !== null).toBe(learns);
    }
  });
});
