/**
 * Profile photos: stored exactly as uploaded; the HD sizes (48..648) are derived with sharp, and only sizes up
 * to the uploaded image's smaller side exist. Answers follow Microsoft as it behaves now; each behaviour's source
 * and date is in docs/emulator.md ("Microsoft Graph behaviours", "Quirk profiles").
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import {
  emptyResponse,
  graphError,
  header,
  jsonResponse,
  type EmuRequest,
  type EmuResponse,
} from './http-util';
import type { QuirkSettings } from './quirks';
import { photoRecord, type PhotoRecord, type TenantStore } from './store';
import type { EmulatorUser } from './types';

export const PHOTO_SIZES = [48, 64, 96, 120, 240, 360, 432, 504, 648] as const;
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
/** Entra ID's own photo store (users without an Exchange Online mailbox) takes at most 100 KB. */
export const ENTRA_PHOTO_MAX_BYTES = 100 * 1024;
const ACCEPTED_TYPES = new Set(['image/jpeg', 'image/png']);

const IMAGE_NOT_FOUND =
  "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.";

export type NoPhotoCode = 'ErrorEntityNotFound' | 'ImageNotFound' | 'ErrorItemNotFound' | 'none';
const MIXED_CODES: NoPhotoCode[] = ['ErrorEntityNotFound', 'ImageNotFound', 'ErrorItemNotFound', 'none'];

/** The no-photo answer for this user: one code for the tenant, or (mixed) a fixed code per user id. */
export function noPhotoCodeFor(userId: string, setting: QuirkSettings['noPhotoCode']): NoPhotoCode {
  if (setting === undefined) return 'ErrorEntityNotFound';
  if (setting !== 'mixed') return setting;
  return MIXED_CODES[createHash('sha256').update(userId).digest()[0]! % MIXED_CODES.length]!;
}

export class PhotoService {
  private dims = new Map<string, Promise<{ width: number; height: number } | null>>();
  private derived = new Map<string, Promise<Buffer>>();

  constructor(
    private store: TenantStore,
    private graphRoot: () => string,
    private tenantId: string,
    private quirks: QuirkSettings = {},
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

  /** One size's metadata, as an item of GET .../photos or the entity GET .../photos/{size} returns. */
  private sizeMeta(photo: PhotoRecord, size: number): Record<string, unknown> {
    return {
      '@odata.mediaContentType': 'image/jpeg',
      '@odata.mediaEtag': photo.etag,
      id: `${size}X${size}`,
      height: size,
      width: size,
    };
  }

  private userRoot(user: EmulatorUser): string {
    return `${this.graphRoot()}v1.0/users('${encodeURIComponent(user.id)}@${this.tenantId}')`;
  }

  /** GET .../photo describes the photo .../photo/$value serves: the one held as uploaded, at its own size. */
  private async defaultMeta(user: EmulatorUser, photo: PhotoRecord): Promise<Record<string, unknown> | null> {
    const d = await this.dimensions(photo);
    if (!d) return null;
    return {
      '@odata.context': `${this.graphRoot()}v1.0/$metadata#users('${encodeURIComponent(user.id)}')/photo/$entity`,
      '@odata.id': `${this.userRoot(user)}/photo`,
      '@odata.mediaContentType': photo.contentType,
      '@odata.mediaEtag': photo.etag,
      id: `${d.width}x${d.height}`,
      width: d.width,
      height: d.height,
    };
  }

  private notFound(req: EmuRequest, user: EmulatorUser): EmuResponse {
    switch (noPhotoCodeFor(user.id, this.quirks.noPhotoCode)) {
      case 'ErrorEntityNotFound':
        return graphError(req, 404, 'ErrorEntityNotFound', IMAGE_NOT_FOUND);
      case 'ImageNotFound':
        return graphError(req, 404, 'ImageNotFound', IMAGE_NOT_FOUND);
      case 'ErrorItemNotFound':
        return graphError(req, 404, 'ErrorItemNotFound', "The photo wasn't found.");
      case 'none':
        return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.alloc(0) };
    }
  }

  /** A user whose mailbox is in on-premises Exchange: Graph's photo API does not serve it. */
  private onPremises(req: EmuRequest, user: EmulatorUser): EmuResponse | null {
    if (!user.mailboxOnPremises) return null;
    return graphError(
      req,
      404,
      'MailboxNotHostedInExchangeOnline',
      'Mailbox is hosted by an on-premise or non-Exchange server, which is not supported.',
    );
  }

  /** GET .../photo, .../photo/$value, .../photos, .../photos/{size}, .../photos/{size}/$value. */
  async read(
    req: EmuRequest,
    user: EmulatorUser,
    sizeSegment: string | null,
    value: boolean,
    list: boolean,
  ): Promise<EmuResponse> {
    const refused = this.onPremises(req, user);
    if (refused) return refused;
    const photo = this.store.visiblePhoto(user.id);
    if (!photo) return list ? jsonResponse(200, { value: [] }) : this.notFound(req, user);
    if (sizeSegment === null && !list) {
      // The default photo is the one held as uploaded: a backup taken through it restores byte for byte.
      if (value) {
        return {
          status: 200,
          headers: { 'content-type': photo.contentType, etag: photo.etag },
          body: photo.bytes,
        };
      }
      const meta = await this.defaultMeta(user, photo);
      return meta ? jsonResponse(200, meta) : this.notFound(req, user);
    }
    const sizes = await this.sizes(photo);
    if (list) {
      return jsonResponse(200, {
        '@odata.context': `${this.graphRoot()}v1.0/$metadata#users('${encodeURIComponent(user.id)}')/photos`,
        value: sizes.map((s) => this.sizeMeta(photo, s)),
      });
    }
    const m = /^(\d+)x(\d+)$/i.exec(sizeSegment ?? '');
    const size = m && m[1] === m[2] ? Number(m[1]) : NaN;
    if (!sizes.includes(size)) return this.notFound(req, user);
    if (!value) {
      return jsonResponse(200, {
        '@odata.context': `${this.graphRoot()}v1.0/$metadata#users('${encodeURIComponent(user.id)}')/photos/$entity`,
        ...this.sizeMeta(photo, size),
      });
    }
    const bytes = await this.render(photo, size);
    return { status: 200, headers: { 'content-type': 'image/jpeg', etag: photo.etag }, body: bytes };
  }

  /** PUT/PATCH .../photo/$value: raw bytes, image/jpeg or image/png, at most 4 MB. */
  async write(req: EmuRequest, user: EmulatorUser): Promise<EmuResponse> {
    const refused = this.onPremises(req, user);
    if (refused) return refused;
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
    if (user.hasMailbox === false && req.body.length > ENTRA_PHOTO_MAX_BYTES) {
      // What Microsoft answers here has been reported only as "a 404" (microsoft-graph-docs#8236).
      return graphError(req, 404, 'ErrorEntityNotFound', 'The photo could not be stored for this user.');
    }
    this.store.setPhoto(user.id, photoRecord(Buffer.from(req.body), contentType), true);
    return emptyResponse(200);
  }

  /** DELETE .../photo/$value: 200 OK, as "Delete profilePhoto" documents. */
  remove(req: EmuRequest, user: EmulatorUser): EmuResponse {
    const refused = this.onPremises(req, user);
    if (refused) return refused;
    if (!this.store.photo(user.id)) return this.notFound(req, user);
    this.store.setPhoto(user.id, null, true);
    return emptyResponse(200);
  }
}
