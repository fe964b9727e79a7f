/**
 * The photo warnings from processing reach the run report (JSON and CSV), end to end through the engine with the
 * real pipeline and generated photos.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { readCsv } from '../../../../test/csv/read-csv';
import { makeTempDir, photoLike, rawToSharp } from '../../../../test/support/image-fixtures';
import { processorFor } from './process-photo';
import { startRun } from './run-engine';
import type { PlannedItem } from './run-records';
import { FakePhotoService } from '../../../../test/support/run-fakes';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir('headshot-report-warnings-'));
});
afterEach(() => cleanup());

const photo = (light = 1) => rawToSharp(photoLike(900, 1200, 4, light));

async function plan(): Promise<PlannedItem[]> {
  const files: [string, Buffer][] = [
    ['blurred.jpg', await photo().blur(3).jpeg({ quality: 90 }).toBuffer()],
    ['dark.png', await photo(0.25).png().toBuffer()],
    ['fine.jpg', await photo().jpeg({ quality: 90 }).toBuffer()],
  ];
  return Promise.all(
    files.map(async ([file, bytes], i) => {
      const abs = path.join(dir, file);
      await fs.writeFile(abs, bytes);
      return {
        file,
        path: abs,
        user: { id: `u${i}`, userPrincipalName: `u${i}@contoso.com`, displayName: null },
        method: 'upn',
      };
    }),
  );
}

const processing = processorFor({
  size: 648,
  quality: 88,
  defaultCrop: { strategy: 'attention' },
  crops: {},
});

describe('warnings in the run report', () => {
  for (const dryRun of [true, false]) {
    it(`${dryRun ? 'a dry run' : 'an upload'} lists each photo's warnings in report.json and report.csv`, async () => {
      const items = await plan();
      const run = await startRun(
        { tenantId: 't', items, settings: { dryRun } },
        { stateDir: path.join(dir, 'state'), photos: new FakePhotoService(), processPhoto: processing },
      );
      const outcome = await run.done;
      const byFile = (file: string) => outcome.report.results.find((r) => r.file === file)!;
      expect(byFile('blurred.jpg').status).toBe(dryRun ? 'dry-run' : 'uploaded');
      expect(byFile('blurred.jpg').warnings.map((w) => w.code)).toEqual(['blurry']);
      expect(byFile('dark.png').warnings.map((w) => w.code)).toEqual(['too-dark']);
      expect(byFile('fine.jpg').warnings).toEqual([]);

      const json = JSON.parse(await fs.readFile(outcome.reportPaths.json, 'utf8')) as typeof outcome.report;
      expect(json.results.find((r) => r.file === 'dark.png')!.warnings[0]!.message).toMatch(/very dark/);

      const [header, ...rows] = readCsv(await fs.readFile(outcome.reportPaths.csv, 'utf8'), ',');
      const column = (name: string) => header!.indexOf(name);
      const csvRow = (file: string) => rows.find((r) => r[column('file')] === file)!;
      expect(csvRow('blurred.jpg')[column('warningCodes')]).toBe('blurry');
      expect(csvRow('blurred.jpg')[column('warnings')]).toMatch(/blurred or out of focus/);
      expect(csvRow('fine.jpg')[column('warnings')]).toBe('');
    });
  }
});
