/**
 * The shell in Chromium: the real built renderer, the real IPC handlers over the harness WebSocket.
 */
import { type Page, expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { IPC_PATH, STAND_IN_PATH } from './harness/wire';

const problems: string[] = [];

test.beforeEach(async ({ page, request }) => {
  problems.length = 0;
  // The stand-in for the preload runs before the app's scripts, as a preload would.
  const standIn = await (await request.get(STAND_IN_PATH)).text();
  await page.addInitScript({ content: standIn });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});

test.afterEach(() => {
  // No CSP violation, no uncaught error: the production bundle runs under the production policy.
  expect(problems).toEqual([]);
});

const nav = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('button', { name, exact: true });

test('renders the shell and navigates every screen', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Headshot');
  await expect(page.getByRole('heading', { name: 'Headshot', level: 1 })).toBeVisible();
  for (const label of ['Sign in', 'Import', 'Review', 'Upload', 'Report', 'History', 'Settings']) {
    await nav(page, label).click();
    await expect(nav(page, label)).toHaveAttribute('aria-current', 'page');
    // Each screen names itself in a heading (the feature screens may word it more fully).
    await expect(
      page
        .getByRole('main')
        .getByRole('heading', { name: new RegExp(label, 'i') })
        .first(),
    ).toBeVisible();
  }
});

test('IPC round trip: app:info through the real handler map', async ({ page }) => {
  await page.goto('/');
  await nav(page, 'Settings').click();
  const facts = page.getByTestId('app-info');
  await expect(facts).toContainText('Browser test harness');
  await expect(facts).toContainText('0.1.0');

  const result = await page.evaluate(() => window.headshot!.app.info());
  expect(result).toMatchObject({ ok: true, value: { name: 'Headshot', runtime: 'harness' } });
});

test('a job reports progress events keyed by its id, and cancels', async ({ page }) => {
  await page.goto('/');
  await nav(page, 'Settings').click();
  await page.getByRole('button', { name: 'Run test job' }).click();
  await expect(page.getByText(/^[1-9]\d* of 20 steps$/)).toBeVisible();
  await expect(page.getByTestId('job-status')).toHaveText('Running…');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('job-status')).toHaveText(/^Cancelled after \d+ of 20 steps\.$/);
  await expect(page.getByRole('button', { name: 'Run test job' })).toBeEnabled();

  // And through the bridge directly: every event carries the job id, progress is throttled, done comes last.
  const jobId = randomUUID();
  const run = await page.evaluate(async (id) => {
    const events: { channel: string; jobId: string; done?: number; status?: string; at: number }[] = [];
    const api = window.headshot!;
    const off1 = api.on('job:progress', (p) =>
      events.push({ channel: 'progress', jobId: p.jobId, done: p.done, at: performance.now() }),
    );
    const off2 = api.on('job:done', (d) =>
      events.push({ channel: 'done', jobId: d.jobId, status: d.status, at: performance.now() }),
    );
    const result = await api.demo.countdown({ jobId: id, steps: 40, intervalMs: 10 });
    off1();
    off2();
    return { result, events: events.filter((e) => e.jobId === id) };
  }, jobId);
  expect(run.result).toEqual({ ok: true, value: { steps: 40 } });
  const progress = run.events.filter((e) => e.channel === 'progress');
  expect(progress.at(-1)?.done).toBe(40);
  expect(progress.length).toBeLessThan(40); // 40 updates in ~400 ms arrive as ~5 events at 10 Hz
  expect(run.events.at(-1)).toMatchObject({ channel: 'done', status: 'succeeded' });
});

test('refuses payloads that fail their schema and links off the allowlist', async ({ page, request }) => {
  await page.goto('/');
  const results = await page.evaluate(async () => {
    const api = window.headshot!;
    const call = api.shell.openExternal as (input: unknown) => Promise<unknown>;
    return {
      badShape: await call({ href: 'https://learn.microsoft.com/' }),
      http: await api.shell.openExternal({ url: 'http://learn.microsoft.com/' }),
      evil: await api.shell.openExternal({ url: 'https://evil.example/' }),
      good: await api.shell.openExternal({ url: 'https://learn.microsoft.com/en-us/graph/' }),
      noIpcRenderer: 'ipcRenderer' in api || typeof (window as { require?: unknown }).require !== 'undefined',
    };
  });
  expect(results.badShape).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  expect(results.http).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  expect(results.evil).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  expect(results.good).toEqual({ ok: true, value: { opened: true } });
  expect(results.noIpcRenderer).toBe(false);
  const { opened } = (await (await request.get('/__headshot/opened')).json()) as { opened: string[] };
  expect(opened).toContain('https://learn.microsoft.com/en-us/graph/');
  expect(opened).not.toContain('https://evil.example/');
});

test('scans a chosen folder as a job: live counts keyed by job id, then the totals', async ({ page }) => {
  await page.goto('/');
  const run = await page.evaluate(async () => {
    const api = window.headshot!;
    const before = await api.library.scan({ jobId: crypto.randomUUID(), root: '/' });
    const chosen = await api.dialog.chooseFolder({ purpose: 'photos' });
    if (!chosen.ok || !chosen.value) throw new Error('no folder chosen');
    const jobId = crypto.randomUUID();
    const counts: Record<string, number>[] = [];
    const off = api.on('job:progress', (p) => {
      if (p.jobId === jobId) counts.push(p.counts);
    });
    const result = await api.library.scan({ jobId, root: chosen.value.path });
    off();
    return { before, result, counts, root: chosen.value.path };
  });
  expect(run.before).toMatchObject({ ok: false, error: { code: 'not-allowed' } }); // not a chosen folder
  expect(run.root).toContain('headshot-harness-');
  expect(run.result).toEqual({
    ok: true,
    value: {
      root: run.root,
      images: 3,
      skipped: 3,
      bytes: expect.any(Number),
      formats: { jpeg: 2, png: 1 },
      skippedByCode: { 'os-litter': 1, 'not-an-image': 1, 'empty-file': 1 },
    },
  });
  expect(run.counts.at(-1)).toEqual({ images: 3, skipped: 3 });
});

test('follows the OS colour scheme (screenshots in test-results/screens)', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await nav(page, 'Settings').click();
    await expect(page.getByTestId('app-info')).toBeVisible();
    await expect(page.locator('[data-theme]')).toHaveAttribute('data-theme', scheme);
    const background = await page.getByRole('main').evaluate((el) => getComputedStyle(el).backgroundColor);
    const [r = 0] = background.match(/\d+/g)?.map(Number) ?? [];
    expect(scheme === 'dark' ? r < 80 : r > 200, `${scheme} background ${background}`).toBe(true);
    await page.screenshot({ path: `test-results/screens/shell-${scheme}.png` });
  }
});

test('the harness refuses a WebSocket from another origin (its sender check)', async ({ baseURL }) => {
  const wsUrl = `${baseURL!.replace(/^http/, 'ws')}${IPC_PATH}`;
  const attempt = (origin: string) =>
    new Promise<string>((resolve) => {
      const socket = new WebSocket(wsUrl, { origin });
      socket.on('open', () => {
        socket.close();
        resolve('open');
      });
      socket.on('error', (error) => resolve(error.message));
    });
  await expect(attempt('http://evil.example')).resolves.toContain('403');
  await expect(attempt(baseURL!)).resolves.toBe('open');
});
