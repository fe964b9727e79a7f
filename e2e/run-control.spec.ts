/**
 * Run control in Chromium against the demo tenant (the real built renderer, the real IPC handlers over the
 * harness WebSocket, the real emulator slowed down so a run takes a while): pause holds back every new upload and
 * resume finishes the run; cancel stops mid-way leaving each user with their old or their new photo, as the
 * report and history say; and a run a crash left unfinished is offered at launch and completes when resumed.
 */
import { type APIRequestContext, type Page, expect, test } from '@playwright/test';
import type { RunReport } from '../src/shared/upload';
import {
  changed,
  demoState,
  nav,
  photoMap,
  prepare,
  resolveReview,
  setFaults,
  setLatency,
  signInToDemo,
  uploadButton,
} from './demo-steps';

/** Added by the emulator to every Graph request: a photo's backup, upload and check take several seconds. */
const LATENCY_MS = 1500;
/** How long the slow users' photo reads take in the run that is cancelled. */
const SLOW_MS = 20_000;

interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  start: number;
  end: number;
}

/** Photo uploads (PUT .../photo/$value) in the emulator's request log. */
async function photoPuts(request: APIRequestContext): Promise<LoggedRequest[]> {
  const response = await request.get('/__headshot/demo/requests');
  expect(response.ok()).toBe(true);
  return ((await response.json()) as LoggedRequest[]).filter(
    (r) => r.method === 'PUT' && /\/photo\/\$value$/.test(r.path),
  );
}

