// readPhotoMetadata against the demo tenant through the real Graph client: $batch of 20, per-item throttling and
// faults retried after their own Retry-After, unreadable users explained, cancel.
import { startEmulator } from '../../../emulator/index';
import type { Emulator } from '../../../emulator/types';
import { connect, type Connected } from '../../../../test/support/emulator-tenant';
import { CancelledError, RequestScheduler } from '../runs/scheduler';
import { PHOTO_READ_SCHEDULER, readPhotoMetadata, type PhotoReadResult } from './photo-metadata';

let emu: Emulator;
let conn: Connected;
let ids: string[];

beforeAll(async () => {
  emu = await startEmulator({ users: 70, seed: 'inventory-batch', latencyMs: 5, quirks: 'mailboxes' });
  conn = await connect(emu);
  ids = emu.users().map((u) => u.id);
});
afterAll(async () => {
  conn?.close();
  await emu?.stop();
});
beforeEach(() => {
  emu.setFaults([]);
  emu.clearRequests();
});

const batchRequests = () => emu.requests().filter((r) => r.surface === 'graph' && r.path.endsWith('/$batch'));
const items = () => emu.requests().filter((r) => r.surface === 'batch-item');

/** What one plain GET /users/{id}/photo says (the single-request path the run engine uses), as a read result. */
async function single(id: string): Promise<string> {
  try {
    const meta = await conn.photos.getMetadata(id);
    return meta ? `${meta.width}x${meta.height} ${meta.contentType} ${meta.etag}` : 'none';
  } catch {
    return 'unreadable';
  }
}

/** The sentence of an unreadable result (null for any other). */
function unreadable(r: PhotoReadResult | undefined): string | null {
  return r?.kind === 'unreadable' ? r.message : null;
}

function describe1(r: PhotoReadResult | undefined): string {
  if (!r) return 'missing';
  return r.kind === 'photo'
    ? `${r.photo.width}x${r.photo.height} ${r.photo.contentType} ${r.photo.etag}`
    : r.kind;
}

test('every user read through $batch of 20 says what a single GET says', async () => {
  const progress: number[] = [];
  const results = await readPhotoMetadata({
    client: conn.client,
    userIds: ids,
    onProgress: (p) => progress.push(p.done),
  });
  expect(results.size).toBe(ids.length);
  const requests = batchRequests();
  expect(requests.length).toBe(Math.ceil(ids.length / 20));
  expect(items().length).toBe(ids.length);
  expect(progress.at(-1)).toBe(ids.length);
  const kinds = new Set<string>();
  for (const id of ids) {
    const r = results.get(id);
    kinds.add(r!.kind);
    expect(describe1(r), id).toBe(await single(id));
  }
  // The seed has photos, users without one, and on-premises mailboxes (unreadable, explained).
  expect(kinds).toEqual(new Set(['photo', 'none', 'unreadable']));
  const onPrem = emu.users().find((u) => u.mailboxOnPremises)!;
  const r = results.get(onPrem.id);
  expect(unreadable(r)).toMatch(/on-premises Exchange/);
});

test('a throttled item waits its own Retry-After while the rest of its batch is answered', async () => {
  const victim = ids[3]!;
  emu.setFaults([
    {
      path: `/users/${victim}/photo`,
      times: 1,
      action: { type: 'status', status: 429, retryAfter: 1, code: 'TooManyRequests' },
    },
  ]);
  const sample = ids.slice(0, 20);
  let throttled = 0;
  const started = Date.now();
  const results = await readPhotoMetadata({
    client: conn.client,
    userIds: sample,
    onProgress: (p) => (throttled = p.throttled),
  });
  expect(throttled).toBe(1);
  expect(describe1(results.get(victim))).toBe(await single(victim));
  const log = items();
  const first = log.filter((r) => r.user === victim)[0]!;
  const retry = log.filter((r) => r.user === victim)[1]!;
  expect(first.status).toBe(429);
  // Retried once, alone in a later batch, not before its Retry-After; nobody else was sent twice.
  expect(retry.batch!.seq).not.toBe(first.batch!.seq);
  expect(retry.start - first.end).toBeGreaterThanOrEqual(1000);
  expect(log.length).toBe(21);
  expect(emu.violations().filter((v) => v.kind === 'retry-too-early')).toEqual([]);
  const othersDone = log.filter((r) => r.user !== victim).every((r) => r.batch!.seq === first.batch!.seq);
  expect(othersDone).toBe(true);
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
});

test('busy items (503 without Retry-After) are retried; a user deleted meanwhile is unreadable, explained', async () => {
  const busy = ids[5]!;
  emu.setFaults([
    { path: `/users/${busy}/photo`, times: 2, action: { type: 'status', status: 503, retryAfter: null } },
  ]);
  const gone = emu.users()[10]!;
  emu.deleteUser(gone.id);
  const scheduler = new RequestScheduler({ ...PHOTO_READ_SCHEDULER, backoffBaseMs: 20 });
  const results = await readPhotoMetadata({ client: conn.client, userIds: [busy, gone.id], scheduler });
  expect(describe1(results.get(busy))).toBe(await single(busy));
  expect(unreadable(results.get(gone.id))).toMatch(/not found in the directory/);
  const statuses = items()
    .filter((r) => r.user === busy)
    .map((r) => r.status);
  expect(statuses.slice(0, 2)).toEqual([503, 503]);
  expect(statuses).toHaveLength(3);
  expect([200, 404]).toContain(statuses[2]);
});

test('an item that keeps failing ends unreadable with a sentence; the others are read', async () => {
  const broken = ids[7]!;
  emu.setFaults([{ path: `/users/${broken}/photo`, action: { type: 'status', status: 500 } }]);
  const scheduler = new RequestScheduler({ ...PHOTO_READ_SCHEDULER, backoffBaseMs: 5, maxFaultAttempts: 3 });
  const sample = ids.slice(0, 20).filter((id) => id !== ids[10]);
  const results = await readPhotoMetadata({ client: conn.client, userIds: sample, scheduler });
  expect(unreadable(results.get(broken))).toMatch(/did not answer .* after several tries \(HTTP 500\)/);
  expect(items().filter((r) => r.user === broken)).toHaveLength(3);
  for (const id of sample.filter((i) => i !== broken))
    expect(describe1(results.get(id))).toBe(await single(id));
});

test('a whole batch throttled is retried after the Retry-After', async () => {
  emu.setFaults([{ path: '/$batch', times: 1, action: { type: 'status', status: 429, retryAfter: 1 } }]);
  const sample = ids.slice(20, 40);
  const results = await readPhotoMetadata({ client: conn.client, userIds: sample });
  expect(results.size).toBe(20);
  const outer = batchRequests();
  expect(outer.map((r) => r.status)).toEqual([429, 200]);
  expect(outer[1]!.start - outer[0]!.end).toBeGreaterThanOrEqual(1000);
});

test('cancel stops the read with CancelledError', async () => {
  emu.setLatency(200);
  try {
    const controller = new AbortController();
    const pending = readPhotoMetadata({ client: conn.client, userIds: ids, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  } finally {
    emu.setLatency(5);
  }
});
