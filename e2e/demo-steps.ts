/**
 * Steps and views of the demo tenant shared by the harness specs (flow, laptop, run-control): the tenant's photos
 * as the harness's test-only endpoint reports them, navigation, review rows, resolving what blocks the Upload
 * button in the demo's sample folder, and the per-screen check (axe in light and dark, and a screenshot).
 */
import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, type Locator, type Page, expect } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAND_IN_PATH } from './harness/wire';

export interface DemoState {
  photos: { id: string; upn: string; sha256: string | null; served?: string | null }[] | null;
  extras: { ambiguous: string; conflict: [string, string]; unmatched: string; mapped: string } | null;
}

export async function demoState(request: APIRequestContext, served = false): Promise<DemoState> {
  const response = await request.get(`/__headshot/demo/photos${served ? '?served=1' : ''}`);
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as DemoState;
}

export const photoMap = (s: DemoState) => new Map((s.photos ?? []).map((p) => [p.upn, p.sha256]));

/** The UPNs whose photo differs between two states. */
export function changed(a: DemoState, b: DemoState): string[] {
  const before = photoMap(a);
  return [...photoMap(b)]
    .filter(([upn, sha]) => before.get(upn) !== sha)
    .map(([upn]) => upn)
    .sort();
}

/**
 * Adds the harness's preload stand-in to the page and collects page errors and console errors into `problems`
 * (each spec asserts it is empty after every test).
 */
export async function prepare(page: Page, request: APIRequestContext, problems: string[]): Promise<void> {
  problems.length = 0;
  await page.addInitScript({ content: await (await request.get(STAND_IN_PATH)).text() });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
}

export const nav = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('button', { name, exact: true });

export const row = (page: Page, file: string) =>
  page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: file, exact: true }) });

/** The Review screen's Upload button, whatever it says. */
export const uploadButton = (page: Page) =>
  page.getByRole('button', { name: /rows? needs? a decision|Upload \d+ users?/ });

/**
 * Demo sign-in from the Sign in screen (`press` the button: a click unless told otherwise); returns the tenant's
 * state before anything changed it.
 */
export async function signInToDemo(
  page: Page,
  request: APIRequestContext,
  press: (button: Locator) => Promise<void> = (button) => button.click(),
): Promise<DemoState> {
  await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeVisible();
  await press(page.getByRole('button', { name: 'Try the demo tenant' }));
  await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  const initial = await demoState(request, true);
  expect(initial.photos?.length).toBeGreaterThan(10);
  return initial;
}

/**
 * Review: pick chris.lee@contoso.com for the ambiguous file, let the retake win the conflict, and exclude the
 * camera file that names nobody. After this nothing blocks the Upload button.
 */
export async function resolveReview(page: Page, extras: NonNullable<DemoState['extras']>): Promise<void> {
  const details = page.getByRole('complementary');
  const open = async (file: string) => {
    await row(page, file).click();
    await expect(page.getByRole('complementary', { name: `Details for ${file}` })).toBeVisible();
  };
  await open(extras.ambiguous);
  await details.getByRole('button', { name: /^Use .*\(chris\.lee@contoso\.com\)$/ }).click();
  await expect(row(page, extras.ambiguous)).toContainText('Ready');

  await open(extras.conflict[1]);
  await details.getByRole('button', { name: /^Use this photo for / }).click();
  await expect(row(page, extras.conflict[1])).toContainText('Ready');
  await expect(row(page, extras.conflict[0])).toContainText('Excluded');

  await page.getByRole('checkbox', { name: `Select ${extras.unmatched}` }).check();
  await page.getByRole('toolbar').getByRole('button', { name: 'Exclude', exact: true }).click();
  await expect(row(page, extras.unmatched)).toContainText('Excluded');
}

/**
 * A per-screen check that saves its screenshots in `dir`: in light and dark, axe finds nothing, the `primary`
 * action (when given) is wholly inside the window, and a screenshot `<name>-<scheme>.png`.
 */
export function screenChecker(dir: string) {
  return async (page: Page, name: string, primary?: Locator): Promise<void> => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator(`[data-theme="${scheme}"]`)).toBeVisible();
      // Let Fluent's transitions (colours too, after a scheme switch) settle before measuring contrast and
      // taking pictures.
      await page.waitForTimeout(300);
      if (primary) {
        await expect(primary).toBeVisible();
        await expect(primary).toBeInViewport({ ratio: 1 });
      }
      // Fluent's focus manager (Tabster) adds aria-hidden <i tabindex=0 data-tabster-dummy> guards around focus
      // zones on purpose: they forward focus, never keep it, so axe's aria-hidden-focus rule does not apply.
      const axe = await new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
      expect(
        axe.violations.map(
          (v) => `${scheme} ${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([]);
      await page.screenshot({ path: path.join(dir, `${name}-${scheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
}

/** Where a spec saves its screenshots: HEADSHOT_SCREENSHOTS_DIR (npm run screenshots), else test-results/screens/<spec>. */
export function screenshotsDir(spec: string): string {
  return process.env.HEADSHOT_SCREENSHOTS_DIR
    ? path.resolve(process.env.HEADSHOT_SCREENSHOTS_DIR)
    : fileURLToPath(new URL(`../test-results/screens/${spec}/`, import.meta.url));
}

/** Slows every Graph request of the demo tenant by `ms` (harness only). */
export async function setLatency(request: APIRequestContext, ms: number): Promise<void> {
  const response = await request.post(`/__headshot/demo/latency?ms=${ms}`);
  expect(response.ok(), await response.text()).toBe(true);
}

/** Scripts the demo tenant's faults (the emulator's FaultRule[], paths as strings; [] clears them). */
export async function setFaults(request: APIRequestContext, rules: unknown[]): Promise<void> {
  const response = await request.post('/__headshot/demo/faults', { data: rules });
  expect(response.ok(), await response.text()).toBe(true);
}
