/**
 * The photographer's handoff package (issue 14): a folder or a zip with the processed 648 px JPEGs (photos/),
 * optionally the originals (originals/), and manifest.json, which this schema defines. Versioned: a reader refuses a
 * major version it does not know. Everything in a package is data from outside: the admin's import checks every
 * file against its sha256 and matches every roster identity against the directory (never trusted as a user id).
 */
import { z } from 'zod';
import { faceFramingSchema, faceSchema } from './faces';
import { cropChoiceSchema } from './review';
import { issueSchema } from './domain';

export const PACKAGE_FORMAT = 'headshot-handoff';
export const PACKAGE_VERSION = 1;
export const PACKAGE_MANIFEST = 'manifest.json';

const relativeFile = z
  .string()
  .min(1)
  .max(1024)
  .refine(
    (p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..') && !/^[a-z]:/i.test(p),
    {
      message: 'a package path must be relative, with / separators and no ..',
    },
  );
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** Who a photo is for, as the roster said: matched against the directory on import, never used as an id. */
export const rosterIdentitySchema = z.object({
  name: z.string().max(512).nullable(),
  email: z.string().max(512).nullable(),
  upn: z.string().max(512).nullable(),
  employeeId: z.string().max(128).nullable(),
});
export type RosterIdentity = z.infer<typeof rosterIdentitySchema>;

export const packagePhotoSchema = z.object({
  /** The processed JPEG, e.g. "photos/jane.doe@contoso.com.jpg". */
  file: relativeFile,
  sha256,
  bytes: z.number().int().positive(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The original as imported, when the package carries originals. */
  original: z.object({ file: relativeFile, sha256, bytes: z.number().int().positive() }).nullable(),
  /** The source file's name in the photographer's folder (for people; not a path on the admin's machine). */
  sourceName: z.string().max(1024),
  identity: rosterIdentitySchema,
  /** The crop as applied, with the square as a rect of the upright original (so the admin can re-process it). */
  crop: cropChoiceSchema,
  /** The face the framing used, or null (none found, or not a face crop). */
  face: faceSchema.nullable(),
  framing: faceFramingSchema.nullable(),
  warnings: z.array(issueSchema),
});
export type PackagePhoto = z.infer<typeof packagePhotoSchema>;

export const packageManifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  /** Major version; a reader refuses one it does not know. */
  version: z.literal(PACKAGE_VERSION),
  createdAt: z.string(),
  /** Who made it (as they typed it in Prepare, or the OS user name), and with what. */
  createdBy: z.string().max(256),
  tool: z.object({ name: z.literal('Headshot'), version: z.string().max(64) }),
  output: z.object({ size: z.number().int().positive(), format: z.literal('jpeg') }),
  photos: z.array(packagePhotoSchema).max(100_000),
  /** Roster rows that no photo matched: the photographer still owes these. */
  missing: z.array(rosterIdentitySchema).default([]),
});
export type PackageManifest = z.infer<typeof packageManifestSchema>;

/** Why a file of a package is refused on import (each refused photo is `skipped` with code package-mismatch). */
export const packageProblemSchema = z.object({
  file: z.string(),
  reason: z.enum(['changed', 'missing', 'extra', 'unsafe-path', 'too-large']),
  message: z.string(),
});
export type PackageProblem = z.infer<typeof packageProblemSchema>;
