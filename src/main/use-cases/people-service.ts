/**
 * The People screen's use case: the signed-in tenant's photo inventory (core/inventory), a group's members, the
 * list saved as CSV or JSON (the missing-photo list with managers), photo export (core/export) and removal (a run
 * of RunService). The last inventory is kept here, so the screen sends user ids and main decides from its own
 * copy who they are.
 */
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UserRef } from '../../shared/domain';
import {
  inventoryCsv,
  summarizeInventory,
  type InventoryDocument,
  type InventoryUser,
} from '../../shared/inventory';
import type { InventoryLoadOutput, PhotoExportOutput } from '../../shared/ipc-people';
import { exportPhotos } from '../core/export/export-photos';
import type { ExportNameField, GraphPhotoSize } from '../core/export/export-schema';
import { loadInventory, type InventoryLoadProgress } from '../core/inventory/load-inventory';
import { PHOTO_READ_SCHEDULER } from '../core/inventory/photo-metadata';
import { RequestScheduler } from '../core/runs/scheduler';
import { missingPhotoRows, missingPhotosCsv } from '../core/inventory/missing-photos';
import type { RunHandle } from '../core/runs/run-engine';
import { groupMembers, managersOf } from '../core/tenant/groups';
import type { RunService } from './run-service';
import { SessionError, type SessionService } from './session-service';

