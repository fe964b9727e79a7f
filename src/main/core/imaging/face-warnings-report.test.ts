/**
 * The face warnings reach the run report (JSON and CSV) like the image warnings: through the one processor of the
 * processing plan (default crop 'face', the real detector) and the engine, in a dry run.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { readCsv } from '../../../../test/csv/read-csv';
import { makeTempDir, photoLike, rawToSharp } from '../../../../test/support/image-fixtures';
import { FakePhotoService } from '../../../../test/support/run-fakes';
import { processingPlanSchema } from '../../../shared/processing-plan';
import { processorFor } from '../runs/process-photo';
import { startRun } from '../runs/run-engine';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('headshot-face-report-')));
afterAll(() => cleanup());

it('lists no-face and small-face in report.json and report.csv', async () => {
  const demo = path.resolve(import.meta.dirname, '../../../../node_modules/@vladmandic/face-api/demo');
  const files: [string, Buffer][] = [
    // A 480 x 720 portrait: her face is found, and the square around it is under 648 px (small-face).
    [
      'portrait.jpg',
      await sharp(path.join(demo, 'sample3.jpg'))
        .extract({ left: 460, top: 160, width: 480, height: 720 })
        .jpeg({ quality: 90 })
        .toBuffer(),
    ],
    [
      'no-one.jpg',
      await rawToSharp(photoLike(900, 1200, 4))
        .jpeg({ quality: 90 })
        .toBuffer(),
    ],
  ];
  const items = await Promise.all(
    files.map(async ([file, bytes], i) => {
      const abs = path.join(dir, file);
      await fs.writeFile(abs, bytes);
      return {
        file,
        path: abs,
        user: { id: `u${i}`, userPrincipalName: `u${i}@contoso.com`, displayName: null },
        method: 'upn' as const,
      };
    }),
  );
  // The default plan: crop 'face'.
  const processPhoto = processorFor(processingPlanSchema.parse({}));
  const run = await startRun(
    { tenantId: 't', items, settings: { dryRun: true } },
    { stateDir: path.join(dir, 'state'), photos: new FakePhotoService(), processPhoto },
  );
  const outcome = await run.done;
  const codes = (file: string) =>
    outcome.report.results.find((r) => r.file === file)!.warnings.map((w) => w.code);
  expect(codes('portrait.jpg')).toContain('small-face');
  expect(codes('portrait.jpg')).not.toContain('no-face');
  expect(codes('no-one.jpg')).toContain('no-face');

  const json = JSON.parse(await fs.readFile(outcome.reportPaths.json, 'utf8')) as typeof outcome.report;
  expect(json.results.find((r) => r.file === 'no-one.jpg')!.warnings.at(-1)!.message).toMatch(/no face/i);
  const [header, ...rows] = readCsv(await fs.readFile(outcome.reportPaths.csv, 'utf8'), ',');
  const column = (name: string) => header!.indexOf(name);
  const csvRow = (file: string) => rows.find((r) => r[column('file')] === file)!;
  expect(csvRow('no-one.jpg')[column('warningCodes')]).toContain('no-face');
  expect(csvRow('portrait.jpg')[column('warningCodes')]).toContain('small-face');
  expect(csvRow('portrait.jpg')[column('warnings')]).toMatch(/face is small/);
});
