/**
 * Profile photo operations on Graph v1.0 (/users/{id}/photo). PUT sends image/jpeg: the SDK's RetryHandler skips
 * application/octet-stream bodies, and Graph accepts image/jpeg and image/png only.
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { GraphRequestError, parseRetryAfter, toGraphRequestError } from './graph-errors';

export interface PhotoMetadata {
  /** e.g. "648x648" */
  id: string | null;
  width: number | null;
  height: number | null;
  /** @odata.mediaEtag: changes whenever the photo changes. */
  etag: string | null;
  contentType: string | null;
}

/** What the run engine needs from Graph; the engine's unit tests use an in-memory implementation. */
export interface PhotoService {
  /** null when the user has no photo (404 ImageNotFound). */
  getMetadata(userId: string): Promise<PhotoMetadata | null>;
  /** The largest stored photo's bytes exactly as Graph returns them; null when there is none. */
  getBytes(userId: string): Promise<Buffer | null>;
  put(userId: string, jpeg: Buffer, contentType?: 'image/jpeg' | 'image/png'): Promise<void>;
  /** Removes the photo; a missing photo counts as done. */
  delete(userId: string): Promise<void>;
}

const MAX_PHOTO_BYTES = 4 * 1024 * 1024;

function photoPath(userId: string, suffix = ''): string {
  return `/users/${encodeURIComponent(userId)}/photo${suffix}`;
}

function isNoPhoto(error: GraphRequestError): boolean {
  return error.status === 404 && error.code === 'ImageNotFound';
}

export function createGraphPhotoService(client: Client): PhotoService {
  return {
    async getMetadata(userId) {
      try {
        const body = (await client.api(photoPath(userId)).get()) as Record<string, unknown>;
        return {
          id: typeof body.id === 'string' ? body.id : null,
          width: typeof body.width === 'number' ? body.width : null,
          height: typeof body.height === 'number' ? body.height : null,
          etag: typeof body['@odata.mediaEtag'] === 'string' ? body['@odata.mediaEtag'] : null,
          contentType:
            typeof body['@odata.mediaContentType'] === 'string' ? body['@odata.mediaContentType'] : null,
        };
      } catch (error) {
        const e = toGraphRequestError(error);
        if (isNoPhoto(e)) return null;
        throw e;
      }
    },
    async getBytes(userId) {
      try {
        // RAW: with ARRAYBUFFER the SDK would read an error's JSON envelope as bytes and lose its code.
        const response = (await client
          .api(photoPath(userId, '/$value'))
          .responseType(ResponseType.RAW)
          .get()) as Response;
        if (response.ok) return Buffer.from(await response.arrayBuffer());
        throw await errorFromResponse(response);
      } catch (error) {
        const e = toGraphRequestError(error);
        if (isNoPhoto(e)) return null;
        throw e;
      }
    },
    async put(userId, jpeg, contentType = 'image/jpeg') {
      if (jpeg.length > MAX_PHOTO_BYTES) {
        throw new GraphRequestError(
          413,
          'photo-too-large',
          `The photo is ${jpeg.length} bytes; Graph takes at most 4 MB.`,
        );
      }
      try {
        await client.api(photoPath(userId, '/$value')).header('Content-Type', contentType).put(jpeg);
      } catch (error) {
        throw toGraphRequestError(error);
      }
    },
    async delete(userId) {
      try {
        await client.api(photoPath(userId, '/$value')).delete();
      } catch (error) {
        const e = toGraphRequestError(error);
        if (isNoPhoto(e)) return;
        throw e;
      }
    },
  };
}

async function errorFromResponse(response: Response): Promise<GraphRequestError> {
  let code = `HTTP${response.status}`;
  let message = `HTTP ${response.status}`;
  let requestId: string | null = response.headers.get('request-id');
  try {
    const body = JSON.parse(await response.text()) as {
      error?: { code?: string; message?: string; innerError?: { 'request-id'?: string } };
    };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
    requestId = body.error?.innerError?.['request-id'] ?? requestId;
  } catch {
    // not a Graph envelope
  }
  return new GraphRequestError(
    response.status,
    code,
    message.slice(0, 500),
    parseRetryAfter(response.headers.get('retry-after')),
    requestId,
  );
}
