import { processingPlanSchema } from '../../../shared/processing-plan';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readCsv } from '../../../../test/csv/read-csv';
import { buildUploadReport, reportToCsv } from './report';
import { Journal, readJournal } from './journal';
import type { FoldedRun } from './run-records';

const TIMINGS = { processMs: 5, backupMs: 1, uploadMs: 2, verifyMs: 1, totalMs: 9 };
const fold: FoldedRun = {
  start: {
    type: 'run-start',
    v: 1,
    runId: 'r1',
    tenantId: 't1',
    createdAt: '2026-01-01T00:00:00.000Z',
    settings: {
      dryRun: false,
      maxConcurrency: 4,
      processConcurrency: 2,
      perMailbox: 4,
      processing: processingPlanSchema.parse({}),
    },
    items: [
      // A hostile file name: a formula, and a bidi override that makes "…gpj.exe" read as "…exe.jpg".
      {
        file: '=HYPERLINK("http://evil.example")\u202Egpj.exe',
        path: '/p/1',
        user: { id: 'u1', userPrincipalName: 'a@contoso.com', displayName: 'Ann, -Lee' },
        method: 'upn',
      },
      {
        file: 'old.jpg',
        path: '/p/2',
        user: { id: 'u2', userPrincipalName: 'b@contoso.com', displayName: null },
        method: 'upn',
      },
    ],
    skipped: [
      // Written by an older Headshot: no status, read as skipped.
      { file: 'notes.txt', user: null, method: null, reason: 'Not an image.' },
      {
        file: 'left-out.jpg',
        user: { id: 'u3', userPrincipalName: 'c@contoso.com', displayName: 'Cy' },
        method: 'upn',
        reason: 'Excluded in Review.',
        status: 'excluded',
      },
    ],
  },
  items: [
    {
      backup: { hadPhoto: false, path: null, etag: null, bytes: null },
      uploadStarted: true,
      done: {
        status: 'uploaded',
        error: null,
        retryable: false,
        sha256: 'abc',
        bytes: 1234,
        etag: '"e1"',
        attempts: 1,
        timings: TIMINGS,
        note: 'Uploaded; the user had no photo before.',
        warnings: [
          {
            code: 'blurry',
            message: 'The photo looks blurred or out of focus: it has very little fine detail.',
          },
          {
            code: 'too-dark',
            message: 'The photo is very dark (average brightness 10%): faces may be hard to make out.',
          },
        ],
      },
    },
    // Written by an older Headshot: no warnings recorded.
    {
      backup: null,
      uploadStarted: false,
      done: {
        status: 'unchanged',
        error: null,
        retryable: false,
        sha256: 'def',
        bytes: 99,
        etag: '"e2"',
        attempts: 0,
        timings: TIMINGS,
        note: 'Unchanged.',
      },
    },
  ],
  lastState: 'completed',
  finishedAt: '2026-01-01T00:01:00.000Z',
};

describe('run report', () => {
  const report = buildUploadReport('/runs/r1', fold, 'completed');

  it("carries each photo's warnings from processing into its row", () => {
    expect(report.results.map((r) => r.warnings.map((w) => w.code))).toEqual([
      ['blurry', 'too-dark'],
      [],
      [],
      [],
    ]);
  });

  it('reports a file the admin excluded as excluded, not skipped, in the rows, the summary and the CSV', () => {
    expect(report.results.map((r) => [r.file, r.status]).slice(2)).toEqual([
      ['notes.txt', 'skipped'],
      ['left-out.jpg', 'excluded'],
    ]);
    expect(report.summary).toEqual({ uploaded: 1, unchanged: 1, skipped: 1, excluded: 1 });
    const [header, , , , fourth] = readCsv(reportToCsv(report), ',');
    expect(fourth![header!.indexOf('status')]).toBe('excluded');
    expect(fourth![header!.indexOf('userPrincipalName')]).toBe('c@contoso.com');
  });

  it('writes the CSV through the shared writer: quoted, defused, file names made visible, warnings included', () => {
    const csv = reportToCsv(report);
    expect(csv.startsWith('\ufeff')).toBe(true);
    const [header, first, second, third] = readCsv(csv, ',');
    expect(header).toContain('warnings');
    const cell = (row: string[] | undefined, column: string) => row![header!.indexOf(column)];
    expect(cell(first, 'file')).toBe(`'=HYPERLINK("http://evil.example")⟨U+202E⟩gpj.exe`);
    expect(cell(first, 'displayName')).toBe("Ann,' -Lee");
    expect(cell(first, 'warningCodes')).toBe('blurry, too-dark');
    expect(cell(first, 'warnings')).toMatch(/^The photo looks blurred .* The photo is very dark/);
    expect(cell(first, 'bytes')).toBe('1234');
    expect(cell(second, 'warnings')).toBe('');
    expect(cell(third, 'note')).toBe('Not an image.');
    // Every text cell is quoted; numbers are bare.
    const line = csv.split('\r\n')[1]!;
    expect(line.startsWith(`"'=HYPERLINK(""http://evil.example"")`)).toBe(true);
    expect(line).toContain(',1234,1,5,1,2,1,9,');
  });
});

describe('journal', () => {
  it('group-commits appends durably and cuts a torn tail when reopened', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'headshot-journal-'));
    const file = path.join(dir, 'j.jsonl');
    const j = Journal.open(file);
    await Promise.all([j.append({ n: 1 }), j.append({ n: 2 }), j.append({ n: 3 })]);
    await j.close();
    await fs.appendFile(file, '{"n":4,"tor');
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const again = Journal.open(file);
    await again.append({ n: 5 });
    await again.close();
    expect(await readJournal(file)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 5 }]);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
