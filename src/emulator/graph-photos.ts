/**
 * Profile photos: stored exactly as uploaded; the HD sizes (48..648) are derived with sharp, and only sizes up
 * to the uploaded image's smaller side exist. (learn.microsoft.com: "Get profilePhoto", "Update profilePhoto",
 * "Delete profilePhoto", "profilePhoto resource type".)
 */
import sharp from 'sharp';
import {
  emptyResponse,
  graphError,
  header,
  jsonResponse,
  type EmuRequest,
  type EmuResponse,
} from './http-util';
import { photoRecord, type PhotoRecord, type TenantStore } from './store';
import type { EmulatorUser } from './types';

export const PHOTO_SIZES = [48, 64, 96, 120, 240, 360, 432, 504, 648] as const;
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
const ACCEPTED_TYPES = new Set(['image/jpeg', 'image/png']);

const IMAGE_NOT_FOUND =
  "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.";

export class PhotoService {
  private dims = new Map<string, Promise<{ width: number; height: number } | null>>();
  private derived = new Map<string, Promise<Buffer>>();

  constructor(
    private store: TenantStore,
    private graphRoot: () => string,
  ) {}

  private dimensions(photo: PhotoRecord): Promise<{ width: number; height: number } | null> {
    let pending = this.dims.get(photo.etag);
    if (!pending) {
      pending = sharp(photo.bytes)
        .metadata()
        .then((m) => (m.width && m.height ? { width: m.width, height: m.height } : null))
        .catch(() => null);
      if (this.dims.size > 5000) this.dims.clear();
      this.dims.set(photo.etag, pending);
    }
    return pending;
  }

  /** The sizes Graph would offer for this photo, smallest first. */
  async sizes(photo: PhotoRecord): Promise<number[]> {
    const d = await this.dimensions(photo);
    if (!d) return [];
    const side = Math.min(d.width, d.height);
    return PHOTO_SIZES.filter((s) => s <= side);
  }

  private render(photo: PhotoRecord, size: number): Promise<Buffer> {
    const key = `${photo.etag}|${size}`;
    let pending = this.derived.get(key);
    if (!pending) {
      pending = sharp(photo.bytes).resize(size, size, { fit: 'cover' }).jpeg({ quality: 90 }).toBuffer();
      if (this.derived.size > 500) this.derived.clear();
      this.derived.set(key, pending);
    }
    return pending;
  }

  private meta(
    req: EmuRequest,
    user: EmulatorUser,
    photo: PhotoRecord,
    size: number,
  ): Record<string, unknown> {
    return {
      '@odata.context': `${this.graphRoot()}v1.0/$metadata#users('${encodeURIComponent(user.id)}')/photo/$entity`,
      '@odata.mediaContentType': 'image/jpeg',
      '@odata.mediaEtag': `W/${photo.etag}`,
      id: `${size}X${size}`,
      height: size,
      width: size,
    };
  }

  private notFound(req: EmuRequest): EmuResponse {
    return graphError(req, 404, 'ImageNotFound', IMAGE_NOT_FOUND);
  }

  /** GET .../photo, .../photo/$value, .../photos, .../photos/{size}, .../photos/{size}/$value. */
  async read(
    req: EmuRequest,
    user: EmulatorUser,
    sizeSegment: string | null,
    value: boolean,
    list: boolean,
  ): Promise<EmuResponse> {
    const photo = this.store.photo(user.id);
    if (!photo) return list ? jsonResponse(200, { value: [] }) : this.notFound(req);
    const sizes = await this.sizes(photo);
    if (sizes.length === 0) return this.notFound(req);
    if (list) {
      return jsonResponse(200, {
        '@odata.context': `${this.graphRoot()}v1.0/$metadata#users('${encodeURIComponent(user.id)}')/photos`,
        value: sizes.map((s) => {
          const { '@odata.context': _context, ...rest } = this.meta(req, user, photo, s);
          return rest;
        }),
      });
    }
    let size = sizes[sizes.length - 1]!;
    if (sizeSegment !== null) {
      const m = /^(\d+)x(\d+)$/i.exec(sizeSegment);
      const requested = m && m[1] === m[2] ? Number(m[1]) : NaN;
      if (!sizes.includes(requested)) return this.notFound(req);
      size = requested;
    }
    if (!value) return jsonResponse(200, this.meta(req, user, photo, size));
    const etag = `W/${photo.etag}`;
    // The default photo is the one held in Entra ID, as uploaded: a backup taken through it restores byte for byte.
    if (sizeSegment === null) {
      return { status: 200, headers: { 'content-type': photo.contentType, etag }, body: photo.bytes };
    }
    const bytes = await this.render(photo, size);
    return { status: 200, headers: { 'content-type': 'image/jpeg', etag }, body: bytes };
  }

  /** PUT/PATCH .../photo/$value: raw bytes, image/jpeg or image/png, at most 4 MB. */
  async write(req: EmuRequest, user: EmulatorUser): Promise<EmuResponse> {
    if (req.bodyTooLarge || req.body.length > MAX_PHOTO_BYTES) {
      return graphError(
        req,
        413,
        'RequestBodyTooLarge',
        'The request body is too large. The maximum size of a profile photo is 4 MB.',
      );
    }
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!ACCEPTED_TYPES.has(contentType)) {
      return graphError(
        req,
        415,
        'UnsupportedMediaType',
        `The content type '${contentType || '(none)'}' is not supported. Send the photo as image/jpeg or image/png.`,
      );
    }
    if (req.body.length === 0) return graphError(req, 400, 'ErrorInvalidRequest', 'The photo is empty.');
    const format = await sharp(req.body)
      .metadata()
      .then((m) => m.format)
      .catch(() => null);
    if (!format || !['jpeg', 'png'].includes(format) || `image/${format}` !== contentType) {
      return graphError(req, 400, 'ImageNotValid', `The photo is not a valid ${contentType} image.`);
    }
    this.store.setPhoto(user.id, photoRecord(Buffer.from(req.body), contentType));
    return emptyResponse(200);
  }

  remove(req: EmuRequest, user: EmulatorUser): EmuResponse {
    if (!this.store.photo(user.id)) return this.notFound(req);
    this.store.setPhoto(user.id, null);
    return emptyResponse(204);
  }
}
