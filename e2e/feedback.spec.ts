import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun } from './helpers/page';

/**
 * Live feedback a person can trust: every state a run goes through is shown ("evaluating" included),
 * the live charts are in view once Start is pressed at projector size, and a stopped or a diverged run
 * is marked as such in the runs table and the trade-off chart, never drawn as a finished one.
 */

/** Records every `data-state` the run-state line shows, from now on (a MutationObserver in the page). */
async function recordStates(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { seenStates: string[] };
    w.seenStates = [];
    const note = (): void => {
      const state = document.querySelector('[data-testid="run-state"]')?.getAttribute('data-state');
      if (state && w.seenStates[w.seenStates.length - 1] !== state) w.seenStates.push(state);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  return () => page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
}

test('at 1024×768, Start brings the live charts into view; the run says when it evaluates; θ0 is the first point', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  // the shipped cnn-small: its final evaluation on the whole test set (6 domains × 3,000 images) takes seconds
  await setUpRun(page, 'full-ft', 20, 10, '', 'pretrained:cnn-small-mnist');
  await page.getByLabel('Test images per class', { exact: true }).fill('');
  await page.getByLabel('Live test images per class', { exact: true }).fill('10');
  // the setup is long: scroll to its end, as a user who just changed the last setting would be
  await page.getByRole('button', { name: /Compare \d methods/ }).scrollIntoViewIfNeeded();
  const states = await recordStates(page);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('button', { name: 'Stop' })).toBeInViewport();
  await expect(page.getByTestId('run-state')).toBeInViewport();
  await expect(page.getByRole('figure', { name: /Test accuracy/ })).toBeInViewport({ ratio: 0.5 });
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  expect(await states()).toEqual(expect.arrayContaining(['evaluating', 'running', 'finished']));
  const seen = await states();
  // the last evaluation (the whole test set) comes after training and before the end
  expect(seen.slice(-2)).toEqual(['evaluating', 'finished']);
  // θ0 (step 0) is the first point; the live points say what they measured, the last one the whole test set
  await expect(page.getByTestId('accuracy-scope')).toContainText('live points on 10 images per class');
  await expect(page.getByTestId('accuracy-scope')).toContainText('the last on the whole test set (3000 per domain)');
  // points at θ0 (before any step), at each evaluation, and at the end
  await expect(page.getByTestId('accuracy-summary')).toHaveAttribute('data-steps', '0,10,20');
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('run-outcome')).toHaveText('finished');
  expect(errors).toEqual([]);
});

test('a stopped run is marked "stopped at step N of M" in the table and drawn hollow in the trade-off chart', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 3000, 1000);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await page.getByTestId('steps-done').innerText())).toBeGreaterThan(20);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished');
  const row = page.getByLabel('runs table').locator('tbody tr');
  await expect(row).toHaveAttribute('data-outcome', 'stopped');
  const steps = Number(await row.getByTestId('run-steps').innerText());
  await expect(row.getByTestId('run-outcome')).toHaveText(`stopped at step ${steps} of 3000`);
  await expect(page.getByTestId('run-state')).toContainText(`stopped at step ${steps} of 3000`);
  await expect(page.getByTestId('tradeoff-summary')).toContainText(`(run 1 (stopped at step ${steps} of 3000))`);
  // drawn as a dashed ring, not a filled disc
  const marker = page.getByRole('figure', { name: /ID accuracy vs OOD mean/ }).locator('circle.chart-point');
  await expect(marker).toHaveAttribute('fill', 'none');
  expect(errors).toEqual([]);
});

test('a diverged run (lr 10 on the MLP) says why, is marked in the table and drawn hollow, not "finished — done"', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 200, 100);
  await page.getByLabel('Learning rate', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('run-state')).toContainText(/diverged at step \d+/);
  await expect(page.getByTestId('run-diverged')).toContainText(/training loss .* (above its bound|NaN|Infinity)/);
  const row = page.getByLabel('runs table').locator('tbody tr');
  await expect(row).toHaveAttribute('data-outcome', 'diverged');
  await expect(row.getByTestId('run-outcome')).toHaveText(/^diverged at step \d+$/);
  await expect(page.getByTestId('tradeoff-summary')).toContainText(/\(run 1 \(diverged at step \d+\)\)/);
  await expect(
    page.getByRole('figure', { name: /ID accuracy vs OOD mean/ }).locator('circle.chart-point'),
  ).toHaveAttribute('fill', 'none');
  expect(errors).toEqual([]);
});
