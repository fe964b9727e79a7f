/**
 * Steps and views of the demo tenant shared by the harness specs (flow.spec.ts, run-control.spec.ts): the
 * tenant's photos as the harness's test-only endpoint reports them, navigation, review rows, and resolving what
 * blocks the Upload button in the demo's sample folder.
 */
import { type APIRequestContext, type Page, expect } from '@playwright/test';
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

/** Demo sign-in from the Sign in screen; returns the tenant's state before anything changed it. */
export async function signInToDemo(page: Page, request: APIRequestContext): Promise<DemoState> {
  await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeVisible();
  await page.getByRole('button', { name: 'Try the demo tenant' }).click();
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
  await row(page, extras.ambiguous).click();
  const details = page.getByRole('complementary');
  await details.getByRole('button', { name: /^Use .*\(chris\.lee@contoso\.com\)$/ }).click();
  await expect(row(page, extras.ambiguous)).toContainText('Ready');

  await row(page, extras.conflict[1]).click();
  await details.getByRole('button', { name: /^Use this photo for / }).click();
  await expect(row(page, extras.conflict[1])).toContainText('Ready');
  await expect(row(page, extras.conflict[0])).toContainText('Excluded');

  await page.getByRole('checkbox', { name: `Select ${extras.unmatched}` }).check();
  await page.getByRole('toolbar').getByRole('button', { name: 'Exclude', exact: true }).click();
  await expect(row(page, extras.unmatched)).toContainText('Excluded');
}
