import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun, waitForGallery } from './helpers/page';

/**
 * Faults the app survives without a reload. `?faults=1` lets a test kill the worker as a crash would
 * (the supervisor is not told), and `?watchdog=3` gives a silent worker 3 s instead of 30 before it is
 * replaced, so the test does not wait half a minute.
 */
const FAULTS = '?faults=1&watchdog=3';

const killWorker = (page: Page): Promise<void> =>
  page.evaluate(() => (window as unknown as { tpgmFaults: { killWorker(): void } }).tpgmFaults.killWorker());

test('a worker killed mid-run: the run is kept as interrupted with what it measured, and a new run trains', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 400, 10, FAULTS);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await page.getByTestId('steps-done').innerText())).toBeGreaterThan(20);
  await killWorker(page);
  await expect(page.getByLabel('notices')).toContainText(
    /Training stopped: the training worker stopped answering .* Run 1 is kept as interrupted at step \d+, with what it measured\. A fresh worker was started/,
  );
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'interrupted');
  const row = page.getByLabel('runs table').locator('tbody tr');
  await expect(row).toHaveAttribute('data-outcome', 'interrupted');
  await expect(row.getByTestId('run-outcome')).toHaveText(/^interrupted at step \d+$/);
  expect(Number(await row.getByTestId('id-accuracy').innerText())).toBeGreaterThan(20); // its last evaluation, kept
  // the curves it measured stay on screen
  await expect(page.getByTestId('accuracy-summary')).toContainText(/At step \d+: Clean/);
  // the fresh worker is ready, and the next run trains to the end
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled({ timeout: 60_000 });
  await page.getByLabel('Steps', { exact: true }).fill('30');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByLabel('runs table').locator('tbody tr').nth(1)).toHaveAttribute('data-outcome', 'finished');
  expect(errors).toEqual([]);
});

test('a run killed mid-way goes on from its checkpoint in the fresh worker, to the result of a run never interrupted', async ({
  page,
}) => {
  const errors = captureErrors(page);
  // TPGM: weights, radii, their optimisers and the validation batches all have to come back
  await setUpRun(page, 'tpgm', 160, 40, FAULTS);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await page.getByTestId('steps-done').innerText())).toBeGreaterThan(60);
  await killWorker(page);
  const again = page.getByRole('button', { name: /^Continue from step \d+$/ });
  await expect(again).toBeVisible();
  const from = Number((await again.innerText()).replace(/\D+/g, ''));
  expect(from % 40 === 0 || from % 50 === 0).toBe(true); // checkpoints: every evaluation and every 50 steps
  await expect(page.getByLabel('notices')).toContainText(`"Continue from step ${from}" goes on from its checkpoint`);
  await expect(again).toBeEnabled({ timeout: 60_000 }); // once the fresh worker is ready
  await again.click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const rows = page.getByLabel('runs table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-outcome', 'interrupted');
  await expect(rows.nth(1)).toHaveAttribute('data-outcome', 'finished');
  await expect(rows.nth(1).getByTestId('run-outcome')).toHaveText(`finished (continued from step ${from})`);
  // the same run again, never interrupted: the same numbers in every column of results
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(rows).toHaveCount(3, { timeout: 120_000 });
  /** ID %, OOD mean % and each OOD domain's %: the cells between the state and the model. */
  const results = async (i: number): Promise<string[]> => {
    const cells = await rows.nth(i).locator('td').allInnerTexts();
    return cells.slice(3, cells.length - 5);
  };
  const continued = await results(1);
  expect(continued.length).toBeGreaterThanOrEqual(3);
  expect(continued.every((c) => /^\d+\.\d$/.test(c))).toBe(true);
  expect(await results(2)).toEqual(continued);
  expect(errors).toEqual([]);
});

