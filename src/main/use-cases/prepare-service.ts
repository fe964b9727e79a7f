/**
 * Prepare mode (issue 14): a photographer, with no tenant and no sign-in, matches a folder against a roster CSV
 * with the same matcher and previews as an admin's import (the roster stands in for the directory), reviews, and
 * exports a handoff package of the reviewed pairs. Session-free: nothing here reaches Microsoft 365.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { GraphUser, UserRef } from '../../shared/domain';
import type { FaceFraming } from '../../shared/faces';
import type { RosterIdentity } from '../../shared/handoff-package';
import type { PrepareExportOutput } from '../../shared/ipc-prepare';
import type { ReviewedPair } from '../../shared/review';
import type { Settings } from '../../shared/settings';
import type * as packageCore from '../core/package/index';
import { runImport, type ImportDeps, type ImportProgress, type ImportRecord } from './import-folder';
import { searchUsers } from './user-search';

/** The package engine (core/package); tests pass a fake. */
export interface PackageEngine {
  readRoster: typeof packageCore.readRoster;
  writePackage: typeof packageCore.writePackage;
}

export interface PrepareDeps {
  /** Where previews go; the caller grants the renderer read access to it. */
  previewRoot: () => Promise<string>;
  imageUrl: (file: string) => string;
  settings: () => Promise<Settings>;
  engine?: PackageEngine;
}

/** A prepared import: the record (kept for Review and the export) and what the roster said. */
export interface PreparedImport {
  record: ImportRecord;
  /** For the previews job (import-folder's startPreviews). */
  deps: ImportDeps;
  rosterProblems: { row: number; message: string }[];
  rosterSize: number;
}

export interface ExportRequest {
  pairs: ReviewedPair[];
  /** The folder the package goes in: the package is a new folder or .zip inside it. */
  folder: string;
  kind: 'folder' | 'zip';
  includeOriginals: boolean;
  createdBy: string;
  toolVersion: string;
}

export class PrepareError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-input',
    message: string,
  ) {
    super(message);
    this.name = 'PrepareError';
  }
}

/** The core's package engine, loaded on first use (Prepare is rare; the zip writer need not load at start). */
const coreEngine: PackageEngine = {
  readRoster: async (file) => (await import('../core/package/index')).readRoster(file),
  writePackage: async (items, options) =>
    (await import('../core/package/index')).writePackage(items, options),
};

/** Imports kept for an export; older ones are dropped (as DesktopServices keeps three). */
const KEEP = 3;

export class PrepareService {
  private readonly rosters = new Map<
    string,
    { identities: Map<string, RosterIdentity>; users: GraphUser[] }
  >();
  private readonly engine: PackageEngine;

  constructor(private readonly deps: PrepareDeps) {
    this.engine = deps.engine ?? coreEngine;
  }

