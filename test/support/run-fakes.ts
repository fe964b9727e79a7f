/** In-memory stand-ins for unit tests of the engine (the integration tests use the real emulator). */
import { createHash } from 'node:crypto';
import { GraphRequestError } from '../../src/main/core/tenant/graph-errors';
import type { PhotoMetadata, PhotoService } from '../../src/main/core/tenant/photos';
import type { ProcessPhoto } from '../../src/main/core/runs/run-engine';

export interface FakeCall {
  op: 'getMetadata' | 'getBytes' | 'put' | 'delete';
  userId: string;
  at: number;
}

export class FakePhotoService implements PhotoService {
  readonly photos = new Map<string, { bytes: Buffer; etag: string }>();
  readonly calls: FakeCall[] = [];
  private version = 0;
  inFlight = new Map<string, number>();
  maxInFlightPerUser = 0;
  latencyMs = 0;
  /** Return an error to fail this call; called before the operation. */
  fault: ((call: FakeCall) => GraphRequestError | null) | null = null;

  private async enter(op: FakeCall['op'], userId: string): Promise<() => void> {
    const call = { op, userId, at: Date.now() };
    this.calls.push(call);
    const n = (this.inFlight.get(userId) ?? 0) + 1;
    this.inFlight.set(userId, n);
    this.maxInFlightPerUser = Math.max(this.maxInFlightPerUser, n);
    const release = () => this.inFlight.set(userId, (this.inFlight.get(userId) ?? 1) - 1);
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const error = this.fault?.(call);
    if (error) {
      release();
      throw error;
    }
    return release;
  }

  async getMetadata(userId: string): Promise<PhotoMetadata | null> {
    const release = await this.enter('getMetadata', userId);
    release();
    const p = this.photos.get(userId);
    return p ? { id: '648x648', width: 648, height: 648, etag: p.etag, contentType: 'image/jpeg' } : null;
  }
  async getBytes(userId: string): Promise<Buffer | null> {
    const release = await this.enter('getBytes', userId);
    release();
    return this.photos.get(userId)?.bytes ?? null;
  }
  async put(userId: string, jpeg: Buffer): Promise<void> {
    const release = await this.enter('put', userId);
    release();
    this.photos.set(userId, { bytes: Buffer.from(jpeg), etag: `W/"${++this.version}"` });
  }
  async delete(userId: string): Promise<void> {
    const release = await this.enter('delete', userId);
    release();
    this.photos.delete(userId);
  }
  writes(): FakeCall[] {
    return this.calls.filter((c) => c.op === 'put' || c.op === 'delete');
  }
}

/** "Processing" that returns the file's path as bytes: deterministic and distinct per file. */
export const fakeProcess: ProcessPhoto = (absPath) => {
  if (absPath.includes('broken')) {
    return Promise.resolve({
      ok: false,
      error: { code: 'corrupt-image', message: 'The image data is corrupt.' },
    });
  }
  const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(absPath)]);
  return Promise.resolve({
    ok: true,
    jpeg,
    bytes: jpeg.length,
    sha256: createHash('sha256').update(jpeg).digest('hex'),
  });
};

export function throttled(retryAfterMs: number | null, status = 429): GraphRequestError {
  return new GraphRequestError(
    status,
    status === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
    'Slow down',
    retryAfterMs,
  );
}
