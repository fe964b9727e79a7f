/**
 * The services behind the desktop flow's IPC channels, wired together: one session, the imports kept for runs,
 * the runs, and the settings file. Plain Node: Electron (and the e2e harness) supply a DesktopPlatform.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLOUDS } from '../core/tenant/clouds';
import type { EventSink } from '../../shared/ipc';
import { checkExternalUrl } from '../../shared/external-url';
import type { Settings } from '../../shared/settings';
import type { RunEvent } from '../core/runs/run-engine';
import { loadSettings } from '../core/settings/settings-file';
import type { ImportRecord, PreviewJob } from './import-folder';
import { PeopleService } from './people-service';
import { PrepareService } from './prepare-service';
import { RunService } from './run-service';
import { SessionService, type TokenCacheChoice } from './session-service';

export interface DesktopPlatform {
  /** Opens an https URL in the system browser. */
  openExternal: (url: string) => Promise<void>;
  /** A native picker for one file; absent where there is none. */
  chooseFile?: (options: { title: string; extensions: string[] }) => Promise<string | null>;
  /** The URL the renderer uses for a local image. */
  imageUrl: (file: string) => string;
  /** Opens a folder in the file manager; absent where there is none (the harness). */
  openPath?: (folder: string) => Promise<void>;
  /** A system notification; absent where there is none. */
  notify?: (title: string, body: string) => void;
  tokenCache?: () => TokenCacheChoice;
}

/** Where Headshot keeps its settings, state and the demo folder when the app does not say. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HEADSHOT_DATA_DIR) return env.HEADSHOT_DATA_DIR;
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'));
  return path.join(base, 'Headshot');
}

/** Interactive sign-in opens only the national clouds' sign-in hosts. */
export const SIGN_IN_HOSTS = [
  ...new Set(Object.values(CLOUDS).map((c) => new URL(c.authorityHost).hostname)),
];

/** Runs longer than this get a system notification when they finish. */
export const NOTIFY_AFTER_MS = 60_000;

export class DesktopServices {
  readonly session: SessionService;
  readonly runs: RunService;
  readonly people: PeopleService;
  /** Prepare mode: no session. */
  readonly prepare: PrepareService;
  private readonly imports = new Map<string, ImportRecord>();
  private readonly previews = new Map<string, PreviewJob>();
  private emit: EventSink | null = null;
  private readonly startedAt = new Map<string, number>();
  private readonly cleanup: Promise<void>;

  constructor(
    readonly dataDir: string,
    readonly platform: DesktopPlatform,
  ) {
    this.session = new SessionService({
      dataDir,
      stateDir: () => this.stateDir(),
      openBrowser: (url) => this.openSignInPage(url),
      ...(platform.tokenCache ? { tokenCache: platform.tokenCache } : {}),
    });
    // Imports live only as long as the app: previews left by an earlier launch are never shown again.
    this.cleanup = rm(this.previewRoot(), { recursive: true, force: true }).catch(() => undefined);
    this.runs = new RunService({
      session: this.session,
      stateDir: () => this.stateDir(),
      settings: () => this.settings(),
      onEvent: (e) => this.forward(e),
    });
    this.people = new PeopleService({
      session: this.session,
      stateDir: () => this.stateDir(),
      runs: this.runs,
    });
    this.prepare = new PrepareService({
      previewRoot: () => this.previewRootReady(),
      imageUrl: platform.imageUrl,
      settings: () => this.settings(),
    });
  }

  /** Where run events go: the IPC core's event bus, connected once where the core is composed. */
  connectEvents(emit: EventSink): void {
    this.emit = emit;
  }

  private async openSignInPage(url: string): Promise<void> {
    const check = checkExternalUrl(url, SIGN_IN_HOSTS);
    if (!check.ok) throw new Error(`Refused to open the sign-in page: ${check.reason}.`);
    // Reviewed: parsed https URL on a national cloud's sign-in host (checked just above).
    await this.platform.openExternal(check.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  }

  async settings(): Promise<Settings> {
    return (await loadSettings(this.dataDir)).settings;
  }

  async stateDir(): Promise<string> {
    return (await this.settings()).stateDir ?? path.join(this.dataDir, 'state');
  }

  /** Where this import's previews go, once the previews of an earlier launch are gone. */
  async previewRootReady(): Promise<string> {
    await this.cleanup;
    return this.previewRoot();
  }

  previewRoot(): string {
    return path.join(this.dataDir, 'previews');
  }

  keepImport(record: ImportRecord, previews?: PreviewJob): void {
    this.imports.set(record.importId, record);
    if (previews) this.previews.set(record.importId, previews);
    // Only recent imports can start a run; older ones are dropped with their path maps and previews.
    while (this.imports.size > 3) {
      const oldest = this.imports.keys().next().value!;
      this.imports.delete(oldest);
      this.previews.get(oldest)?.cancel();
      this.previews.delete(oldest);
      void rm(path.join(this.previewRoot(), oldest), { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** The import's preview job while it runs (to put the rows on screen first). */
  previewsOf(importId: string): PreviewJob | undefined {
    return this.previews.get(importId);
  }

  getImport(importId: string): ImportRecord | undefined {
    return this.imports.get(importId);
  }

  markStarted(runId: string): void {
    this.startedAt.set(runId, Date.now());
  }

  /** Engine events -> renderer events. */
  private forward(event: RunEvent): void {
    const emit = this.emit;
    if (!emit) return;
    if (event.type === 'progress') emit('run:progress', event.progress);
    else if (event.type === 'item') {
      emit('run:item', {
        runId: event.runId,
        file: event.file,
        status: event.status,
        error: event.error,
      });
    }
  }

  runFinished(
    runId: string,
    kind: 'upload' | 'remove' | 'restore',
    state: 'completed' | 'cancelled' | 'interrupted',
    summary: Record<string, number>,
    error: string | null,
  ): void {
    this.emit?.('run:done', { runId, kind, state, summary, error });
    const started = this.startedAt.get(runId);
    this.startedAt.delete(runId);
    if (started !== undefined && Date.now() - started >= NOTIFY_AFTER_MS) {
      const done = Object.entries(summary)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ');
      this.platform.notify?.(
        kind === 'restore'
          ? 'Headshot: roll back finished'
          : kind === 'remove'
            ? 'Headshot: photo removal finished'
            : 'Headshot: upload finished',
        error ?? (done || 'Nothing to do.'),
      );
    }
  }

  async dispose(): Promise<void> {
    await this.runs.stopAll();
    await this.session.dispose();
  }
}
