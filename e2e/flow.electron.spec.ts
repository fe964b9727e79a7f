/**
 * The demo flow in the real Electron app, where an Electron binary exists (see electron.spec.ts for how it is
 * found; this spec skips with the same reason otherwise). The same steps as flow.spec.ts, checked through the UI
 * (the harness spec also checks the emulator's photos at each step).
 */
import { type ElectronApplication, type Page, _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary(): string | null {
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(
    process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(root, 'node_modules/electron/dist'),
    readFileSync(pathFile, 'utf8').trim(),
  );
  if (!existsSync(binary)) return null;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return null;
  return binary;
}

const binary = electronBinary();

test.describe('Electron: the demo flow', () => {
  test.skip(binary === null, 'no Electron binary or no display (see e2e/electron.spec.ts)');
  let app: ElectronApplication;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'headshot-electron-flow-'));
    app = await electron.launch({
      executablePath: binary!,
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, HEADSHOT_DEV_SERVER_URL: '', HEADSHOT_DATA_DIR: dataDir },
    });
  });
  test.afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const row = (page: Page, file: string) =>
    page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: file, exact: true }) });

  test('demo sign-in, import, resolve, crop, dry run, upload, report, roll back', async () => {
    test.setTimeout(240_000);
    const page = await app.firstWindow();
    await page.getByRole('button', { name: 'Try the demo tenant' }).click();
    await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Use the demo’s sample photos' }).click();
    await page.getByRole('button', { name: 'Scan and match' }).click();
    await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 60_000 });
    // Thumbnails come through the scoped headshot-image:// protocol.
    await expect(page.locator('img[src^="headshot-image://"]').first()).toBeVisible();

    const details = page.getByRole('complementary');
    await row(page, 'Chris Lee.jpg').click();
    await details.getByRole('button', { name: /^Use .*\(chris\.lee@contoso\.com\)$/ }).click();
    await page.getByRole('tab', { name: /^Conflicts/ }).click();
    await page.getByRole('row').nth(1).click();
    await details.getByRole('button', { name: /^Use this photo for / }).click();
    await page.getByRole('tab', { name: /^All/ }).click();
    await page.getByRole('checkbox', { name: 'Select IMG_0042.jpg' }).check();
    await page.getByRole('toolbar').getByRole('button', { name: 'Exclude', exact: true }).click();
    await row(page, 'Studio/session-07-frame-113.jpg').click();
    await details.getByRole('group', { name: /^Crop of / }).focus();
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');

    const upload = page.getByRole('button', { name: /^Upload \d+ users?$/ });
    await expect(upload).toBeEnabled();
    const n = Number(/(\d+)/.exec((await upload.textContent()) ?? '')?.[1]);
    await upload.click();

    await page.getByRole('button', { name: `Start test run for ${n} users` }).click();
    await expect(page.getByTestId('stage-Would upload')).toHaveText(String(n), { timeout: 60_000 });
    await page.getByRole('button', { name: 'Run the real upload' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: `Replace ${n} photos` })
      .click();
    await expect(page.getByTestId('stage-Uploaded')).toHaveText(String(n), { timeout: 90_000 });
    await page.getByRole('button', { name: 'See the report' }).click();
    await expect(page.getByTestId('report-summary')).toContainText(`${n} uploaded`);

    await page.getByRole('button', { name: 'Roll back this run' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Roll back report' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('report-summary')).toContainText(`${n} restored`);
  });
});