  async importFolder(
    request: { folder: string; roster: string },
    options: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void } = {},
  ): Promise<PreparedImport> {
    const roster = await this.engine.readRoster(request.roster);
    if (roster.users.length === 0) {
      const first = roster.problems[0];
      throw new PrepareError(
        'invalid-input',
        `The roster has no one Headshot can use${first ? ` (row ${first.row}: ${first.message})` : ''}. It needs a name, an email or UPN, or an employee ID on each row.`,
      );
    }
    const settings = await this.deps.settings();
    const deps: ImportDeps = {
      directory: () => Promise.resolve(roster.users),
      previewRoot: await this.deps.previewRoot(),
      imageUrl: this.deps.imageUrl,
      previewConcurrency: settings.concurrency,
      outputSize: settings.outputSize,
      defaultCrop: settings.defaultCrop,
      faceTightness: settings.faceTightness,
    };
    const record = await runImport(
      // Local parts (jane.doe.jpg) match against the roster's own domains.
      {
        folder: request.folder,
        domains: rosterDomains(roster.users),
        includeGuests: true,
        includeDisabled: true,
      },
      deps,
      options,
    );
    this.rosters.set(record.importId, { identities: roster.identities, users: roster.users });
    while (this.rosters.size > KEEP) this.rosters.delete(this.rosters.keys().next().value!);
    return { record, deps, rosterProblems: roster.problems, rosterSize: roster.users.length };
  }

  /**
   * The people picker in Prepare mode: the roster of that import stands in for the directory, searched the same way
   * (so an unmatched photo can be given to someone on the roster, never to anyone else).
   */
  searchRoster(importId: string, query: string): UserRef[] {
    const roster = this.rosters.get(importId);
    if (!roster)
      throw new PrepareError('not-found', 'That prepared folder is no longer open. Import it again.');
    return searchUsers(roster.users, query, { includeGuests: true, includeDisabled: true });
  }

  /** Writes the package of the reviewed pairs; a pair that cannot be packaged is reported, the rest go on. */
  async exportPackage(
    record: ImportRecord,
    request: ExportRequest,
    options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<PrepareExportOutput> {
    const identities = this.rosters.get(record.importId)?.identities;
    if (!identities)
      throw new PrepareError('not-found', 'That prepared folder is no longer open. Import it again.');
    const settings = await this.deps.settings();
    const failed: PrepareExportOutput['failed'] = [];
    const items: packageCore.PackageItem[] = [];
    const packaged = new Set<string>();
    for (const pair of request.pairs) {
      const source = record.images.get(pair.file);
      const identity = identities.get(pair.user.id);
      if (!source || !identity) {
        failed.push({
          sourceName: pair.file,
          error: {
            code: 'not-in-import',
            message: !source
              ? 'This file is not part of the imported folder.'
              : 'This person is not on the roster.',
          },
        });
        continue;
      }
      packaged.add(pair.user.id);
      items.push({ source, sourceName: pair.file, identity, crop: pair.crop });
    }
    const missing = [...identities].filter(([id]) => !packaged.has(id)).map(([, identity]) => identity);
    const framing: FaceFraming = { tightness: settings.faceTightness };
    const written = await this.engine.writePackage(items, {
      out: await freePath(packagePath(request.folder, request.kind, new Date())),
      includeOriginals: request.includeOriginals,
      createdBy: request.createdBy,
      toolVersion: request.toolVersion,
      size: settings.outputSize,
      framing,
      missing,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return {
      out: written.out,
      photos: written.manifest.photos.length,
      failed: [...failed, ...written.failed],
      warnings: countWarnings(written.manifest.photos.map((p) => p.warnings)),
      missing: written.manifest.missing,
    };
  }
}

/** The distinct domains of the roster's UPNs and mail addresses. */
export function rosterDomains(users: GraphUser[]): string[] {
  const domains = new Set<string>();
  for (const u of users) {
    for (const address of [u.userPrincipalName, u.mail]) {
      const at = address?.lastIndexOf('@') ?? -1;
      if (address && at > 0) domains.add(address.slice(at + 1).toLowerCase());
    }
  }
  return [...domains].slice(0, 50);
}

/** A new name in the chosen folder: headshot-package-2026-12-02-0915 (.zip). */
export function packagePath(folder: string, kind: 'folder' | 'zip', now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return path.join(folder, `headshot-package-${stamp}${kind === 'zip' ? '.zip' : ''}`);
}

/** The path, or with -2, -3... before its extension when it exists: the package writer never overwrites. */
export async function freePath(candidate: string): Promise<string> {
  const ext = path.extname(candidate) === '.zip' ? '.zip' : '';
  const stem = ext ? candidate.slice(0, -ext.length) : candidate;
  for (let n = 1; n < 1000; n += 1) {
    const next = n === 1 ? candidate : `${stem}-${n}${ext}`;
    if (
      !(await access(next).then(
        () => true,
        () => false,
      ))
    )
      return next;
  }
  throw new Error(`Too many packages named ${path.basename(candidate)} in that folder.`);
}

/** Each warning code with its first message and how many photos have it, most frequent first. */
export function countWarnings(
  perPhoto: { code: string; message: string }[][],
): PrepareExportOutput['warnings'] {
  const byCode = new Map<string, { code: string; message: string; count: number }>();
  for (const warnings of perPhoto) {
    for (const code of new Set(warnings.map((w) => w.code))) {
      const entry = byCode.get(code);
      if (entry) entry.count += 1;
      else byCode.set(code, { code, message: warnings.find((w) => w.code === code)!.message, count: 1 });
    }
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}
