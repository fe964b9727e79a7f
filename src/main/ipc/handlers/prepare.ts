/**
 * Handlers of Prepare mode and handoff packages (src/shared/ipc-prepare.ts): thin adapters to PrepareService
 * (session-free) and, for the admin's package import, to import-folder's runImport with `packagePath`. Every path
 * must have been given by the user (a dialog, a drop): PathGrants.
 */
import { stat } from 'node:fs/promises';
import type { PrepareInvokeChannel } from '../../../shared/ipc-desktop-channels';
import type { DesktopServices } from '../../use-cases/desktop-services';
import {
  runImport,
  type ImportDeps,
  type ImportProgress,
  type ImportRecord,
} from '../../use-cases/import-folder';
import { PrepareError } from '../../use-cases/prepare-service';
import { SessionError } from '../../use-cases/session-service';
import type { Handlers } from '../dispatch';
import type { ProgressUpdate } from '../jobs';
import { IpcFailure, notGranted } from '../errors';
import type { PathGrants } from '../path-grants';
import nodePath from 'node:path';
import type { Platform } from '../platform';
import { streamPreviews } from './desktop';

function asIpc(error: unknown): never {
  if (error instanceof PrepareError) throw new IpcFailure(error.code, error.message);
  if (error instanceof SessionError)
    throw new IpcFailure(error.code === 'not-signed-in' ? 'not-allowed' : 'failed', error.message);
  throw error;
}

const guard = <T>(work: () => Promise<T>): Promise<T> => work().catch(asIpc);

const importProgress = (progress: (update: ProgressUpdate) => void) => (p: ImportProgress) =>
  progress({
    done: p.phase === 'previews' ? p.previews : p.scanned,
    total: p.total,
    counts: { scanned: p.scanned, previews: p.previews },
    message: p.phase === 'directory' ? 'Reading the roster…' : `Scanning: ${p.scanned} files`,
  });

/** The view of a record the renderer gets: never the absolute paths. */
function view(record: ImportRecord) {
  const { images: _images, scopeMembership: _members, ...rest } = record;
  return rest;
}

/** A granted package: a folder in the scope, or a .zip file the user gave. */
async function grantedPackage(grants: PathGrants, candidate: string): Promise<string | null> {
  const info = await stat(candidate).catch(() => null);
  if (info?.isDirectory()) return grants.folder(candidate);
  if (info?.isFile() && /\.zip$/i.test(candidate)) return grants.file(candidate);
  return null;
}

export function createPrepareHandlers(
  services: DesktopServices,
  grants: PathGrants,
  platform: Platform,
): Pick<Handlers, PrepareInvokeChannel> {
  const { prepare, session } = services;

  const chooseFile = async (title: string, extensions: string[]) => {
    if (!platform.chooseFile) return null;
    const file = await platform.chooseFile({ title, extensions });
    if (file) grants.grantFile(file, 'dialog');
    return file ? { path: file } : null;
  };

  return {
    'prepare:chooseRoster': () => chooseFile('Choose the roster CSV', ['csv', 'txt']),

    'prepare:match': ({ jobId, folder, roster }, ctx) =>
      ctx.jobs.run(
        jobId,
        'prepare:match',
        ({ signal, progress }) =>
          guard(async () => {
            const realFolder = await grants.folder(folder);
            if (!realFolder) throw notGranted('photo folder');
            const realRoster = await grants.file(roster);
            if (!realRoster) throw notGranted('roster CSV');
            grants.grantFolder(await services.previewRootReady(), 'app');
            const prepared = await prepare.importFolder(
              { folder: realFolder, roster: realRoster },
              { signal, onProgress: importProgress(progress) },
            );
            services.keepImport(prepared.record, streamPreviews(prepared.record, prepared.deps, ctx));
            return {
              ...view(prepared.record),
              rosterProblems: prepared.rosterProblems,
              rosterSize: prepared.rosterSize,
            };
          }),
        { owner: ctx.owner },
      ),

    'prepare:searchRoster': ({ importId, query }) =>
      // A then, so a forgotten import (thrown) reaches guard as a rejection.
      guard(() => Promise.resolve().then(() => ({ users: prepare.searchRoster(importId, query) }))),

    'prepare:export': ({ jobId, importId, folder, ...request }, ctx) =>
      ctx.jobs.run(
        jobId,
        'prepare:export',
        ({ signal, progress }) =>
          guard(async () => {
            // The package is written only into a folder the user chose (a dialog, a drop), never one the app made.
            const out = await grants.chosenFolder(folder);
            if (!out) throw notGranted('folder for the package');
            const record = services.getImport(importId);
            if (!record) throw new IpcFailure('not-found', 'That folder is no longer open. Import it again.');
            return prepare.exportPackage(
              record,
              { ...request, folder: out, toolVersion: platform.appInfo().version },
              {
                signal,
                onProgress: (done, total) =>
                  progress({ done, total, counts: {}, message: `Packaging: ${done} of ${total}` }),
              },
            );
          }),
        { owner: ctx.owner },
      ),

    'package:check': ({ path }) =>
      guard(async () => {
        const real = await grantedPackage(grants, path);
        if (!real) return { isPackage: false };
        const { isPackage } = await import('../../core/package/index');
        return { isPackage: await isPackage(real) };
      }),

    'package:chooseZip': () => chooseFile('Choose a handoff package', ['zip']),

    'package:open': ({ jobId, path, domains }, ctx) =>
      ctx.jobs.run(
        jobId,
        'package:open',
        ({ signal, progress }) =>
          guard(async () => {
            const real = await grantedPackage(grants, path);
            if (!real) throw notGranted('package');
            const settings = await services.settings();
            const previewRoot = await services.previewRootReady();
            grants.grantFolder(previewRoot, 'app');
            const deps: ImportDeps = {
              directory: () => session.directory(true),
              previewRoot,
              // The checked package files stay with the runs (the preview folder is wiped at launch), so a resume
              // after a restart still finds them.
              packageRoot: nodePath.join(await services.stateDir(), 'packages'),
              imageUrl: services.platform.imageUrl,
              previewConcurrency: settings.concurrency,
              outputSize: settings.outputSize,
              defaultCrop: settings.defaultCrop,
              faceTightness: settings.faceTightness,
            };
            const record = await runImport(
              {
                folder: real,
                packagePath: real,
                domains: domains.length > 0 ? domains : await session.domains(),
                includeGuests: settings.includeGuests,
                includeDisabled: settings.includeDisabled,
              },
              deps,
              { signal, onProgress: importProgress(progress) },
            );
            services.keepImport(record, streamPreviews(record, deps, ctx));
            return view(record);
          }),
        { owner: ctx.owner },
      ),
  };
}