test('a reload during a run leaves it interrupted at its newest checkpoint, and it goes on from there', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'tpgm', 300, 40);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await page.getByTestId('steps-done').innerText())).toBeGreaterThan(90);
  page.once('dialog', (d) => void d.accept()); // "leave the page?" during a run: yes
  await page.reload();
  await waitForGallery(page, 'mnist');
  const rows = page.getByLabel('runs table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-outcome', 'interrupted');
  const again = rows.first().getByRole('button', { name: /^Continue from step \d+$/ });
  await expect(again).toBeEnabled();
  const from = Number((await again.innerText()).replace(/\D+/g, ''));
  expect(from).toBeGreaterThanOrEqual(50);
  await again.click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1).getByTestId('run-outcome')).toHaveText(`finished (continued from step ${from})`);
  await expect(rows.nth(1).getByTestId('run-steps')).toHaveText('300');
  await expect(page.getByTestId('accuracy-summary')).toContainText('At step 300');
  // the interrupted run was continued, and the continuation finished: after another reload both runs are
  // there, and nothing is left to continue
  await expect(page.getByRole('button', { name: /^Continue from step \d+$/ })).toHaveCount(0);
  await page.reload();
  await waitForGallery(page, 'mnist');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-outcome', 'interrupted');
  await expect(page.getByRole('button', { name: /^Continue from step \d+$/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a lost GPU device (forced WebGPU, destroyed mid-run): said as such, the run kept as interrupted, a new run trains', async ({
  page,
}) => {
  const errors = captureErrors(page);
  // SwiftShader here: about 2 s per MLP step, so few steps, evaluated often
  await setUpRun(page, 'full-ft', 200, 2, '?faults=1&backend=webgpu');
  await expect(page.getByTestId('backend-name')).toHaveText('WebGPU');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect
    .poll(async () => Number(await page.getByTestId('steps-done').innerText()), { timeout: 150_000 })
    .toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('accuracy-summary')).toContainText(/At step [1-9]\d*: Clean/, { timeout: 60_000 });
  await page.evaluate(() => (window as unknown as { tpgmFaults: { loseDevice(): void } }).tpgmFaults.loseDevice());
  await expect(page.getByLabel('notices')).toContainText(
    /Training stopped: the training worker lost its GPU device \(the GPU device was destroyed \(a simulated loss\)\).* Run 1 is kept as interrupted at step \d+, with what it measured\. A fresh worker was started/,
  );
  const row = page.getByLabel('runs table').locator('tbody tr');
  await expect(row).toHaveAttribute('data-outcome', 'interrupted');
  expect(Number(await row.getByTestId('id-accuracy').innerText())).toBeGreaterThan(0); // its last evaluation, kept
  await expect(page.getByTestId('accuracy-summary')).toContainText(/At step [1-9]\d*: Clean/);
  // the fresh worker chooses its backend again (still forced) and the next run trains to the end
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled({ timeout: 60_000 });
  await expect(page.getByTestId('backend-name')).toHaveText('WebGPU');
  await page.getByLabel('Steps', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 150_000 });
  await expect(page.getByLabel('runs table').locator('tbody tr').nth(1)).toHaveAttribute('data-outcome', 'finished');
  expect(errors).toEqual([]);
});

test('a worker killed while idle is replaced before the next Start, which trains', async ({ page }) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 10, FAULTS);
  await killWorker(page);
  await expect(page.getByLabel('notices')).toContainText('A fresh worker was started; you can train again.');
  await expect(page.getByRole('button', { name: 'Start' })).toBeEnabled({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveAttribute('data-outcome', 'finished');
  expect(errors).toEqual([]);
});

test('reloading during a run asks first', async ({ page }) => {
  await setUpRun(page, 'full-ft', 2000, 1000);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await page.getByTestId('steps-done').innerText())).toBeGreaterThan(3);
  const asked = page.waitForEvent('dialog');
  const reloading = page.reload().catch(() => undefined); // never completes: the reload is refused below
  const dialog = await asked;
  expect(dialog.type()).toBe('beforeunload');
  await dialog.dismiss();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished');
  void reloading;
});

test('an IndexedDB that never answers: the run is kept on the page and the notice says it was not saved', async ({
  page,
}) => {
  // every open() returns a request that never fires (seen in the wild: a blocked or wedged database)
  await page.addInitScript(() => {
    indexedDB.open = () => ({}) as IDBOpenDBRequest;
  });
  await setUpRun(page, 'full-ft', 20, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByLabel('notices')).toContainText(
    "Run 1 could not be saved: the browser's storage (IndexedDB) did not answer within 5 s",
  );
  await expect(page.getByLabel('notices')).toContainText('Earlier runs could not be loaded');
});

test('two tabs: both number their first run "1", neither overwrites the other, and each sees the other\'s runs', async ({
  context,
}) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  for (const page of [a, b]) await setUpRun(page, 'full-ft', 20, 10);
  // both start before either has finished, so both call their run "1"
  for (const [page, steps] of [
    [a, '20'],
    [b, '25'],
  ] as const) {
    await page.getByLabel('Steps', { exact: true }).fill(steps);
    await page.getByRole('button', { name: 'Start' }).click();
  }
  for (const page of [a, b]) {
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
    await expect(page.getByTestId('run-state')).toContainText('Run 1:');
  }
  // each tab shows both runs (the other's arrives through a BroadcastChannel)
  for (const page of [a, b]) await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(2);
  // and both are stored: a fresh tab loads the two, with their own step counts
  const c = await context.newPage();
  await c.goto('/');
  const steps = c.getByLabel('runs table').getByTestId('run-steps');
  await expect(steps).toHaveCount(2);
  expect((await steps.allInnerTexts()).sort()).toEqual(['20', '25']);
});

test('a run still training in another tab is not taken for an interrupted one; once that tab is gone, it is', async ({
  context,
}) => {
  const a = await context.newPage();
  await setUpRun(a, 'full-ft', 3000, 40);
  await a.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await a.getByTestId('steps-done').innerText())).toBeGreaterThan(60);
  // tab B opens while A trains: A's checkpoint is in the storage, but A holds its run's lock
  const b = await context.newPage();
  await b.goto('/');
  await waitForGallery(b, 'mnist');
  await b.waitForTimeout(2000); // the runs in progress are read just after the saved runs
  await expect(b.getByLabel('runs table').locator('tbody tr')).toHaveCount(0);
  // A goes away mid-run (closed without asking): B, reloaded, finds the run interrupted and can go on with it
  await a.close({ runBeforeUnload: false });
  await b.reload();
  await waitForGallery(b, 'mnist');
  const row = b.getByLabel('runs table').locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-outcome', 'interrupted');
  await expect(row.getByRole('button', { name: /^Continue from step \d+$/ })).toBeEnabled();
});
