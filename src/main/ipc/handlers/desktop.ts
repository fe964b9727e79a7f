/**
 * Handlers of the desktop flow's channels (src/shared/ipc-desktop.ts): thin adapters from IPC to the services
 * in src/main/use-cases, turning service errors into contract errors with sentences for people.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunHandle } from '../../core/runs/run-engine';
import type { JobRegistry } from '../jobs';
import {
  runImport,
  startPreviews,
  type ImportDeps,
  type ImportRecord,
  type PreviewJob,
} from '../../use-cases/import-folder';
import type { ReviewItem } from '../../../shared/review';
import { tenantGroups } from '../../core/scope/resolve-scope';
import { RunServiceError } from '../../use-cases/run-service';
import { SessionError } from '../../use-cases/session-service';
import type { DesktopServices } from '../../use-cases/desktop-services';
import { loadSettings, updateSettings } from '../../core/settings/settings-file';
import type { DesktopInvokeChannel } from '../../../shared/ipc-desktop-channels';
import type { HandlerContext, Handlers } from '../dispatch';
import { IpcFailure, notGranted } from '../errors';
import type { PathGrants } from '../path-grants';

function asIpc(error: unknown): never {
  if (error instanceof SessionError) {
    throw new IpcFailure(error.code === 'not-signed-in' ? 'not-allowed' : 'failed', error.message);
  }
  if (error instanceof RunServiceError) throw new IpcFailure(error.code, error.message);
  throw error;
}

const guard = <T>(work: () => Promise<T>): Promise<T> => work().catch(asIpc);

/**
 * Starts an import's previews as a job of the registry, sending what is done as import:previews, ~10 Hz (the
 * admin's import here, Prepare's match and a package import in ./prepare.ts).
 */
export function streamPreviews(record: ImportRecord, deps: ImportDeps, ctx: HandlerContext): PreviewJob {
  let batch: ReviewItem[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const { done, total } = job.progress();
    ctx.emit('import:previews', { importId: record.importId, items: batch, done, total });
    batch = [];
  };
  const job = startPreviews(record, deps, {
    onItems: (items) => {
      batch.push(...items);
      timer ??= setTimeout(flush, 100);
    },
  });
  ctx.jobs.adopt(`previews-${record.importId}`, job);
  void job.done.then(
    () => {
      if (timer) clearTimeout(timer);
      flush();
    },
    () => undefined,
  );
  return job;
}

/** A run (upload or removal) joins the one job registry (cancel, pause, quit) and reports its end once. */
export function watchRun(
  services: DesktopServices,
  handle: RunHandle,
  jobs: JobRegistry,
  kind: 'upload' | 'remove',
): { runId: string; total: number } {
  if (jobs.has(handle.runId)) return { runId: handle.runId, total: handle.progress().total };
  jobs.adopt(handle.runId, handle);
  services.markStarted(handle.runId);
  handle.done.then(
    (outcome) =>
      services.runFinished(
        outcome.runId,
        kind,
        outcome.state,
        outcome.report.summary as Record<string, number>,
        null,
      ),
    (error: unknown) =>
      services.runFinished(
        handle.runId,
        kind,
        'interrupted',
        {},
        `The run stopped: ${error instanceof Error ? error.message : String(error)} It can be resumed from History.`,
      ),
  );
  return { runId: handle.runId, total: handle.progress().total };
}

