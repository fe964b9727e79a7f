/**
 * The People screen in Chromium against the demo tenant (the real built renderer, the real handlers, the real
 * emulator), at 1024 x 700 and 1440 x 900, light and dark: the inventory says what the tenant holds, the summary
 * and tabs filter it, the missing-photo list is saved, two users' photos are exported, then removed (a test run
 * first, then for real, confirmed with the tenant and the count) and rolled back byte for byte. axe runs on every
 * screen; screenshots go to test-results/screens/people/ (or HEADSHOT_SCREENSHOTS_DIR).
 */
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { demoState, nav, photoMap, prepare, screenChecker, screenshotsDir, signInToDemo } from './demo-steps';

const problems: string[] = [];
let ownFolder: string;
let harnessFolder: string | null = null;
// The lists and photos this spec saves go to a folder of its own, not the one the other specs scan.
test.beforeEach(async ({ page, request }) => {
  await prepare(page, request, problems);
  ownFolder = await mkdtemp(path.join(os.tmpdir(), 'headshot-people-e2e-'));
  const r = await request.post('/__headshot/test/dialog-folder', { data: { folder: ownFolder } });
  expect(r.ok(), await r.text()).toBe(true);
  harnessFolder = ((await r.json()) as { previous: string | null }).previous;
});
test.afterEach(async ({ request }) => {
  await request.post('/__headshot/test/dialog-folder', { data: { folder: harnessFolder } });
  await rm(ownFolder, { recursive: true, force: true });
  expect(problems).toEqual([]);
});

const checkScreen = screenChecker(screenshotsDir('people'));