/** The run's report through the app's own API (what the Report screen shows). */
async function report(page: Page, runId: string): Promise<RunReport> {
  const result = await page.evaluate(
    (id) => window.headshot!.run.report({ runId: id, kind: 'upload' }),
    runId,
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value.report;
}

const uploaded = (page: Page) => page.getByTestId('stage-Uploaded');
const uploadedCount = async (page: Page) => Number(await uploaded(page).textContent());

async function runIdShown(page: Page): Promise<string> {
  const title = await page.locator('#run-title').textContent();
  const id = /·\s*(\S+)\s*$/.exec(title ?? '')?.[1];
  expect(id, title ?? '').toBeTruthy();
  return id!;
}

const problems: string[] = [];

test.beforeEach(async ({ page, request }) => prepare(page, request, problems));

test.afterEach(() => expect(problems).toEqual([]));

test('pause, resume and cancel a run; resume an interrupted run at launch', async ({ page, request }) => {
  test.setTimeout(420_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  // The harness keeps one set of services for every spec: start signed out, whatever ran before.
  const signedOut = await page.evaluate(() => window.headshot!.session.signOut());
  expect(signedOut.ok).toBe(true);
  await page.reload();

  // Sign in to a fresh demo tenant, import its sample folder, resolve what blocks the Upload button.
  const initial = await signInToDemo(page, request);
  await page.getByRole('button', { name: 'Use the demo’s sample photos' }).click();
  await expect(page.getByTestId('import-mapping')).toContainText('mapping.csv');
  await page.getByRole('button', { name: 'Scan and match' }).click();
  await expect(page.getByRole('heading', { name: 'Review', level: 2 })).toBeVisible({ timeout: 60_000 });
  await resolveReview(page, initial.extras!);
  const upload = uploadButton(page);
  await expect(upload).toBeEnabled();
  const users = Number(/Upload (\d+) users?/.exec((await upload.textContent()) ?? '')?.[1]);
  expect(users).toBeGreaterThan(5);
  await upload.click();
  await expect(page.getByRole('heading', { name: 'Upload', level: 2 })).toBeVisible();

  // A slow tenant, so the run is still going when it is paused.
  await setLatency(request, LATENCY_MS);
  await page.getByRole('switch', { name: /Test run/ }).click();
  await page.getByRole('button', { name: `Upload ${users} photos` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Replace ${users} photos` })
    .click();

  // Pause straight away: every photo is still being looked at and backed up (two slow reads come before each
  // upload). The run shows paused, and no upload starts while it is, though the reads in flight finish.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByText(/^Paused · /)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  await expect(page.getByText(/ · paused$/)).toBeVisible();
  const pausedAt = Date.now();
  // A fixed window on purpose, the assertion being that nothing happens in it: long enough for the requests in
  // flight at the pause to finish and for the next ones to have started had the run not been paused.
  await page.waitForTimeout(3 * LATENCY_MS + 1000);
  await expect(page.getByText(/^Paused · /)).toBeVisible();
  const putsWhilePaused = await photoPuts(request);
  expect(putsWhilePaused.filter((r) => r.start >= pausedAt)).toEqual([]);
  expect(putsWhilePaused.length).toBeLessThan(users);
  expect(await uploadedCount(page)).toBeLessThan(users);

  // Resume: the uploads held back start, and the run finishes with every photo uploaded.
  const resumedAt = Date.now();
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(page.getByText(/^Run finished · /)).toBeVisible({ timeout: 180_000 });
  await expect(uploaded(page)).toHaveText(String(users));
  const puts = await photoPuts(request);
  expect(puts.filter((r) => r.start >= resumedAt).length).toBeGreaterThanOrEqual(
    users - putsWhilePaused.length,
  );
  const afterFirst = await demoState(request);
  expect(changed(initial, afterFirst)).toHaveLength(users);

  // A second run that changes every photo again: a lower JPEG quality makes new bytes for everyone.
  await nav(page, 'Settings').click();
  const quality = page.getByRole('spinbutton', { name: 'JPEG quality' });
  const qualityBefore = Number(await quality.inputValue());
  await quality.fill(String(qualityBefore - 10));
  await quality.press('Enter');
  await expect(quality).toHaveValue(String(qualityBefore - 10));
  // A few users answer slowly (their photo's metadata, the first read of each), so the others are uploaded
  // while they wait: few enough to leave most of the app's request slots to the others. A quicker tenant
  // otherwise, so the others are through well before the slow reads return.
  const runUsers = (afterFirst.photos ?? []).filter((p) => changed(initial, afterFirst).includes(p.upn));
  const slow = runUsers.slice(0, 3);
  await setLatency(request, 300);
  await setFaults(
    request,
    slow.map((u) => ({
      method: 'GET',
      path: `/users/${u.id}/photo`,
      action: { type: 'delay', ms: SLOW_MS },
    })),
  );
  await nav(page, 'Upload').click();
  // The same photos were uploaded: no start button is armed for them; "Upload again" asks first.
  await expect(page.getByRole('button', { name: `Upload ${users} photos` })).toHaveCount(0);
  await page.getByRole('button', { name: 'Upload again' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: `Replace ${users} photos` })
    .click();
  // A real run starts after a pre-flight check of permissions (a few Graph calls on the slow tenant).
  await expect(page.getByText(/^Running · /)).toBeVisible({ timeout: 60_000 });
  const cancelledRun = await runIdShown(page);

  // Cancel mid-way: the UI says cancelled; some users were done, not all.
  await expect(uploaded(page)).not.toHaveText('0', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByText(/^Run cancelled · /)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toHaveCount(0);
  const doneBeforeCancel = await uploadedCount(page);
  expect(doneBeforeCancel).toBeGreaterThan(0);
  expect(doneBeforeCancel).toBeLessThan(users);
  const afterCancel = await demoState(request);
  // The slow users were never uploaded to: their photos are the first run's.
  for (const u of slow) expect(photoMap(afterCancel).get(u.upn), u.upn).toBe(u.sha256);

  // The report says cancelled, with the users that were done as uploaded and the rest not done.
  const cancelledReport = await report(page, cancelledRun);
  expect(cancelledReport.state).toBe('cancelled');
  const reportedUploads = cancelledReport.results.filter((r) => r.status === 'uploaded');
  expect(reportedUploads).toHaveLength(doneBeforeCancel);
  const oldPhotos = photoMap(afterFirst);
  const cancelPhotos = photoMap(afterCancel);
  for (const r of reportedUploads) {
    const upn = r.user!.userPrincipalName;
    expect(cancelPhotos.get(upn), upn).toBe(r.sha256);
    expect(cancelPhotos.get(upn), upn).not.toBe(oldPhotos.get(upn));
  }
  await page.getByRole('button', { name: 'See the report' }).click();
  await expect(page.getByRole('heading', { name: 'Upload report' })).toBeVisible();
  await expect(page.getByText(/· cancelled$/)).toBeVisible();
  await expect(page.getByTestId('report-summary')).toContainText(`${doneBeforeCancel} uploaded`);

  // History lists it as cancelled (resumable).
  await nav(page, 'History').click();
  const history = page.getByRole('table', { name: 'Past runs' });
  const cancelledRow = history.getByRole('row').filter({ has: page.getByText('Cancelled', { exact: true }) });
  await expect(cancelledRow).toHaveCount(1);
  await expect(cancelledRow).toContainText(`${doneBeforeCancel} uploaded`);
  await expect(cancelledRow.getByRole('button', { name: 'Resume' })).toBeVisible();

  // As if Headshot had been killed mid-run: the run reads as interrupted, and at the next launch (a reload of
  // the renderer; the main side keeps its demo session) the app offers to resume it.
  await setFaults(request, []);
  const interrupt = await request.post(`/__headshot/test/interrupt-run?runId=${cancelledRun}`);
  expect(interrupt.ok(), await interrupt.text()).toBe(true);
  await setLatency(request, 200);
  await page.reload();
  const offer = page.getByText(/was interrupted\. Users already done stay done\./);
  await expect(offer).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Resume it' }).click();
  await expect(page.getByRole('heading', { name: 'Upload', level: 2 })).toBeVisible();
  await expect(page.getByText(`Run finished · ${cancelledRun}`)).toBeVisible({ timeout: 180_000 });
  await expect(uploaded(page)).toHaveText(String(users));
  await expect(offer).toHaveCount(0);

  // Every user now has the second run's photo; at the cancel each had either that one or the first run's.
  const finalReport = await report(page, cancelledRun);
  expect(finalReport.state).toBe('completed');
  expect(finalReport.summary.uploaded).toBe(users);
  const finalPhotos = photoMap(await demoState(request));
  const newPhotos = new Map(
    finalReport.results
      .filter((r) => r.status === 'uploaded')
      .map((r) => [r.user!.userPrincipalName, r.sha256]),
  );
  expect(newPhotos.size).toBe(users);
  expect(changed(afterFirst, await demoState(request))).toHaveLength(users);
  for (const [upn, sha] of newPhotos) {
    expect(finalPhotos.get(upn), upn).toBe(sha);
    expect([oldPhotos.get(upn), sha], upn).toContain(cancelPhotos.get(upn));
  }
  await nav(page, 'History').click();
  await expect(
    history.getByRole('row').filter({ has: page.getByText('Cancelled', { exact: true }) }),
  ).toHaveCount(0);
  await expect(
    history.getByRole('row').filter({ has: page.getByText('Interrupted', { exact: true }) }),
  ).toHaveCount(0);

  // Leave the settings as they were for the specs after this one.
  await nav(page, 'Settings').click();
  await quality.fill(String(qualityBefore));
  await quality.press('Enter');
  await expect(quality).toHaveValue(String(qualityBefore));
});
