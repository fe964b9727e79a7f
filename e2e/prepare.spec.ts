/**
 * Prepare mode and the handoff package in Chromium (the real built renderer, the real handlers, the real emulator),
 * at 1024 x 700 and 1440 x 900, light and dark. A photographer, with no sign-in, matches a folder of portraits
 * (real faces cut from the face-api demo photos, a group photo and a picture with no face) to a roster CSV,
 * reviews (a face warning, the face box in the crop editor, Re-frame all) and exports the package as a .zip and as
 * a folder. The admin then signs in to the demo tenant, imports the .zip (Review shows the photographer's crops and
 * the one person the tenant does not have), imports the folder with one photo changed by a byte (a refused row),
 * and runs a test run. axe runs on every screen; screenshots go to test-results/screens/prepare/ (or
 * HEADSHOT_SCREENSHOTS_DIR).
 */
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Region } from 'sharp';
import { nav, prepare, row, screenChecker, screenshotsDir, signInToDemo, uploadButton } from './demo-steps';

const demoPhotos = path.resolve(import.meta.dirname, '../node_modules/@vladmandic/face-api/demo');

/** Demo tenant people (src/emulator/seed.ts), and one the tenant does not have. */
const ROSTER = [
  { name: 'Zoë Müller', email: 'zoe.muller@contoso.com', employeeId: '104411' },
  { name: 'Łukasz Wiśniewski', email: 'lukasz.wisniewski@contoso.com', employeeId: '0042' },
  { name: 'Mary-Jane Smith-Jones', email: 'mary-jane.smith-jones@contoso.com', employeeId: '310002' },
  { name: "Siobhán O'Brien", email: 'siobhan.obrien@contoso.com', employeeId: '310001' },
  { name: 'Chris Lee', email: 'chris.lee@contoso.com', employeeId: '400100' },
  { name: 'Dana Newhire', email: 'dana.newhire@contoso.com', employeeId: '' },
  // On the roster, no photo: the export lists her as still missing one.
  { name: 'Søren Østergaard', email: 'soren.ostergaard@contoso.com', employeeId: '220017' },
];

/**
 * The shoot: three 2:3 portraits around one real face each (boxes found by the detector on the demo photos), a
 * group photo (several faces) and a plain picture (no face), named by the people's mailbox names.
 */