for (const size of [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
]) {
  const at = `${size.width}x${size.height}`;

  test(`at ${at}: inventory, missing-photo list, export, removal and its roll back`, async ({
    page,
    request,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(size);
    await page.goto('/');
    expect((await page.evaluate(() => window.headshot!.session.signOut())).ok).toBe(true);
    await page.reload();
    const initial = await signInToDemo(page, request);
    const before = photoMap(initial);
    // What Graph serves of each photo (what an export downloads and a backup keeps).
    const served = new Map((initial.photos ?? []).map((p) => [p.upn, p.served ?? p.sha256]));

    await nav(page, 'People').click();
    const heading = page.getByRole('heading', { name: 'People', level: 2 });
    await expect(heading).toBeFocused();
    await page.getByRole('button', { name: 'Load the inventory' }).click();
    // Every photo is read the first time; a Refresh takes them from the cache.
    const loadedAt = page.getByTestId('loaded-at');
    await expect(loadedAt).toContainText(/read .*: \d+ from Microsoft 365, 0 from the cache/, {
      timeout: 60_000,
    });
    const total = Number(/: (\d+) from Microsoft 365/.exec((await loadedAt.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(loadedAt).toContainText(`: 0 from Microsoft 365, ${total} from the cache`, {
      timeout: 60_000,
    });
    const grid = page.getByRole('grid', { name: 'Users and their photos' });

    // What the list says is what the tenant holds: one user without a photo, one with.
    const withoutUpn = [...before].find(([, sha]) => sha === null)![0];
    const withUpn = [...before].find(([upn, sha]) => sha !== null && upn.endsWith('@contoso.com'))![0];
    const search = page.getByRole('searchbox', { name: /Search/ });
    await search.fill(withoutUpn);
    await expect(grid.getByRole('row', { name: new RegExp(withoutUpn) })).toContainText('No photo');
    await search.fill(withUpn);
    await expect(grid.getByRole('row', { name: new RegExp(withUpn) })).not.toContainText('No photo');
    await search.fill('');
    await checkScreen(page, `people-${at}`, page.getByRole('button', { name: /^Export photos of / }));

    // The tabs are the summary: "No photo" shows those users; the missing-photo list is saved for the photographer.
    await page.getByRole('tab', { name: /^No photo \(\d+\)$/ }).click();
    await expect(page.getByRole('tab', { name: /^No photo \(\d+\)$/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await page.getByRole('button', { name: /^Missing-photo list \(\d+\)…$/ }).click();
    await expect(page.getByText(/^Saved the list of \d+ users to .*headshot-missing-photos-/)).toBeVisible();

    // Two users with a photo: export them, then remove their photos.
    await page.getByRole('tab', { name: /^With a photo/ }).click();
    const boxes = grid.getByRole('checkbox', { name: /^Select (?!all)/ });
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByRole('button', { name: 'Export photos of 2 selected…' }).click();
    const exportDialog = page.getByRole('dialog');
    await exportDialog.getByRole('button', { name: 'Choose folder…' }).click();
    await checkScreen(
      page,
      `people-${at}-export`,
      exportDialog.getByRole('button', { name: 'Export 2 photos' }),
    );
    await exportDialog.getByRole('button', { name: 'Export 2 photos' }).click();
    // Exported now or by the run at the other size (the same seeded photos): either way byte for byte.
    const exportSummary = page.getByTestId('export-summary');
    await expect(exportSummary).toContainText(/^Exported \d, unchanged \d, no photo 0, failed 0/, {
      timeout: 30_000,
    });
    const [, exportedN, unchangedN, folder] =
      /^Exported (\d), unchanged (\d), .* are in (.+)\.$/.exec((await exportSummary.textContent()) ?? '') ??
      [];
    expect(Number(exportedN) + Number(unchangedN)).toBe(2);
    const manifest = (await readFile(path.join(folder!, 'headshot-export.csv'), 'utf8')).split(/\r\n/);
    const rows = manifest.slice(1).filter((l) => /"(exported|unchanged)"/.test(l));
    expect(rows).toHaveLength(2);
    for (const line of rows) {
      const [, upn, file] = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      const sha = createHash('sha256')
        .update(await readFile(path.join(folder!, file!)))
        .digest('hex');
      expect(sha, upn).toBe(served.get(upn!));
    }

    await page.getByRole('button', { name: 'Remove photos of 2 selected…' }).click();
    const removeDialog = page.getByRole('dialog');
    await expect(removeDialog).toContainText(
      'Remove the photos of 2 users in Contoso (Headshot demo tenant)?',
    );
    await expect(removeDialog.getByTestId('remove-consequence')).toContainText(
      '2 users lose their profile photo',
    );
    await checkScreen(
      page,
      `people-${at}-remove`,
      removeDialog.getByRole('button', { name: /^Remove 2 photos|^Test/ }),
    );
    // A test run first (on by default): nothing changes.
    await removeDialog.getByRole('button', { name: /^Test/ }).click();
    await expect(page.getByTestId('removal-status')).toContainText('Test run of the removal finished', {
      timeout: 30_000,
    });
    expect(photoMap(await demoState(request))).toEqual(before);

    // The real removal.
    await page.getByRole('button', { name: 'Remove photos of 2 selected…' }).click();
    await removeDialog.getByRole('switch', { name: /Test run first/ }).click();
    await removeDialog.getByRole('button', { name: 'Remove 2 photos' }).click();
    await expect(page.getByTestId('removal-status')).toContainText('Removal finished: 2 removed', {
      timeout: 30_000,
    });
    const afterRemoval = photoMap(await demoState(request));
    const removed = [...before].filter(([upn, sha]) => afterRemoval.get(upn) !== sha).map(([upn]) => upn);
    expect(removed).toHaveLength(2);
    for (const upn of removed) expect(afterRemoval.get(upn)).toBeNull();

    // Its report, and the roll back: both photos back, byte for byte; nobody else touched.
    await page.getByRole('button', { name: 'Open the report' }).click();
    await expect(page.getByRole('heading', { name: 'Removal report' })).toBeVisible();
    await expect(page.getByTestId('report-summary')).toContainText('2 removed');
    const rollBack = page.getByRole('button', { name: 'Roll back this run' });
    await checkScreen(page, `people-${at}-removal-report`, rollBack);
    await rollBack.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Roll back report' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('report-summary')).toContainText('2 restored');
    const afterRollBack = photoMap(await demoState(request));
    for (const [upn, sha] of before)
      expect(afterRollBack.get(upn), upn).toBe(removed.includes(upn) ? served.get(upn) : sha);

    // History lists the removal as one, rolled back, beside its test run.
    await nav(page, 'History').click();
    const runs = page.getByRole('table', { name: 'Past runs' });
    await expect(runs.getByRole('row').filter({ hasText: 'Photo removal' }).first()).toContainText(
      'Rolled back',
    );
    await expect(runs.getByRole('row').filter({ hasText: 'Test removal' }).first()).toBeVisible();
    await checkScreen(page, `people-${at}-history`);
  });
}

test('an upload limited to a group: files for anyone outside it are shown as outside scope and never uploaded', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.goto('/');
  expect((await page.evaluate(() => window.headshot!.session.signOut())).ok).toBe(true);
  await page.reload();
  const initial = await signInToDemo(page, request);

  // The group's members, as the People screen finds them (nested groups included).
  const sales = await page.evaluate(() => window.headshot!.inventory.group({ group: 'Sales' }));
  if (!sales.ok) throw new Error(sales.error.message);
  const members = new Set(sales.value.memberIds);

  await page.getByRole('button', { name: 'Use the demo’s sample photos' }).click();
  await expect(page.getByTestId('import-mapping')).toContainText('mapping.csv');
  await page.getByRole('radio', { name: 'Members of a group' }).check();
  await page.getByRole('textbox', { name: 'Group name or id' }).fill('Sales');
  await page.getByRole('button', { name: 'Scan and match' }).click();
  await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 60_000 });
  const scopeLine = page.getByTestId('review-scope');
  await expect(scopeLine).toContainText(
    /This upload is limited to members of Sales \(\d+ users?\)\. \d+ files? (is|are) for people outside it/,
  );
  await checkScreen(
    page,
    'scope-1024x700-review',
    page.getByRole('button', { name: /rows? needs? a decision|Upload \d+ users?/ }),
  );
  // Their rows say why, and are not counted by the Upload button.
  await scopeLine.getByRole('button', { name: /^Show/ }).click();
  const outsideRows = page
    .getByRole('grid', { name: 'Photos to review' })
    .getByRole('row')
    .filter({ hasText: 'Outside scope' });
  expect(await outsideRows.count()).toBeGreaterThan(0);

  // Exclude what still needs a decision, then a test run: only members of Sales would get a photo.
  // Exclude every row that still needs a decision (Needs attention holds them all, unmatched ones too).
  await page.getByRole('tab', { name: /^Needs attention \(\d+\)$/ }).click();
  if ((await page.getByRole('tab', { name: 'Needs attention (0)' }).count()) === 0) {
    await page
      .getByRole('grid', { name: 'Photos to review' })
      .getByRole('checkbox', { name: 'Select all shown rows' })
      .check();
    await page.getByRole('toolbar').getByRole('button', { name: 'Exclude', exact: true }).click();
  }
  await expect(page.getByRole('tab', { name: 'Needs attention (0)' })).toBeVisible();
  const upload = page.getByRole('button', { name: /^Upload \d+ users?$/ });
  await expect(upload).toBeEnabled();
  await upload.click();
  await page.getByRole('button', { name: /^Start test run for \d+ users?$/ }).click();
  await expect(page.locator('#run-title')).toHaveText(/^Run finished/, { timeout: 60_000 });
  await page.getByRole('button', { name: 'See the report' }).click();
  await expect(page.getByRole('heading', { name: 'Test run report' })).toBeVisible();
  const report = await page.evaluate(async () => {
    const list = await window.headshot!.run.list();
    if (!list.ok) throw new Error(list.error.message);
    const latest = list.value.runs[0]!;
    const r = await window.headshot!.run.report({ runId: latest.runId, kind: 'upload' });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.report.results.map((row) => ({ status: row.status, user: row.user?.id ?? null }));
  });
  const wouldUpload = report.filter((r) => r.status === 'dry-run');
  expect(wouldUpload.length).toBeGreaterThan(0);
  for (const r of wouldUpload) expect(members.has(r.user!)).toBe(true);
  expect(photoMap(await demoState(request))).toEqual(photoMap(initial));
});
