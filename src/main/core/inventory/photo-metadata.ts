/**
 * The photo metadata of many users: GET /users/{id}/photo for each, sent as `POST /$batch` with 20 items.
 *
 * Graph answers a batch with 200 and gives every item its own status: some items can be throttled (429 with their
 * own Retry-After) while the others succeed (learn.microsoft.com/graph/throttling, "Throttling and batching";
 * learn.microsoft.com/graph/json-batching). So the unit of pacing here is the item, not the HTTP request: every
 * item is one `RequestScheduler.run` (per-mailbox limit, Retry-After gate, adaptive concurrency, retry policy),
 * and the items the scheduler lets go at the same moment travel together in one batch. A throttled item is
 * thrown back into its `run` as the error it got, so the scheduler sees exactly what a throttled request would
 * show: it waits that item's Retry-After (the others carry on), holds reads as a 429 says, and cuts concurrency.
 * A whole batch refused (429, 5xx, network) fails each of its items the same way.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { InventoryPhoto } from '../../../shared/inventory';
import { GraphRequestError, parseRetryAfter, toGraphRequestError } from '../tenant/graph-errors';
import { PHOTO_ERROR_CODES, photoMetadataFromBody, readFailure } from '../tenant/photos';
import {
  CancelledError,
  RequestFailedError,
  RequestScheduler,
  type SchedulerOptions,
  type TokenRefresher,
} from '../runs/scheduler';

/** What one user's photo read found. */
export type PhotoReadResult =
  | { kind: 'photo'; photo: InventoryPhoto }
  | { kind: 'none' }
  /** The read failed for another reason; `message` says why, in an admin's words. */
  | { kind: 'unreadable'; message: string };

export interface PhotoReadProgress {
  done: number;
  total: number;
  /** Item answers that were throttled (429) or busy (503/504) so far; each was retried. */
  throttled: number;
}

export interface ReadPhotoMetadataOptions {
  client: Client;
  userIds: readonly string[];
  /**
   * The scheduler to pace with. Its concurrency counts items (20 make one batch), so the default one is made
   * for reads: up to 10 batches in flight. A scheduler passed in is shared, and is not cancelled on abort.
   */
  scheduler?: RequestScheduler;
  /** For the default scheduler: one token refresh on 401 (the tenant connection's auth session). */
  auth?: TokenRefresher;
  onProgress?: (progress: PhotoReadProgress) => void;
  /** Each result as it arrives (callers that keep partial work, e.g. a cache, use this). */
  onResult?: (userId: string, result: PhotoReadResult) => void;
  signal?: AbortSignal;
}

const CANCELLED = 'headshot-cancelled';

/** Graph's limit of requests in one JSON batch. */
export const BATCH_SIZE = 20;

/** The default pacing for photo reads, in items: 100 (5 batches) to start, at most 200, never below one batch. */
export const PHOTO_READ_SCHEDULER: SchedulerOptions = {
  maxConcurrency: 200,
  initialConcurrency: 100,
  minConcurrency: BATCH_SIZE,
};

interface BatchResponse {
  responses?: {
    id: string;
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  }[];
}

interface Queued {
  userId: string;
  resolve: (result: PhotoReadResult) => void;
  reject: (error: unknown) => void;
}

/** Groups the items granted in one turn of the event loop into batches of at most 20. */
class Batcher {
  private queue: Queued[] = [];
  private scheduled = false;

  constructor(
    private readonly client: Client,
    private readonly onThrottled: () => void,
  ) {}

