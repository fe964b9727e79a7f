/**
 * The real app in Electron, where an Electron binary exists (developer machines; CI with the binary). Skips with
 * a printed reason otherwise: this repo installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1.
 * The binary is located without require('electron'), which would try to download it when missing.
 */
import { type ElectronApplication, _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function findElectron(): { path: string } | { reason: string } {
  const dir = path.join(root, 'node_modules/electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return {
      reason: `no Electron binary (${pathFile} missing: installed with ELECTRON_SKIP_BINARY_DOWNLOAD; \`npx install-electron\` or one \`npm start\` fetches it)`,
    };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  const binary = path.join(base, relative);
  if (!existsSync(binary)) return { reason: `no Electron binary at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: run under xvfb-run' };
  }
  return { path: binary };
}

const found = findElectron();
if ('reason' in found) console.log(`e2e/electron.spec.ts skipped: ${found.reason}`);

test.describe('Electron app', () => {
  test.skip('reason' in found, 'reason' in found ? found.reason : '');
  let app: ElectronApplication;

  test.beforeAll(async () => {
    app = await electron.launch({
      executablePath: (found as { path: string }).path,
      args: [root, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, HEADSHOT_DEV_SERVER_URL: '' },
    });
  });
  test.afterAll(async () => {
    await app?.close();
  });

  test('opens the hardened window on app://headshot with the bridge and no Node', async () => {
    const page = await app.firstWindow();
    await expect(page).toHaveTitle('Headshot');
    expect(page.url()).toBe('app://headshot/index.html');
    const globals = await page.evaluate(() => ({
      api: typeof window.headshot?.app.info,
      require: typeof (window as { require?: unknown }).require,
      process: typeof (window as { process?: unknown }).process,
      ipcRenderer: 'ipcRenderer' in (window.headshot ?? {}),
    }));
    expect(globals).toEqual({
      api: 'function',
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: false,
    });
  });

  test('IPC round trip and a job with progress and cancel', async () => {
    const page = await app.firstWindow();
    const info = await page.evaluate(() => window.headshot!.app.info());
    expect(info).toMatchObject({ ok: true, value: { runtime: 'electron', name: expect.any(String) } });
    await page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByRole('button', { name: 'Run test job' }).click();
    await expect(page.getByText(/^[1-9]\d* of 20 steps$/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('job-status')).toHaveText(/^Cancelled after \d+ of 20 steps\.$/);
  });

  test('blocks navigation away from the app and window.open', async () => {
    const page = await app.firstWindow();
    await page.evaluate(() => {
      window.open('https://example.com/');
      location.href = 'https://example.com/';
    });
    // A round trip after the attempts: the same page still answers, so nothing navigated it away.
    await expect(page.evaluate(() => window.headshot!.app.info())).resolves.toMatchObject({ ok: true });
    expect(page.url()).toBe('app://headshot/index.html');
    expect(app.windows()).toHaveLength(1);
  });
});