export function createDesktopHandlers(
  services: DesktopServices,
  grants: PathGrants,
): Pick<Handlers, DesktopInvokeChannel> {
  const { session, runs } = services;

  const watch = (handle: RunHandle, jobs: JobRegistry) => watchRun(services, handle, jobs, 'upload');

  return {
    'session:info': () => session.load(),

    'session:startDemo': () => {
      return guard(async () => {
        const started = await session.startDemo();
        // Made by the app: the demo's sample folder and its mapping CSV.
        grants.grantFolder(started.folder, 'app');
        grants.grantFile(started.mappingCsv, 'app');
        return started;
      });
    },

    'session:signIn': (input, ctx) => {
      return guard(() => session.signIn(input, (code) => ctx.emit('session:deviceCode', code)));
    },

    'session:signOut': async () => {
      await runs.stopAll();
      await session.signOut();
      return session.info();
    },

    'session:preflight': () =>
      guard(async () => {
        const result = await session.preflight();
        return {
          ok: result.ok,
          problems: result.problems.map((p) => ({ severity: p.severity, message: p.message })),
        };
      }),

    'directory:domains': () => guard(async () => ({ domains: await session.domains() })),

    'directory:search': ({ query }) =>
      guard(async () => {
        const s = await services.settings();
        return {
          users: await session.search(query, {
            includeGuests: s.includeGuests,
            includeDisabled: s.includeDisabled,
          }),
        };
      }),

    'directory:currentPhoto': ({ userId }) =>
      guard(async () => {
        const photo = await session.currentPhoto(userId);
        return {
          dataUrl: photo ? `data:${photo.contentType};base64,${photo.bytes.toString('base64')}` : null,
        };
      }),

    'import:chooseMapping': async () => {
      if (!services.platform.chooseFile) return null;
      const file = await services.platform.chooseFile({
        title: 'Choose a mapping CSV',
        extensions: ['csv', 'txt'],
      });
      if (file) grants.grantFile(file, 'dialog');
      return file ? { path: file } : null;
    },

    'import:chooseUsersCsv': async () => {
      if (!services.platform.chooseFile) return null;
      const file = await services.platform.chooseFile({
        title: 'Choose a users CSV to limit this upload to',
        extensions: ['csv', 'txt'],
      });
      if (file) grants.grantFile(file, 'dialog');
      return file ? { path: file } : null;
    },

    'import:run': ({ jobId, folder, mappingCsv, domains, scope }, ctx) => {
      return ctx.jobs.run(
        jobId,
        'import:run',
        ({ signal, progress }) =>
          guard(async () => {
            if (!(await grants.folder(folder))) throw notGranted('photo folder');
            if (mappingCsv && !(await grants.file(mappingCsv))) throw notGranted('mapping CSV');
            if (scope?.kind === 'users' && !(await grants.file(scope.usersCsv)))
              throw notGranted('users CSV');
            const settings = await services.settings();
            const previewRoot = await services.previewRootReady();
            grants.grantFolder(previewRoot, 'app');
            const deps = {
              // Each import brings the directory up to date (one delta round after the first load).
              directory: () => session.directory(true),
              // A group scope reads the group's members from the tenant.
              ...(scope?.kind === 'group' ? { groups: tenantGroups(session.require().groupClient) } : {}),
              previewRoot,
              imageUrl: services.platform.imageUrl,
              previewConcurrency: settings.concurrency,
              outputSize: settings.outputSize,
              defaultCrop: settings.defaultCrop,
              faceTightness: settings.faceTightness,
            };
            const record = await runImport(
              {
                folder,
                mappingCsv,
                domains: domains.length > 0 ? domains : await session.domains(),
                includeGuests: settings.includeGuests,
                includeDisabled: settings.includeDisabled,
                ...(scope ? { scope } : {}),
              },
              deps,
              {
                signal,
                onProgress: (p) =>
                  progress({
                    done: p.phase === 'previews' ? p.previews : p.scanned,
                    total: p.total,
                    counts: { scanned: p.scanned, previews: p.previews },
                    message:
                      p.phase === 'directory' ? 'Reading the directory…' : `Scanning: ${p.scanned} files`,
                  }),
              },
            );
            // Review opens now; the previews (and their photo checks) follow as events, the rows on screen first.
            services.keepImport(record, streamPreviews(record, deps, ctx));
            const { images: _images, scopeMembership: _members, ...view } = record;
            return view;
          }),
        { owner: ctx.owner },
      );
    },

    'import:prioritize': ({ importId, ids }) => {
      const job = services.previewsOf(importId);
      job?.prioritize(ids);
      return Promise.resolve({ queued: job !== undefined });
    },

    'run:start': ({ importId, pairs, dryRun }, ctx) =>
      guard(async () => {
        const record = services.getImport(importId);
        if (!record)
          throw new IpcFailure('not-found', 'That import is no longer open. Import the folder again.');
        if (!dryRun) {
          // A real run needs the permissions and role; say what is missing and how to fix it before any write.
          const check = await session.preflight();
          const blocking = check.problems.filter((p) => p.severity === 'error');
          if (blocking.length > 0)
            throw new IpcFailure('not-allowed', blocking.map((p) => p.message).join(' '));
        }
        return watch(await runs.start({ importRecord: record, pairs, dryRun }), ctx.jobs);
      }),

    'run:control': ({ runId, action }, ctx) =>
      guard(() => {
        const handle = runs.handle(runId);
        if (!ctx.jobs.control(runId, action))
          throw new IpcFailure('not-found', 'That run is not running now.');
        return Promise.resolve({ state: handle.progress().state });
      }),

    'run:resume': ({ runId }, ctx) =>
      guard(async () => {
        return watch(await runs.resume(runId), ctx.jobs);
      }),

    'run:retryFailed': ({ runId }, ctx) =>
      guard(async () => {
        return watch(await runs.retryFailed(runId), ctx.jobs);
      }),

    'run:list': () => guard(async () => ({ runs: await runs.list(), live: runs.liveIds() })),

    'run:report': ({ runId, kind }) =>
      guard(async () => {
        const { report, csvPath } = await runs.report(runId, kind);
        return { report, hasCsv: csvPath !== null };
      }),

    'run:exportCsv': ({ runId, kind, folder: requested }) =>
      guard(async () => {
        const folder = await grants.folder(requested);
        if (!folder) throw notGranted('folder for the report');
        const { csvPath } = await runs.report(runId, kind);
        if (!csvPath)
          throw new IpcFailure('not-found', 'This run has no CSV report yet: it has not finished.');
        const target = path.join(
          folder,
          `headshot-${kind === 'restore' ? 'rollback' : 'report'}-${runId}.csv`,
        );
        await copyFile(csvPath, target);
        return { path: target };
      }),

    'run:openBackupFolder': ({ runId }) =>
      guard(async () => {
        const dir = await runs.backupDir(runId);
        if (!services.platform.openPath) return { path: dir, opened: false };
        await services.platform.openPath(dir);
        return { path: dir, opened: true };
      }),

    'run:restore': ({ jobId, runId }, ctx) => {
      return ctx.jobs.run(
        jobId,
        'run:restore',
        ({ signal }) =>
          guard(async () => {
            services.markStarted(runId);
            const outcome = await runs.restore(runId, signal);
            services.runFinished(runId, 'restore', outcome.state, outcome.report.summary, null);
            return { runId, summary: outcome.report.summary, state: outcome.state };
          }),
        { owner: ctx.owner },
      );
    },

    'settings:get': () => loadSettings(services.dataDir),

    'settings:set': async (patch) => {
      // The state folder holds journals and backups: only one the user picked (or the default, null).
      const { settings: current } = await loadSettings(services.dataDir);
      if (patch.stateDir && patch.stateDir !== current.stateDir && !(await grants.folder(patch.stateDir)))
        throw notGranted('folder for run state');
      return updateSettings(services.dataDir, patch);
    },
  };
}
