/**
 * "Copy diagnostics": a pure builder from facts the caller gathers (app info, OS, settings, the session, the
 * recent errors). Settings hold no secret today; they still go through redactValue so a future secret-named
 * field is masked. The result is checked against the one schema (src/shared/ipc-desktop.ts).
 */
import type { AppInfo } from '../../../shared/ipc';
import { type Diagnostics, diagnosticsSchema } from '../../../shared/ipc-desktop';
import type { SessionInfo } from '../../../shared/session';
import type { Settings } from '../../../shared/settings';
import type { LogEntry, LogLevel } from './logger';
import { redactText, redactValue } from './redact';

export const DIAGNOSTICS_ERRORS = 50;

export interface DiagnosticsFacts {
  now: Date;
  app: AppInfo;
  os: { release: string; locale: string };
  settings: Settings;
  session: Pick<SessionInfo, 'signedIn' | 'demo' | 'cloud' | 'tenantId'>;
  log: { level: LogLevel; file: string | null };
  recentErrors: readonly LogEntry[];
}

export function buildDiagnostics(facts: DiagnosticsFacts): Diagnostics {
  return diagnosticsSchema.parse({
    generatedAt: facts.now.toISOString(),
    app: {
      name: facts.app.name,
      version: facts.app.version,
      packaged: facts.app.packaged,
      runtime: facts.app.runtime,
    },
    versions: {
      node: facts.app.versions.node,
      electron: facts.app.versions.electron ?? null,
      chrome: facts.app.versions.chrome ?? null,
    },
    os: {
      platform: facts.app.platform,
      release: facts.os.release,
      arch: facts.app.arch,
      locale: facts.os.locale,
    },
    settings: redactValue(facts.settings),
    tenant: {
      signedIn: facts.session.signedIn,
      demo: facts.session.demo,
      cloud: facts.session.cloud,
      tenantId: facts.session.tenantId,
    },
    log: facts.log,
    // Entries are redacted when logged; once more here costs nothing and guards entries made elsewhere.
    recentErrors: facts.recentErrors.slice(-DIAGNOSTICS_ERRORS).map((e) => ({
      time: new Date(e.time).toISOString(),
      level: e.level,
      scope: e.scope,
      message: redactText(e.message),
      fields: JSON.stringify(redactValue(e.fields)),
    })),
  });
}

/** The text for the clipboard: a heading line and the JSON, ready to paste into a ticket. */
export function diagnosticsText(d: Diagnostics): string {
  return `Headshot diagnostics (${d.generatedAt})\n${JSON.stringify(d, null, 2)}\n`;
}
