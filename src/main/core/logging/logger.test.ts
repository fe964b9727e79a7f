import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileSink, rotatedName } from './file-sink';
import { createLogger, getLogger, type LogEntry } from './logger';
import { RecentErrors } from './recent-errors';
import { currentLogging, setUpLogging, tearDownLogging } from './setup';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'headshot-log-'));

afterEach(() => tearDownLogging());

describe('createLogger', () => {
  it('drops entries below the level and follows setLevel', () => {
    const seen: LogEntry[] = [];
    const log = createLogger({ level: 'warn', sinks: [{ write: (e) => seen.push(e) }], now: () => 0 });
    log.info('quiet');
    log.warn('loud');
    log.setLevel('debug');
    log.child('run').debug('now heard', { n: 1 });
    expect(seen.map((e) => [e.level, e.scope, e.message, e.fields])).toEqual([
      ['warn', 'main', 'loud', {}],
      ['debug', 'run', 'now heard', { n: 1 }],
    ]);
  });

  it('redacts message and fields before any sink sees them', () => {
    const seen: LogEntry[] = [];
    const log = createLogger({ level: 'debug', sinks: [{ write: (e) => seen.push(e) }] });
    log.error('got Bearer abcdefghijklmnop', { refreshToken: 'rt-123', photo: Buffer.alloc(7) });
    expect(JSON.stringify(seen)).not.toMatch(/abcdefghijklmnop|rt-123/);
    expect(seen[0]!.fields).toEqual({ refreshToken: '<redacted>', photo: '<7 bytes>' });
  });

  it('survives a failing sink', () => {
    const seen: string[] = [];
    const log = createLogger({
      sinks: [
        {
          write: () => {
            throw new Error('disk full');
          },
        },
        { write: (e) => seen.push(e.message) },
      ],
    });
    expect(() => log.error('still logged')).not.toThrow();
    expect(seen).toEqual(['still logged']);
  });
});

describe('RecentErrors', () => {
  it('keeps only warnings and errors, the newest N', () => {
    const recent = new RecentErrors(3);
    const log = createLogger({ level: 'debug', sinks: [recent] });
    log.info('not kept');
    for (let i = 0; i < 5; i++) log.error(`e${i}`);
    expect(recent.list().map((e) => e.message)).toEqual(['e2', 'e3', 'e4']);
  });
});

describe('the log file', () => {
  it('writes formatted lines, rotates past the size cap and keeps N files', () => {
    const dir = tmp();
    const file = path.join(dir, 'headshot.log');
    const sink = createFileSink({ file, maxBytes: 400, keep: 3 });
    const log = createLogger({ level: 'info', sinks: [sink] });
    for (let i = 0; i < 40; i++) log.info(`line ${i} ${'x'.repeat(40)}`, { i });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['headshot.1.log', 'headshot.2.log', 'headshot.log']);
    const current = fs.readFileSync(file, 'utf8');
    expect(current).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO {2}\[main\] line \d+ x+ \{"i":\d+\}$/m);
    expect(current).toContain('line 39');
    // The oldest lines were dropped with the file past `keep`.
    const all = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('line 0 ');
    expect(fs.statSync(rotatedName(file, 1)).size).toBeGreaterThan(300);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('setUpLogging', () => {
  it('installs the process-wide logger that getLogger writes through', () => {
    const dir = tmp();
    const file = path.join(dir, 'logs', 'headshot.log');
    const early = getLogger('session');
    early.info('before: nowhere');
    const setup = setUpLogging({ level: 'info', file });
    early.info('signed in', { tenantId: 't1' });
    early.debug('too detailed');
    expect(currentLogging()).toBe(setup);
    expect(setup.file).toBe(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('[session] signed in {"tenantId":"t1"}');
    expect(text).not.toMatch(/before: nowhere|too detailed/);
    tearDownLogging();
    expect(currentLogging()).toBeNull();
    early.error('after: nowhere');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('after: nowhere');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
