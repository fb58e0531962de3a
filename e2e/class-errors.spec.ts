import { expect, test } from '@playwright/test';

import { captureErrors, setUpRun } from './helpers/page';

test('errors by class: the final confusion matrix of each domain, its rows the test images per class, its diagonal the accuracy; two runs side by side', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 30); // 20 test images per class
  for (const method of ['full-ft', 'lp']) {
    await page.getByLabel('Method', { exact: true }).selectOption(method);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  }
  const panel = page.getByRole('region', { name: 'Errors by class' });
  await expect(panel.getByTestId('class-errors-run')).toHaveCount(1);
  // the newest run, on the clean digits: every row holds that class's 20 test images
  const cells = panel.getByRole('table').locator('tbody tr');
  await expect(cells).toHaveCount(10);
  const matrix = await cells.evaluateAll((rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td[data-predicted]'), (td) => Number(td.textContent))),
  );
  expect(matrix.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(Array(10).fill(20));
  const diagonal = matrix.reduce((n, row, c) => n + row[c], 0);
  const idAccuracy = Number(
    await page.getByLabel('runs table').locator('tbody tr').nth(1).getByTestId('id-accuracy').innerText(),
  );
  expect((100 * diagonal) / 200).toBeCloseTo(idAccuracy, 1);
  // another domain, and the first run beside it
  await panel.getByLabel('Domain').selectOption('inverted');
  await panel.getByLabel('Beside it').selectOption({ index: 1 });
  await expect(panel.getByTestId('class-errors-run')).toHaveCount(2);
  await expect(panel.getByRole('table')).toHaveCount(2);
  await expect(panel.getByRole('table').first()).toHaveAccessibleName(/on inverted$/);
  await expect(panel.getByTestId('mix-ups').first()).toContainText(/No mix-ups|Most mixed up: \d → \d \d+/);
  expect(errors).toEqual([]);
});
