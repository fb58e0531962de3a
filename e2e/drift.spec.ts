/**
 * The lab's per-layer drift (issue #12, "show the why"): every method on one scale, ‖θ − θ0‖ / ‖θ0‖ of
 * each kernel; a finished run's picture survives the next run (overlaid) and a reload (kept with the run).
 */
import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun, waitForGallery } from './helpers/page';

const bars = (page: Page, run: string): Promise<string[][]> =>
  page
    .getByTestId('drift-values')
    .locator(`li[data-run="${run}"]`)
    .evaluateAll((els) =>
      els.map((e) => [(e as HTMLElement).dataset.layer ?? '', (e as HTMLElement).dataset.relative ?? '']),
    );

test('a finished run’s per-layer drift stays beside the next run’s, and after a reload', async ({ page }) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 20, 20);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  // the chart redraws as a transition, a moment after the run's state: wait for its final point
  await expect(page.getByTestId('drift-chart')).toContainText('run 1 (FT) step 20');
  const ft = await bars(page, 'run 1 (FT)');
  // kernels only, on one relative scale (biases start at 0 and the head is new: not drawn)
  expect(ft.map(([layer]) => layer)).toEqual(['fc1/kernel', 'fc2/kernel']);
  expect(Number(ft[0][1])).toBeGreaterThan(0);

  await page.getByLabel('Method', { exact: true }).selectOption('tpgm');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect.poll(() => bars(page, 'run 2 (TPGM)')).toHaveLength(2);
  expect(await bars(page, 'run 1 (FT)')).toEqual([]); // not overlaid yet
  await page.getByLabel('overlay run 1').check();
  await expect.poll(() => bars(page, 'run 1 (FT)')).toEqual(ft);

  await page.reload();
  await waitForGallery(page, 'mnist');
  await page.getByLabel('overlay run 1').check();
  await expect.poll(() => bars(page, 'run 1 (FT)')).toEqual(ft);
  expect(errors).toEqual([]);
});

test('a finished TPGM run’s radius history stays beside the next run’s, and after a reload', async ({ page }) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'tpgm', 40, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const history = page.getByTestId('radius-history');
  // γ at every evaluation (steps 0, 10, …, 40): five values per tensor
  await expect(history).toContainText(/^fc1\/kernel: ([\d.e-]+ → ){4}[\d.e-]+;/);
  const tpgm = (await history.innerText()).split('; ');

  // FT has no radii: the chart goes, and comes back with run 1's lines once it is overlaid
  await page.getByLabel('Method', { exact: true }).selectOption('full-ft');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(history).toHaveCount(0);
  await page.getByLabel('overlay run 1').check();
  await expect(history).toHaveText(tpgm.map((line) => `run 1 · TPGM: ${line}`).join('; '));

  await page.reload();
  await waitForGallery(page, 'mnist');
  await page.getByLabel('overlay run 1').check();
  await expect(history).toHaveText(tpgm.map((line) => `run 1 · TPGM: ${line}`).join('; '));
  expect(errors).toEqual([]);
});
