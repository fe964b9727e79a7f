/**
 * Small windows and the keyboard, in Chromium against the demo tenant (the real built renderer over the harness).
 * At 1024 x 700 (the smallest window) and 1440 x 900, light and dark, the whole flow with the keyboard alone:
 * sign in, import, Review (Tab to the grid, arrows, Enter opens the side panel, choose a candidate, the focus
 * comes back to the next row, Escape closes), the Upload lifecycle (plan, test run, the real run confirmed with
 * the tenant's name and count, Microsoft 365 throttling said in words, the outcome and its next step), the report
 * and roll back. On every screen the way forward is inside the window; the Review table is the only thing that
 * scrolls and keeps every column, the side panel leaves it its width. axe runs on every screen; screenshots go to
 * test-results/screens/laptop/ (or HEADSHOT_SCREENSHOTS_DIR, through `npm run screenshots`).
 */
import { type Locator, type Page, expect, test } from '@playwright/test';
import {
  changed,
  demoState,
  nav,
  prepare,
  row,
  screenChecker,
  screenshotsDir,
  setFaults,
  signInToDemo,
  uploadButton,
} from './demo-steps';

const problems: string[] = [];

test.beforeEach(async ({ page, request }) => prepare(page, request, problems));

test.afterEach(() => expect(problems).toEqual([]));

const checkScreen = screenChecker(screenshotsDir('laptop'));

/** The file of the row the keyboard is on (the grid's aria-activedescendant; its checkbox names the file). */
async function currentFile(grid: Locator): Promise<string> {
  return grid.evaluate((el) => {
    const id = el.getAttribute('aria-activedescendant');
    const box = id ? document.getElementById(id)?.querySelector('input[type="checkbox"]') : null;
    return box?.getAttribute('aria-label')?.replace(/^Select /, '') ?? '';
  });
}

/** From the top of the grid, ArrowDown until the keyboard is on the row of `file`. */
async function arrowTo(page: Page, grid: Locator, file: string) {
  await expect(grid).toBeFocused();
  await page.keyboard.press('Home');
  for (let i = 0; i < 80; i++) {
    if ((await currentFile(grid)) === file) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`The keyboard never reached the row of ${file}`);
}

/** Presses Tab until `target` has the focus (at most `max` times); returns how many Tabs it took. */
async function tabTo(page: Page, target: Locator, max: number): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return i;
  }
  throw new Error(`${max} Tabs did not reach ${target.toString()}`);
}