export class PeopleError extends Error {
  override name = 'PeopleError';
  constructor(
    readonly code: 'not-found' | 'not-allowed' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export interface PeopleServiceDeps {
  session: SessionService;
  stateDir: () => Promise<string>;
  runs: RunService;
}

export interface JobHooks<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

export interface ExportProgressView {
  done: number;
  total: number;
}

export class PeopleService {
  /** The last inventory of this session, by tenant: what ids from the screen are checked against. */
  private last: { tenantId: string; document: InventoryDocument; byId: Map<string, InventoryUser> } | null =
    null;

  constructor(private readonly deps: PeopleServiceDeps) {}

  private tenant(): { tenantId: string; demo: boolean } {
    const c = this.deps.session.require();
    const tenantId = c.info.tenantId;
    if (!tenantId) throw new SessionError('not-signed-in', 'Sign in first (or try the demo tenant).');
    return { tenantId, demo: c.demo !== null };
  }

  async load(
    input: { refresh: 'auto' | 'photos' | 'full'; includeGuests: boolean; includeDisabled: boolean },
    hooks: JobHooks<InventoryLoadProgress & { waitingMs: number }> = {},
  ): Promise<InventoryLoadOutput> {
    const c = this.deps.session.require();
    const { tenantId, demo } = this.tenant();
    // The load's own scheduler, so the screen can say when Microsoft 365 makes it wait.
    const scheduler = new RequestScheduler({ ...PHOTO_READ_SCHEDULER, auth: c.auth });
    const waitingMs = () => Math.max(0, (scheduler.waitingUntil() ?? 0) - Date.now());
    const loaded = await loadInventory({
      client: c.client,
      tenantId,
      stateDir: await this.deps.stateDir(),
      // The demo tenant starts afresh each session: what an earlier one cached says nothing about it.
      ...(demo ? { cacheDir: path.join(c.demo!.root, 'inventory') } : {}),
      directory: async () => ({ users: await this.deps.session.directory(true), source: 'delta' }),
      refresh: input.refresh,
      includeGuests: input.includeGuests,
      includeDisabled: input.includeDisabled,
      auth: c.auth,
      scheduler,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onProgress: (p) => hooks.onProgress?.({ ...p, waitingMs: waitingMs() }),
    });
    this.last = {
      tenantId,
      document: loaded.document,
      byId: new Map(loaded.document.users.map((u) => [u.id, u])),
    };
    return {
      document: loaded.document,
      loadedAt: loaded.loadedAt,
      photosRead: loaded.photosRead,
      throttled: loaded.throttled,
    };
  }

  /** The users of the last inventory with these ids, in the order given (unknown ids are left out). */
  private pick(userIds: readonly string[]): InventoryUser[] {
    const { tenantId } = this.tenant();
    if (!this.last || this.last.tenantId !== tenantId)
      throw new PeopleError('not-allowed', 'Load the inventory first.');
    const seen = new Set<string>();
    const users: InventoryUser[] = [];
    for (const id of userIds) {
      const u = this.last.byId.get(id);
      if (u && !seen.has(id)) {
        seen.add(id);
        users.push(u);
      }
    }
    if (users.length === 0) throw new PeopleError('not-allowed', 'None of these users is in the inventory.');
    return users;
  }

  async group(nameOrId: string): Promise<{ id: string; displayName: string; memberIds: string[] }> {
    const c = this.deps.session.require();
    const { group, userIds } = await groupMembers(c.groupClient, nameOrId);
    return { id: group.id, displayName: group.displayName ?? group.id, memberIds: [...userIds] };
  }

  /** Writes the list into `folder` under a new name (never over a file); returns its path. */
  async saveList(input: {
    folder: string;
    format: 'csv' | 'json';
    list: 'filtered' | 'missing';
    userIds: readonly string[];
  }): Promise<{ path: string }> {
    const users = this.pick(input.userIds);
    const { tenantId } = this.tenant();
    const base = input.list === 'missing' ? 'headshot-missing-photos' : 'headshot-inventory';
    let text: string;
    if (input.list === 'missing') {
      const rows = missingPhotoRows(users, await this.managers(users));
      text =
        input.format === 'csv'
          ? missingPhotosCsv(rows)
          : `${JSON.stringify({ tenantId, users: rows }, null, 2)}\n`;
    } else {
      text =
        input.format === 'csv'
          ? inventoryCsv(users)
          : `${JSON.stringify({ tenantId, users, summary: summarizeInventory(users) }, null, 2)}\n`;
    }
    const file = await freeName(input.folder, `${base}-${dateStamp()}`, `.${input.format}`);
    await writeFile(file, text, { flag: 'wx' });
    return { path: file };
  }

  /** Managers of those who need a photo; none (empty columns) when the directory does not give them. */
  private async managers(users: readonly InventoryUser[]) {
    const c = this.deps.session.require();
    const needing = users.filter((u) => u.photoStatus === 'none' || u.photoStatus === 'low-resolution');
    try {
      return await managersOf(
        c.client,
        needing.map((u) => u.id),
      );
    } catch {
      return new Map();
    }
  }

  async exportPhotos(
    input: {
      folder: string;
      userIds: readonly string[];
      naming: ExportNameField;
      size: 'largest' | GraphPhotoSize;
    },
    hooks: JobHooks<ExportProgressView> = {},
  ): Promise<PhotoExportOutput> {
    const c = this.deps.session.require();
    const users = this.pick(input.userIds);
    const outcome = await exportPhotos({
      folder: input.folder,
      users,
      photos: c.photos,
      auth: c.auth,
      nameBy: input.naming,
      size: input.size === 'largest' ? null : input.size,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onProgress: (p) => hooks.onProgress?.({ done: p.done, total: p.total }),
    });
    const s = outcome.summary;
    return {
      folder: outcome.folder,
      manifest: outcome.manifest,
      summary: { exported: s.exported, unchanged: s.unchanged, noPhoto: s['no-photo'], failed: s.failed },
    };
  }

  /** Starts a removal run (backed up first; History, report, roll back) for these users of the inventory. */
  async remove(input: { userIds: readonly string[]; dryRun: boolean }): Promise<RunHandle> {
    const users: UserRef[] = this.pick(input.userIds).map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName,
    }));
    return this.deps.runs.startRemoval({ users, dryRun: input.dryRun });
  }
}

function dateStamp(now = new Date()): string {
  return now.toISOString().slice(0, 16).replace('T', '-').replace(':', '');
}

/** `<folder>/<stem><ext>`, or with " (2)", " (3)"… when taken: a saved list never replaces a file. */
async function freeName(folder: string, stem: string, ext: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const file = path.join(folder, `${stem}${n === 1 ? '' : ` (${n})`}${ext}`);
    const taken = await access(file).then(
      () => true,
      () => false,
    );
    if (!taken) return file;
  }
  throw new PeopleError('failed', `The folder ${folder} already holds too many saved lists.`);
}