async function writeShoot(folder: string): Promise<void> {
  const cut = async (sample: number, region: Region, file: string) =>
    writeFile(
      path.join(folder, file),
      await sharp(path.join(demoPhotos, `sample${sample}.jpg`))
        .extract(region)
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
  await mkdir(folder, { recursive: true });
  await cut(3, { left: 452, top: 200, width: 480, height: 720 }, 'zoe.muller.jpg');
  await cut(3, { left: 949, top: 140, width: 480, height: 720 }, 'lukasz.wisniewski.jpg');
  await cut(4, { left: 878, top: 60, width: 400, height: 600 }, 'mary-jane.smith-jones.jpg');
  await cut(1, { left: 0, top: 0, width: 1920, height: 1280 }, 'siobhan.obrien.jpg');
  const plain = (hex: string) =>
    sharp({ create: { width: 600, height: 900, channels: 3, background: hex } })
      .jpeg()
      .toBuffer();
  await writeFile(path.join(folder, 'chris.lee.jpg'), await plain('#8a9bb0'));
  await writeFile(path.join(folder, 'dana.newhire.jpg'), await plain('#b08a8a'));
}

async function writeRoster(file: string): Promise<void> {
  const lines = ['Name,Email,Employee ID', ...ROSTER.map((r) => `${r.name},${r.email},${r.employeeId}`)];
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
}

async function answerDialogs(
  request: APIRequestContext,
  answers: { folder?: string | null; file?: string | null },
): Promise<void> {
  for (const [key, value] of Object.entries(answers)) {
    const r = await request.post(`/__headshot/test/dialog-${key}`, { data: { [key]: value } });
    expect(r.ok(), await r.text()).toBe(true);
  }
}

/** Waits until every preview of the open import is made (the banner goes away). */
async function previewsDone(page: Page): Promise<void> {
  await expect(page.getByTestId('review-previews')).toHaveCount(0, { timeout: 90_000 });
}

const problems: string[] = [];
let work: string;
let harnessFolder: string | null = null;
test.beforeEach(async ({ page, request }) => {
  await prepare(page, request, problems);
  work = await mkdtemp(path.join(os.tmpdir(), 'headshot-prepare-e2e-'));
  const r = await request.post('/__headshot/test/dialog-folder', { data: { folder: null } });
  harnessFolder = ((await r.json()) as { previous: string | null }).previous;
});
test.afterEach(async ({ request }) => {
  await answerDialogs(request, { folder: harnessFolder, file: null });
  await rm(work, { recursive: true, force: true });
  expect(problems).toEqual([]);
});

const checkScreen = screenChecker(screenshotsDir('prepare'));

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  const at = `${size.width}x${size.height}`;

  test(`at ${at}: a photographer prepares a package, the admin imports it`, async ({ page, request }) => {
    test.setTimeout(300_000);
    const shoot = path.join(work, 'shoot');
    const roster = path.join(work, 'roster.csv');
    const out = path.join(work, 'out');
    await writeShoot(shoot);
    await writeRoster(roster);
    await mkdir(out);

    await page.setViewportSize(size);
    await page.goto('/');
    expect((await page.evaluate(() => window.headshot!.session.signOut())).ok).toBe(true);
    await page.reload();

    // The photographer: no sign-in.
    await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeVisible();
    await checkScreen(page, `prepare-signin-${at}`);
    const enter = page.getByRole('button', { name: 'Prepare photos for an admin — no sign-in' });
    await enter.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Prepare photos', level: 2 })).toBeVisible();
    const match = page.getByRole('button', { name: 'Match to roster' });
    await expect(match).toBeDisabled();

    await answerDialogs(request, { folder: shoot, file: roster });
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByTestId('prepare-folder')).toHaveText(shoot);
    // Keyboard: the roster picker and the start are reachable and work with Enter.
    await page.getByRole('button', { name: 'Choose roster…' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('prepare-roster')).toHaveText(roster);
    await expect(match).toBeEnabled();
    await checkScreen(page, `prepare-start-${at}`, match);
    await match.focus();
    await page.keyboard.press('Enter');

    // Review: every photo matched to its roster row, the face checks shown like the other warnings.
    await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 30_000 });
    await previewsDone(page);
    for (const file of ['zoe.muller.jpg', 'lukasz.wisniewski.jpg', 'mary-jane.smith-jones.jpg']) {
      await expect(row(page, file)).toContainText('Ready');
    }
    await expect(row(page, 'siobhan.obrien.jpg')).toContainText('Several faces');
    await expect(row(page, 'chris.lee.jpg')).toContainText('No face found');

    // The crop editor draws the face Headshot found and frames it on request.
    await row(page, 'zoe.muller.jpg').click();
    const details = page.getByRole('complementary', { name: 'Details for zoe.muller.jpg' });
    await expect(details).toBeVisible();
    await expect(details.getByTestId('crop-face-box')).toBeVisible();
    await details.getByRole('button', { name: 'Frame the face', exact: true }).click();
    await expect(details.getByRole('combobox', { name: 'Crop' })).toHaveText('Frame the face (recommended)');
    await page.getByRole('toolbar').getByRole('button', { name: 'Re-frame all' }).click();
    // Away from the button, so its tooltip closes before the picture.
    await page.mouse.move(0, 0);
    await page.getByRole('heading', { name: 'Review', level: 2 }).focus();
    const toExport = page.getByRole('button', { name: /^Export package \(\d+ photos?\)$/ });
    await expect(toExport).toBeEnabled();
    await checkScreen(page, `prepare-review-${at}`, toExport);
    await expect(toExport).toHaveText('Export package (6 photos)');
    await toExport.click();

    // Export: a .zip with the originals (so the admin can re-crop from the full picture).
    await expect(page.getByRole('heading', { name: 'Export package', level: 2 })).toBeVisible();
    const exportButton = page
      .getByRole('region', { name: 'Export package actions' })
      .getByRole('button', { name: 'Export package', exact: true });
    await expect(exportButton).toBeDisabled();
    await expect(page.getByTestId('export-coverage')).toHaveText(
      '6 photos for 6 of the 7 people on the roster. 1 still has none: the package lists them for the admin.',
    );
    await answerDialogs(request, { folder: out });
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByTestId('export-folder')).toHaveText(out);
    await page.getByRole('switch', { name: /Include the original photos/ }).check();
    await page.getByRole('textbox', { name: /Made by/ }).fill('Northwind Studio');
    await expect(exportButton).toBeEnabled();
    await checkScreen(page, `prepare-export-${at}`, exportButton);
    await exportButton.click();
    const result = page.getByTestId('export-result');
    await expect(result).toContainText('Package saved with 6 photos.', { timeout: 90_000 });
    await expect(page.getByTestId('export-missing')).toContainText('Still missing a photo (1)');
    await expect(page.getByTestId('export-missing')).toContainText('Søren Østergaard');
    await expect(page.getByRole('region', { name: 'Warnings in the package' })).toContainText(
      'Several faces',
    );
    await checkScreen(page, `prepare-exported-${at}`);
    const zip = path.join(
      out,
      (await readdir(out)).find((f) => f.endsWith('.zip'))!,
    );

    // The same package as a folder, for the admin's second import.
    await page.getByRole('radio', { name: 'A folder' }).check();
    await exportButton.click();
    await expect(result).toContainText('Package saved with 6 photos.', { timeout: 90_000 });
    const folderName = (await readdir(out)).find((f) => !f.endsWith('.zip'))!;
    const packageFolder = path.join(out, folderName);

    // Leave Prepare mode: back to Sign in.
    await page.getByRole('navigation').getByRole('button', { name: 'Leave Prepare mode' }).click();

    // The admin sees the package's own file names (the manifest's, the same in the .zip and the folder).
    const manifest = JSON.parse(await readFile(path.join(packageFolder, 'manifest.json'), 'utf8')) as {
      photos: { file: string; sourceName: string }[];
    };
    const packaged = (sourceName: string) => manifest.photos.find((p) => p.sourceName === sourceName)!.file;

    // The admin: the demo tenant, the .zip on Import.
    await signInToDemo(page, request);
    await answerDialogs(request, { file: zip });
    await page.getByRole('button', { name: 'Choose package .zip…' }).click();
    await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 30_000 });
    await previewsDone(page);
    await expect(row(page, packaged('zoe.muller.jpg'))).toContainText('Ready');
    await expect(row(page, packaged('dana.newhire.jpg'))).toContainText('Unmatched');
    // The photographer's crop arrives as the row's crop, drawn in the editor.
    await row(page, packaged('zoe.muller.jpg')).click();
    const adminDetails = page.getByRole('complementary', {
      name: `Details for ${packaged('zoe.muller.jpg')}`,
    });
    const adminCrop = adminDetails.getByRole('combobox', { name: 'Crop' });
    await expect(adminCrop).toHaveText('Custom (drawn below)');
    await adminCrop.scrollIntoViewIfNeeded();
    await checkScreen(page, `prepare-admin-review-${at}`);

    // The folder, with one photo changed by a byte after packaging: that file is refused, the rest go on.
    const tampered = packaged('lukasz.wisniewski.jpg');
    const bytes = await readFile(path.join(packageFolder, tampered));
    const flip = bytes.length - 3;
    bytes[flip] = bytes[flip]! ^ 0xff;
    await writeFile(path.join(packageFolder, tampered), bytes);
    await nav(page, 'Import').click();
    await answerDialogs(request, { folder: packageFolder });
    await page.getByRole('button', { name: 'Choose folder…' }).click();
    await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 30_000 });
    await previewsDone(page);
    const refused = page.getByRole('row').filter({ hasText: /changed since it was packaged/ });
    await expect(refused.first()).toContainText('Skipped');
    await expect(row(page, packaged('mary-jane.smith-jones.jpg'))).toContainText('Ready');

    // Nothing that names nobody goes up: exclude the newcomer, then a test run.
    await page.getByRole('checkbox', { name: `Select ${packaged('dana.newhire.jpg')}` }).check();
    await page.getByRole('toolbar').getByRole('button', { name: 'Exclude', exact: true }).click();
    await expect(row(page, packaged('dana.newhire.jpg'))).toContainText('Excluded');
    await page.getByRole('toolbar').getByRole('button', { name: 'Clear', exact: true }).click();
    await page.mouse.move(0, 0);
    const upload = uploadButton(page);
    await expect(upload).toBeEnabled();
    await checkScreen(page, `prepare-admin-refused-${at}`, upload);
    const users = Number(/Upload (\d+) users?/.exec((await upload.textContent()) ?? '')?.[1]);
    expect(users).toBeGreaterThan(0);
    await upload.click();
    await page.getByRole('button', { name: `Start test run for ${users} users` }).click();
    await expect(page.getByText(/^Run finished/)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('stage-Would upload')).toHaveText(String(users));
  });
}