/** Tab to `target` (at most `max` Tabs), then Enter: a button pressed with the keyboard alone. */
async function pressWithKeyboard(page: Page, target: Locator, max: number) {
  await tabTo(page, target, max);
  await page.keyboard.press('Enter');
}

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  const at = `${size.width}x${size.height}`;

  test(`at ${at}: the way forward stays in view, and Review works with the keyboard alone`, async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await page.goto('/');
    // The harness keeps one set of services for every spec: start signed out, whatever ran before.
    expect((await page.evaluate(() => window.headshot!.session.signOut())).ok).toBe(true);
    await page.reload();
    // Sign in, with the keyboard: the focus starts on the screen's heading.
    await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeFocused();
    const initial = await signInToDemo(page, request, (button) => pressWithKeyboard(page, button, 20));
    const extras = initial.extras!;

    // Import: "Scan and match" sits in the action bar at the bottom of the window.
    await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeFocused();
    await pressWithKeyboard(page, page.getByRole('button', { name: 'Use the demo’s sample photos' }), 20);
    await expect(page.getByTestId('import-mapping')).toContainText('mapping.csv');
    const scan = page.getByRole('button', { name: 'Scan and match' });
    await checkScreen(page, `laptop-${at}-import`, scan);
    await pressWithKeyboard(page, scan, 20);

    // Review: the focus is on the new screen's heading, the Upload button is in view, and only the table
    // scrolls (the page itself does not).
    const heading = page.getByRole('heading', { name: 'Review', level: 2 });
    await expect(heading).toBeVisible({ timeout: 60_000 });
    await expect(heading).toBeFocused();
    const grid = page.getByRole('grid', { name: 'Photos to review' });
    await expect(row(page, extras.ambiguous)).toContainText('Needs attention');
    const upload = uploadButton(page);
    await checkScreen(page, `laptop-${at}-review`, upload);
    const main = page.getByRole('main');
    expect(await main.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(1);
    // Every column fits: Status and Why are not cut off.
    for (const column of ['File', 'User', 'Status', 'Why'])
      await expect(grid.getByRole('columnheader', { name: column, exact: true })).toBeInViewport({
        ratio: 1,
      });

    // The keyboard: from the heading, Tab reaches the grid in a few steps (the row checkboxes are no Tab stops).
    expect(await tabTo(page, grid, 12)).toBeLessThanOrEqual(12);

    // The ambiguous file: Enter opens the side panel, Tab to the right Chris Lee, Enter chooses him.
    await arrowTo(page, grid, extras.ambiguous);
    await page.keyboard.press('Enter');
    const details = page.getByRole('complementary', { name: `Details for ${extras.ambiguous}` });
    await expect(details).toBeVisible();
    // The side panel leaves the table its width (a drawer over it in a small window) and stays in the window.
    const gridBox = await grid.boundingBox();
    expect(gridBox!.width).toBeGreaterThan(600);
    const detailsBox = await details.boundingBox();
    expect(detailsBox!.x + detailsBox!.width).toBeLessThanOrEqual(size.width + 1);
    await expect(upload).toBeInViewport({ ratio: 1 });
    await checkScreen(page, `laptop-${at}-review-panel`, upload);
    // checkScreen leaves the focus where it was: in the grid.
    await expect(grid).toBeFocused();
    const chris = details.getByRole('button', { name: /^Use .*\(chris\.lee@contoso\.com\)$/ });
    await tabTo(page, chris, 10);
    await page.keyboard.press('Enter');
    await expect(row(page, extras.ambiguous)).toContainText('Ready');
    // The focus comes back to the table, on the next row.
    await expect(grid).toBeFocused();
    expect(await currentFile(grid)).not.toBe(extras.ambiguous);

    // The conflict: the retake wins.
    await arrowTo(page, grid, extras.conflict[1]);
    await page.keyboard.press('Enter');
    const conflict = page.getByRole('complementary', { name: `Details for ${extras.conflict[1]}` });
    await expect(conflict).toBeVisible();
    await tabTo(page, conflict.getByRole('button', { name: /^Use this photo for / }), 10);
    await page.keyboard.press('Enter');
    await expect(row(page, extras.conflict[1])).toContainText('Ready');
    await expect(row(page, extras.conflict[0])).toContainText('Excluded');
    await expect(grid).toBeFocused();

    // The camera file that names nobody: Space selects the current row; exclude it from the side panel.
    await arrowTo(page, grid, extras.unmatched);
    await page.keyboard.press('Space');
    await expect(page.getByRole('toolbar').getByText('1 selected')).toBeVisible();
    await page.keyboard.press('Space');
    await expect(page.getByRole('toolbar').getByText('No rows selected')).toBeVisible();
    await page.keyboard.press('Enter');
    const unmatched = page.getByRole('complementary', { name: `Details for ${extras.unmatched}` });
    await expect(unmatched).toBeVisible();
    await tabTo(page, unmatched.getByRole('button', { name: 'Exclude this photo' }), 15);
    await page.keyboard.press('Enter');
    await expect(row(page, extras.unmatched)).toContainText('Excluded');
    await expect(grid).toBeFocused();

    // Escape closes the side panel; the focus stays in the table.
    await expect(page.getByRole('complementary')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('complementary')).toHaveCount(0);
    await expect(grid).toBeFocused();

    // Nothing blocks the upload now; Tab reaches it from the grid, and Enter opens the Upload screen with the
    // focus on its heading.
    await expect(upload).toBeEnabled();
    await expect(upload).toBeInViewport({ ratio: 1 });
    await tabTo(page, upload, 3);
    await page.keyboard.press('Enter');
    const uploadHeading = page.getByRole('heading', { name: 'Upload', level: 2 });
    await expect(uploadHeading).toBeVisible();
    await expect(uploadHeading).toBeFocused();

    // Before: the plan names the users and the tenant; a test run is the first way forward.
    const plan = page.getByTestId('upload-plan');
    await expect(plan).toHaveText(/^\d+ users to update in Contoso \(Headshot demo tenant\)$/);
    const users = Number(/^(\d+)/.exec((await plan.textContent()) ?? '')?.[1]);
    const testRun = page.getByRole('button', { name: `Start test run for ${users} users` });
    await checkScreen(page, `laptop-${at}-upload`, testRun);
    await pressWithKeyboard(page, testRun, 6);

    // After the test run: its outcome and the next step, the real upload; the focus is on the run's state (the
    // start button went away), not on the page's body.
    const runTitle = page.locator('#run-title');
    await expect(runTitle).toHaveText(/^Run finished/, { timeout: 60_000 });
    await expect(runTitle).toBeFocused();
    await expect(page.getByTestId('run-outcome')).toContainText('Test run finished');
    expect(changed(initial, await demoState(request))).toEqual([]);
    const real = page.getByRole('button', { name: 'Run the real upload' });
    await expect(page.getByRole('button', { name: /^Start test run/ })).toHaveCount(0);
    await checkScreen(page, `laptop-${at}-upload-tested`, real);

    // Microsoft 365 throttles: the first photo writes are refused with a Retry-After of 10 s.
    await setFaults(request, [
      {
        method: 'PUT',
        path: '/users/*/photo/$value',
        times: 2,
        action: { type: 'status', status: 429, retryAfter: 10 },
      },
    ]);
    // The real run asks first, naming the tenant and the count.
    await pressWithKeyboard(page, real, 6);
    const confirm = page.getByRole('dialog');
    await expect(confirm).toContainText(
      `Replace the photos of ${users} users in Contoso (Headshot demo tenant)?`,
    );
    await pressWithKeyboard(page, confirm.getByRole('button', { name: `Replace ${users} photos` }), 4);

    // During: the wait is said in words, with how long, beside the counts; Cancel is in the window.
    const throttled = page.getByTestId('run-throttled');
    await expect(throttled).toContainText(
      /Microsoft 365 is throttling requests; Headshot is waiting \d+ s(econds?)? and will continue/,
      { timeout: 30_000 },
    );
    await expect(runTitle).toBeFocused();
    await checkScreen(
      page,
      `laptop-${at}-upload-throttled`,
      page.getByRole('button', { name: 'Cancel', exact: true }),
    );
    await expect(page.getByTestId('stage-Uploaded')).toHaveText(String(users), { timeout: 90_000 });
    await setFaults(request, []);
    await expect(throttled).toHaveCount(0);
    expect(changed(initial, await demoState(request))).toHaveLength(users);

    // After the real run: the outcome, the report as the way forward and roll back; nothing re-armed.
    await expect(runTitle).toBeFocused();
    await expect(page.getByTestId('run-outcome')).toContainText(`Uploaded ${users} photos to Contoso`);
    await expect(page.getByRole('button', { name: /^Upload \d+ photos$/ })).toHaveCount(0);
    const seeReport = page.getByRole('button', { name: 'See the report' });
    await checkScreen(page, `laptop-${at}-upload-done`, seeReport);
    await pressWithKeyboard(page, seeReport, 6);

    // The report: every user uploaded; roll back from the keyboard puts the photos back.
    await expect(page.getByRole('heading', { name: 'Upload report' })).toBeVisible();
    await expect(page.getByTestId('report-summary')).toContainText(`${users} uploaded`);
    const rollBack = page.getByRole('button', { name: 'Roll back this run' });
    await checkScreen(page, `laptop-${at}-report`, rollBack);
    await pressWithKeyboard(page, rollBack, 40);
    await pressWithKeyboard(
      page,
      page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }),
      4,
    );
    await expect(page.getByRole('heading', { name: 'Roll back report' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('report-summary')).toContainText(`${users} restored`);

    // History and Settings at this size too.
    await nav(page, 'History').click();
    await expect(page.getByRole('heading', { name: 'History', level: 2 })).toBeFocused();
    await checkScreen(page, `laptop-${at}-history`);
    await nav(page, 'Settings').click();
    await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeFocused();
    await checkScreen(page, `laptop-${at}-settings`);
  });
}