  read(userId: string): Promise<PhotoReadResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ userId, resolve, reject });
      if (this.queue.length >= BATCH_SIZE) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length > 0) void this.send(this.queue.splice(0, BATCH_SIZE));
  }

  private async send(items: Queued[]): Promise<void> {
    let answer: BatchResponse;
    try {
      answer = (await this.client.api('/$batch').post({
        requests: items.map((item, i) => ({
          id: String(i + 1),
          method: 'GET',
          url: `/users/${encodeURIComponent(item.userId)}/photo`,
        })),
      })) as BatchResponse;
    } catch (error) {
      const failure = toGraphRequestError(error);
      if (failure.status === 429 || failure.status === 503 || failure.status === 504) this.onThrottled();
      for (const item of items) item.reject(failure);
      return;
    }
    const byId = new Map((answer.responses ?? []).map((r) => [r.id, r]));
    for (const [i, item] of items.entries()) {
      const response = byId.get(String(i + 1));
      if (!response) {
        item.reject(
          new GraphRequestError(502, 'BatchItemMissing', 'The batch answer left this request out.'),
        );
        continue;
      }
      try {
        item.resolve(this.itemResult(response));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  /** A 200 is the photo (or the placeholder: none); "no photo" 404s are none; anything else is thrown. */
  private itemResult(response: NonNullable<BatchResponse['responses']>[number]): PhotoReadResult {
    if (response.status >= 200 && response.status < 300) {
      const body = (response.body ?? {}) as Record<string, unknown>;
      const meta = photoMetadataFromBody(body);
      if (!meta) return { kind: 'none' };
      return {
        kind: 'photo',
        photo: {
          width: meta.width ?? 0,
          height: meta.height ?? 0,
          contentType: meta.contentType,
          etag: meta.etag,
        },
      };
    }
    const error = itemError(response);
    if (error.status === 429 || error.status === 503 || error.status === 504) this.onThrottled();
    const failure = readFailure(error);
    if (!failure) return { kind: 'none' };
    throw failure;
  }
}

function itemError(response: NonNullable<BatchResponse['responses']>[number]): GraphRequestError {
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
  const envelope = (response.body ?? {}) as { error?: { code?: string; message?: string } };
  return new GraphRequestError(
    response.status,
    envelope.error?.code || `HTTP${response.status}`,
    (envelope.error?.message || `HTTP ${response.status}`).slice(0, 500),
    parseRetryAfter(headers['retry-after']),
    headers['request-id'] ?? null,
  );
}

/** Why a photo could not be read, for an admin. */
export function unreadableMessage(failure: GraphRequestError): string {
  switch (failure.code) {
    case PHOTO_ERROR_CODES.userNotFound:
      return 'The user was not found in the directory: they may have been deleted since the directory was read.';
    case PHOTO_ERROR_CODES.onPremises:
      return "This user's mailbox is in on-premises Exchange, so Microsoft 365 cannot read its photo from the cloud.";
  }
  if (failure.status === 401 || failure.status === 403)
    return "Headshot may not read this user's photo: the app needs ProfilePhoto.Read.All (or User.Read.All) with admin consent.";
  if (failure.status === 429)
    return 'Microsoft 365 kept throttling the read of this photo. Refresh later to read it again.';
  if (failure.status === 0 || failure.status >= 500)
    return `Microsoft 365 did not answer the read of this photo after several tries (${failure.status === 0 ? 'network error' : `HTTP ${failure.status}`}). Refresh later to read it again.`;
  return `Microsoft 365 refused the read of this photo (HTTP ${failure.status}, ${failure.code}).`;
}

/**
 * Reads the photo metadata of `userIds` (each id once). Resolves with a result for every user; rejects with
 * CancelledError when `signal` aborts.
 */
export async function readPhotoMetadata(
  options: ReadPhotoMetadataOptions,
): Promise<Map<string, PhotoReadResult>> {
  const ids = [...new Set(options.userIds)];
  const own = !options.scheduler;
  const scheduler =
    options.scheduler ??
    new RequestScheduler({ ...PHOTO_READ_SCHEDULER, ...(options.auth ? { auth: options.auth } : {}) });
  const results = new Map<string, PhotoReadResult>();
  const progress: PhotoReadProgress = { done: 0, total: ids.length, throttled: 0 };
  const batcher = new Batcher(options.client, () => (progress.throttled += 1));
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  options.onProgress?.({ ...progress });

  // A window of items handed to the scheduler at a time: its queue stays short however many users there are.
  const window = Math.max(BATCH_SIZE * 2, (options.scheduler?.stats().concurrencyLimit ?? 200) * 2);
  let next = 0;
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
    if (own) scheduler.cancel();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const readOne = async (userId: string): Promise<void> => {
    let result: PhotoReadResult;
    try {
      result = (
        await scheduler.run(userId, 'read', () => {
          // Not retryable, so a shared scheduler gives up on it at once.
          if (cancelled) throw new GraphRequestError(499, CANCELLED, 'The read was cancelled.');
          return batcher.read(userId);
        })
      ).value;
    } catch (error) {
      if (error instanceof CancelledError || cancelled) throw new CancelledError();
      if (error instanceof RequestFailedError) {
        if (error.failure.code === CANCELLED) throw new CancelledError();
        result = { kind: 'unreadable', message: unreadableMessage(error.failure) };
      } else throw error;
    }
    results.set(userId, result);
    progress.done += 1;
    options.onResult?.(userId, result);
    options.onProgress?.({ ...progress });
  };

  const worker = async (): Promise<void> => {
    while (next < ids.length && !cancelled) await readOne(ids[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(window, ids.length) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (cancelled) throw new CancelledError();
  return results;
}
