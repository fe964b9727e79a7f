/**
 * Profile photo operations on Graph v1.0 (/users/{id}/photo). PUT sends image/jpeg: the SDK's RetryHandler skips
 * application/octet-stream bodies, and Graph accepts image/jpeg and image/png only.
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import {
  GraphRequestError,
  parseRetryAfter,
  photoNotFoundMeaning,
  toGraphRequestError,
} from './graph-errors';

export interface PhotoMetadata {
  /** e.g. "648x648" (Graph has sent both "648x648" and "648X648") */
  id: string | null;
  width: number | null;
  height: number | null;
  /** @odata.mediaEtag: changes whenever the photo changes. */
  etag: string | null;
  contentType: string | null;
}

/** What the run engine needs from Graph; the engine's unit tests use an in-memory implementation. */
export interface PhotoService {
  /**
   * null when the user has no photo (any 404 but "user not found" / "mailbox not reachable", or the documented
   * 1x1 placeholder with an empty etag). With `size` (48..648): that HD size's metadata (GET .../photos/{size}),
   * null when the user has no photo of that size.
   */
  getMetadata(userId: string, size?: number): Promise<PhotoMetadata | null>;
  /**
   * The largest stored photo's bytes exactly as Graph returns them; null when there is none. With `size`: that
   * HD size's bytes (GET .../photos/{size}/$value).
   */
  getBytes(userId: string, size?: number): Promise<Buffer | null>;
  put(userId: string, jpeg: Buffer, contentType?: 'image/jpeg' | 'image/png'): Promise<void>;
  /** Removes the photo; a missing photo counts as done. */
  delete(userId: string): Promise<void>;
}

const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
/**
 * Users without an Exchange Online mailbox keep their photo in Entra ID, which takes at most 100 KB
 * (microsoft-graph-docs#8236); Headshot stays under 100,000 bytes so that neither reading of "KB" refuses it.
 */
export const ENTRA_PHOTO_MAX_BYTES = 100_000;

/** Headshot's codes for photo failures whose Graph code alone would mislead (a 404 is not "user not found"). */
export const PHOTO_ERROR_CODES = {
  userNotFound: 'user-not-found',
  onPremises: 'mailbox-on-premises',
  noExchangeMailbox: 'no-exchange-mailbox',
} as const;

function photoPath(userId: string, suffix = '', size?: number): string {
  const photo = size === undefined ? 'photo' : `photos/${size}x${size}`;
  return `/users/${encodeURIComponent(userId)}/${photo}${suffix}`;
}

function withCode(error: GraphRequestError, code: string): GraphRequestError {
  return new GraphRequestError(error.status, code, error.message, error.retryAfterMs, error.requestId);
}

/** A read or delete: null when the 404 means "no photo"; otherwise the error to throw. */
export function readFailure(error: GraphRequestError): GraphRequestError | null {
  switch (photoNotFoundMeaning(error)) {
    case 'no-photo':
      return null;
    case 'user-not-found':
      return withCode(error, PHOTO_ERROR_CODES.userNotFound);
    case 'mailbox-on-premises':
      return withCode(error, PHOTO_ERROR_CODES.onPremises);
    default:
      return error;
  }
}

/** A write: a 404 is never "done"; say which 404 it was. */
function writeFailure(error: GraphRequestError, bytes: number): GraphRequestError {
  switch (photoNotFoundMeaning(error)) {
    case 'user-not-found':
      return withCode(error, PHOTO_ERROR_CODES.userNotFound);
    case 'mailbox-on-premises':
      return withCode(error, PHOTO_ERROR_CODES.onPremises);
    case 'no-photo':
      // The 404 Graph gives a user without an Exchange Online mailbox for a photo over Entra ID's limit.
      return bytes > ENTRA_PHOTO_MAX_BYTES ? withCode(error, PHOTO_ERROR_CODES.noExchangeMailbox) : error;
    default:
      return error;
  }
}

/** "Get profilePhoto" documents a 1x1 image/gif with an empty etag for a user who never had a photo. */
function isPlaceholder(body: Record<string, unknown>): boolean {
  return body['@odata.mediaEtag'] === '' && body.width === 1 && body.height === 1;
}

/**
 * The metadata in a profilePhoto body (a GET .../photo answer, or the body of a $batch item for it); null for the
 * documented placeholder (and, with `size`, for the 1x1 a size the user lacks may answer).
 */
export function photoMetadataFromBody(body: Record<string, unknown>, size?: number): PhotoMetadata | null {
  if (isPlaceholder(body)) return null;
  // The beta page: a size the user lacks may answer "1x1" with the rest of the metadata.
  if (size !== undefined && body.width === 1 && body.height === 1) return null;
  return {
    id: typeof body.id === 'string' ? body.id : null,
    width: typeof body.width === 'number' ? body.width : null,
    height: typeof body.height === 'number' ? body.height : null,
    etag:
      typeof body['@odata.mediaEtag'] === 'string' && body['@odata.mediaEtag'] !== ''
        ? body['@odata.mediaEtag']
        : null,
    contentType: typeof body['@odata.mediaContentType'] === 'string' ? body['@odata.mediaContentType'] : null,
  };
}

export function createGraphPhotoService(client: Client): PhotoService {
  return {
    async getMetadata(userId, size) {
      try {
        const body = (await client.api(photoPath(userId, '', size)).get()) as Record<string, unknown>;
        return photoMetadataFromBody(body, size);
      } catch (error) {
        const failure = readFailure(toGraphRequestError(error));
        if (failure) throw failure;
        return null;
      }
    },
    async getBytes(userId, size) {
      try {
        // RAW: with ARRAYBUFFER the SDK would read an error's JSON envelope as bytes and lose its code.
        const response = (await client
          .api(photoPath(userId, '/$value', size))
          .responseType(ResponseType.RAW)
          .get()) as Response;
        if (response.ok) return Buffer.from(await response.arrayBuffer());
        throw await errorFromResponse(response);
      } catch (error) {
        const failure = readFailure(toGraphRequestError(error));
        if (failure) throw failure;
        return null;
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
        throw writeFailure(toGraphRequestError(error), jpeg.length);
      }
    },
    async delete(userId) {
      try {
        await client.api(photoPath(userId, '/$value')).delete();
      } catch (error) {
        const failure = readFailure(toGraphRequestError(error));
        if (failure) throw failure;
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
