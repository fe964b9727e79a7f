/**
 * The whole desktop flow in Chromium against the demo tenant: the real built renderer, the real IPC handlers and
 * services over the harness WebSocket, the real emulator. demo sign-in -> import the sample folder and mapping
 * CSV -> resolve an ambiguous match and a conflict -> adjust a crop -> dry run -> upload -> report -> roll back.
 * The emulator's photos are checked at every step, axe runs on every screen, and each screen is saved in light
 * and dark to test-results/screens/flow/ (to docs/screenshots/ only through `npm run screenshots`, so running the
 * tests leaves the work tree clean).
 */
import { expect, test } from '@playwright/test';
import {
  changed,
  demoState,
  nav,
  photoMap,
  prepare,
  resolveReview,
  row,
  screenChecker,
  screenshotsDir,
  signInToDemo,
  uploadButton,
} from './demo-steps';

const problems: string[] = [];

test.beforeEach(async ({ page, request }) => prepare(page, request, problems));

test.afterEach(() => expect(problems).toEqual([]));

const checkScreen = screenChecker(screenshotsDir('flow'));

test('the demo flow, end to end', async ({ page, request }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');

  // Sign in: the demo tenant.
  await expect(page.getByRole('heading', { name: 'Sign in', level: 2 })).toBeVisible();
  await checkScreen(page, 'sign-in');
  const initial = await signInToDemo(page, request);
  const extras = initial.extras!;

  // Import the sample folder and its mapping CSV.
  await page.getByRole('button', { name: 'Use the demo’s sample photos' }).click();
  await expect(page.getByTestId('import-mapping')).toContainText('mapping.csv');
  await checkScreen(page, 'import');
  await page.getByRole('button', { name: 'Scan and match' }).click();
  await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 60_000 });

  // Review: nothing can upload while rows need a decision.
  const upload = uploadButton(page);
  await expect(upload).toBeDisabled();
  await expect(row(page, extras.ambiguous)).toContainText('Needs attention');
  await expect(row(page, extras.conflict[0])).toContainText('Conflict');
  await expect(row(page, extras.mapped)).toContainText('Mapping CSV');
  await checkScreen(page, 'review');

  // Resolve the ambiguous match (chris.lee@contoso.com among the two Chris Lees) and the conflict (the retake
  // wins), and exclude the camera file that names nobody.
  await resolveReview(page, extras);

  // Adjust a crop with the keyboard: zoom in and move right.
  await row(page, extras.mapped).click();
  const details = page.getByRole('complementary');
  const crop = details.getByRole('group', { name: `Crop of ${extras.mapped}` });
  await crop.focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await expect(details.getByRole('combobox', { name: 'Crop' })).toHaveText(/Custom/);
  await checkScreen(page, 'review-crop');

  await expect(upload).toBeEnabled();
  const usersToChange = Number(/Upload (\d+) users?/.exec((await upload.textContent()) ?? '')?.[1]);
  expect(usersToChange).toBeGreaterThan(5);
  await upload.click();

  // Dry run: everything but the writes.
  await expect(page.getByRole('heading', { name: 'Upload', level: 2 })).toBeVisible();
  await checkScreen(page, 'upload');
  await page.getByRole('button', { name: `Start test run for ${usersToChange} users` }).click();
  await expect(page.getByText(/^Run finished/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('stage-Would upload')).toHaveText(String(usersToChange));
  expect(changed(initial, await demoState(request))).toEqual([]);

  // The real upload: the next step after the test run, confirmed with the tenant's name and the count.
  await page.getByRole('button', { name: 'Run the real upload' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText(`Replace the photos of ${usersToChange} users in Contoso`);
  await confirm.getByRole('button', { name: `Replace ${usersToChange} photos` }).click();
  await expect(page.getByTestId('stage-Uploaded')).toHaveText(String(usersToChange), { timeout: 90_000 });
  await expect(page.getByText(/^Run finished/)).toBeVisible();
  await checkScreen(page, 'upload-done');
  const afterUpload = await demoState(request);
  const updated = changed(initial, afterUpload);
  expect(updated).toHaveLength(usersToChange);
  expect(updated).toContain('chris.lee@contoso.com');
  expect(updated).not.toContain('christopher.lee@contoso.com');

  // The report.
  await page.getByRole('button', { name: 'See the report' }).click();
  await expect(page.getByRole('heading', { name: 'Upload report' })).toBeVisible();
  await expect(page.getByTestId('report-summary')).toContainText(`${usersToChange} uploaded`);
  await checkScreen(page, 'report');

  // Roll back: the tenant returns to its photos before the run.
  await page.getByRole('button', { name: 'Roll back this run' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Roll back report' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('report-summary')).toContainText(`${usersToChange} restored`);
  // Every user the run changed holds again exactly what Graph served before the run (the backup); no one else
  // was touched.
  const afterRollBack = photoMap(await demoState(request));
  for (const p of initial.photos!) {
    expect(afterRollBack.get(p.upn), p.upn).toBe(updated.includes(p.upn) ? (p.served ?? null) : p.sha256);
  }

  // History lists both runs with the roll back.
  await nav(page, 'History').click();
  await expect(page.getByRole('table', { name: 'Past runs' }).getByRole('row')).toHaveCount(3);
  await expect(page.getByText('Rolled back: the previous photos are back.')).toBeVisible();
  await checkScreen(page, 'history');

  // The pre-flight found the permissions and role a run needs.
  await nav(page, 'Sign in').click();
  await expect(page.getByTestId('preflight-ok')).toBeVisible();

  await nav(page, 'Settings').click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 2 })).toBeVisible();
  await checkScreen(page, 'settings');
});
