// The throttling model and fault injection, seen through the real Graph client's RetryHandler.
import { type Client, RetryHandlerOptions, type GraphError } from '@microsoft/microsoft-graph-client';
import { appOnlyGraphClient, emulatorFetch } from './client';
import { renderPortrait } from './portrait';
import { startEmulator } from './server';
import type { Emulator, EmulatorUser } from './types';

let emu: Emulator;
let client: Client;
let token: string;
let users: EmulatorUser[];
let jpeg: Buffer;

beforeAll(async () => {
  emu = await startEmulator({ seed: 'throttle-tests', users: 30 });
  ({ client, token } = await appOnlyGraphClient(emu));
  users = emu.users().filter((u) => u.userType === 'Member');
  jpeg = await renderPortrait('throttle');
});
afterAll(() => emu.stop());
afterEach(() => {
  emu.setFaults([]);
  emu.setThrottling({});
  emu.setLatency(0);
});

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

const noRetry = () => [new RetryHandlerOptions(0, 0)];
const photoPath = (user: EmulatorUser) => `/users/${user.id}/photo/$value`;

describe('RetryHandler against injected 429s', () => {
  it('waits the Retry-After it is given (decimal and integer) and succeeds; no violations', async () => {
    const user = users[0]!;
    emu.setFaults([
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        nth: 1,
        action: { type: 'status', status: 429, retryAfter: '0.4' },
      },
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        nth: 2,
        action: { type: 'status', status: 429, retryAfter: 1 },
      },
    ]);
    const before = emu.requests().length;
    await client.api(photoPath(user)).header('Content-Type', 'image/jpeg').put(jpeg);
    expect(emu.photoOf(user.id)!.equals(jpeg)).toBe(true);

    const attempts = emu
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PUT');
    expect(attempts.map((r) => [r.status, r.retryAttempt, r.fault])).toEqual([
      [429, null, 'status'],
      [429, 1, 'status'],
      [200, 2, null],
    ]);
    expect(attempts[1]!.start - attempts[0]!.end).toBeGreaterThanOrEqual(400);
    expect(attempts[2]!.start - attempts[1]!.end).toBeGreaterThanOrEqual(1000);
    expect(emu.violations().filter((v) => v.kind === 'retry-too-early')).toEqual([]);
  });

  it('records a violation when a client retries before Retry-After has passed', async () => {
    const user = users[1]!;
    emu.setFaults([
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        nth: 1,
        action: { type: 'status', status: 429, retryAfter: 2 },
      },
    ]);
    const doFetch = emulatorFetch(emu.caCertPem);
    const send = () =>
      doFetch(`${emu.graphBaseUrl}v1.0${photoPath(user)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
        body: new Uint8Array(jpeg),
      });
    const first = await send();
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    await first.text();
    const impatient = await send();
    expect(impatient.status).toBe(200);
    const early = emu.violations().filter((v) => v.kind === 'retry-too-early');
    expect(early).toHaveLength(1);
    expect(early[0]).toMatchObject({ method: 'PUT', path: photoPath(user), appId: emu.clientId });
    expect(early[0]!.earlyByMs).toBeGreaterThan(1000);
  });
});

describe('per-mailbox concurrency', () => {
  it('admits 4 concurrent photo requests per mailbox; the rest get 429 and are recorded', async () => {
    emu.setLatency(300);
    const [a, b] = users.slice(2, 4) as [EmulatorUser, EmulatorUser];
    const before = emu.requests().length;
    const violationsBefore = emu.violations().length;
    const put = (user: EmulatorUser) =>
      client
        .api(photoPath(user))
        .header('Content-Type', 'image/jpeg')
        .middlewareOptions(noRetry())
        .put(jpeg)
        .then(
          () => 200,
          (e: GraphError) => e.statusCode,
        );
    const onA = await Promise.all(Array.from({ length: 7 }, () => put(a)));
    expect(onA.filter((s) => s === 200)).toHaveLength(4);
    expect(onA.filter((s) => s === 429)).toHaveLength(3);

    const log = emu.requests().slice(before);
    const throttled = log.filter((r) => r.status === 429);
    expect(
      throttled.every(
        (r) => r.code === 'ApplicationThrottled' && r.mailboxConcurrencyAtStart === 4 && r.user === a.id,
      ),
    ).toBe(true);
    const admitted = log.filter((r) => r.status === 200);
    expect(Math.max(...admitted.map((r) => r.mailboxConcurrencyAtStart))).toBeLessThanOrEqual(3);
    // (Identical concurrent requests also look like early retries of each other's 429: filter by kind.)
    const recorded = emu
      .violations()
      .slice(violationsBefore)
      .filter((v) => v.kind === 'mailbox-concurrency');
    expect(recorded).toHaveLength(3);
    expect(
      recorded.every((v) => v.kind === 'mailbox-concurrency' && v.inFlight === 4 && v.user === a.id),
    ).toBe(true);

    // Another mailbox has its own four slots.
    const mixed = await Promise.all([
      ...Array.from({ length: 4 }, () => put(a)),
      ...Array.from({ length: 4 }, () => put(b)),
    ]);
    expect(mixed).toEqual(Array(8).fill(200));
  });
});

describe('buckets and Retry-After styles', () => {
  it('read resource units: collections cost 2 (1 with $select); over the budget gives 429', async () => {
    emu.setThrottling({ readUnitsPer10s: 3 });
    await client.api('/users').top(50).middlewareOptions(noRetry()).get();
    await client.api('/users').select('id').top(50).middlewareOptions(noRetry()).get();
    const error = await graphErrorOf(client.api('/users').top(50).middlewareOptions(noRetry()).get());
    expect(error.statusCode).toBe(429);
    expect(error.code).toBe('TooManyRequests');
  });

  it('Retry-After can be decimal or absent', async () => {
    const doFetch = emulatorFetch(emu.caCertPem);
    const get = () =>
      doFetch(`${emu.graphBaseUrl}v1.0/users?$top=1`, { headers: { authorization: `Bearer ${token}` } });
    emu.setThrottling({ readUnitsPer10s: 1, retryAfter: 'decimal' });
    await (await get()).text();
    const decimal = await get();
    expect(decimal.status).toBe(429);
    expect(decimal.headers.get('retry-after')).toMatch(/^\d+(\.\d)?$/);
    expect(Number(decimal.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    emu.setThrottling({ readUnitsPer10s: 1, retryAfter: 'absent' });
    await (await get()).text();
    const absent = await get();
    expect(absent.status).toBe(429);
    expect(absent.headers.has('retry-after')).toBe(false);
    const body = (await absent.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });
});

describe('fault injection', () => {
  it('503 by Nth request is retried by the RetryHandler; a reset surfaces as a network error and is logged', async () => {
    emu.setFaults([{ path: '/users', nth: [1], action: { type: 'status', status: 503, retryAfter: '0.2' } }]);
    const before = emu.requests().length;
    const page = (await client.api('/users').top(2).get()) as { value: unknown[] };
    expect(page.value).toHaveLength(2);
    expect(
      emu
        .requests()
        .slice(before)
        .map((r) => r.status),
    ).toEqual([503, 200]);

    emu.setFaults([{ path: '/users/*', action: { type: 'reset' }, times: 1 }]);
    await expect(client.api(`/users/${users[0]!.id}`).get()).rejects.toBeTruthy();
    const reset = emu.requests().at(-1)!;
    expect([reset.status, reset.code, reset.fault]).toEqual([0, 'connection-reset', 'reset']);
    await expect(client.api(`/users/${users[0]!.id}`).get()).resolves.toMatchObject({ id: users[0]!.id });
  });

  it('probability rules are reproducible for a seed; delay and expire-token act as described', async () => {
    const run = async () => {
      emu.setFaults([
        { path: '/users/*', probability: 0.5, action: { type: 'status', status: 504, retryAfter: null } },
      ]);
      const statuses: number[] = [];
      for (const user of users.slice(0, 12)) {
        statuses.push(
          await client
            .api(`/users/${user.id}`)
            .middlewareOptions(noRetry())
            .get()
            .then(
              () => 200,
              (e: GraphError) => e.statusCode,
            ),
        );
      }
      return statuses;
    };
    const first = await run();
    expect(first).toContain(504);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);

    emu.setFaults([{ path: '/users/*', action: { type: 'delay', ms: 250 } }]);
    await client.api(`/users/${users[0]!.id}`).get();
    const slow = emu.requests().at(-1)!;
    expect(slow.end - slow.start).toBeGreaterThanOrEqual(250);

    emu.setFaults([{ path: '/users/*', times: 1, action: { type: 'expire-token' } }]);
    const expired = await graphErrorOf(client.api(`/users/${users[0]!.id}`).get());
    expect([expired.statusCode, expired.code]).toEqual([401, 'InvalidAuthenticationToken']);
  });
});
