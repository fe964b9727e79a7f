import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsSchema } from '../../../shared/settings';
import { buildDiagnostics, diagnosticsText } from './diagnostics';
import { createLogger } from './logger';
import { RecentErrors } from './recent-errors';

const app = {
  name: 'Headshot',
  version: '1.2.3',
  runtime: 'electron' as const,
  platform: 'win32',
  arch: 'x64',
  versions: { node: '22.1.0', electron: '39.0.0', chrome: '142.0.0' },
  packaged: true,
};

function facts(errors = 0) {
  const recent = new RecentErrors(100);
  const log = createLogger({ level: 'debug', sinks: [recent], now: () => Date.UTC(2026, 0, 2) });
  for (let i = 0; i < errors; i++)
    log.error(`failed ${i} with Bearer abcdefghijkl${i}`, { accessToken: 'at' });
  return {
    now: new Date(Date.UTC(2026, 0, 3)),
    app,
    os: { release: '10.0.26100', locale: 'en-GB' },
    settings: { ...DEFAULT_SETTINGS, logLevel: 'debug' as const },
    session: { signedIn: true, demo: false, cloud: 'global' as const, tenantId: 'tid-1' },
    log: { level: 'debug' as const, file: 'C:\\Users\\a\\AppData\\Roaming\\Headshot\\logs\\headshot.log' },
    recentErrors: recent.list(),
  };
}

describe('buildDiagnostics', () => {
  it('gives versions, OS, settings, tenant and log facts', () => {
    const d = buildDiagnostics(facts());
    expect(d).toMatchObject({
      generatedAt: '2026-01-03T00:00:00.000Z',
      app: { name: 'Headshot', version: '1.2.3', packaged: true, runtime: 'electron' },
      versions: { node: '22.1.0', electron: '39.0.0', chrome: '142.0.0' },
      os: { platform: 'win32', release: '10.0.26100', arch: 'x64', locale: 'en-GB' },
      tenant: { signedIn: true, demo: false, cloud: 'global', tenantId: 'tid-1' },
      log: { level: 'debug' },
      recentErrors: [],
    });
    // Settings hold no secret today: every field is there, unchanged, and nothing else.
    expect(Object.keys(d.settings).sort()).toEqual(Object.keys(settingsSchema.shape).sort());
    expect(d.settings).toEqual({ ...DEFAULT_SETTINGS, logLevel: 'debug' });
  });

  it('keeps the last 50 errors, redacted', () => {
    const d = buildDiagnostics(facts(60));
    expect(d.recentErrors).toHaveLength(50);
    expect(d.recentErrors[0]!.message).toMatch(/^failed 10 /);
    expect(d.recentErrors.at(-1)!.time).toBe('2026-01-02T00:00:00.000Z');
    const text = diagnosticsText(d);
    expect(text).not.toMatch(/abcdefghijkl|Bearer |"at"/);
    expect(text).toContain('<redacted>');
    expect(JSON.parse(text.slice(text.indexOf('\n') + 1))).toEqual(d);
  });
});
