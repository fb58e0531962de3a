import { expect, test } from '@playwright/test';

import { captureErrors, waitForGallery } from './helpers/page';

/**
 * The second lesson (issue #17) in the lab: the preset brings the model pre-trained on digits 0–4 and
 * the classes 5–9; a run fine-tunes a 5-way head and its errors by class are digits 5–9.
 */
test('the new-classes preset fine-tunes the 0–4 model on digits 5–9, and the link keeps the classes', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await page.getByLabel('Recipe', { exact: true }).selectOption('new-classes');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('pretrained:cnn-small-mnist-0to4');
  await expect(page.getByRole('group', { name: 'model card' })).toContainText('saw only classes 0-4 of mnist');
  await expect(page.getByLabel('Run on classes')).toHaveValue('5-9');
  await expect(page.locator('#class-subset-note')).toContainText('5 of 10: 5, 6, 7, 8, 9');
  await expect(page.getByRole('note', { name: 'recipe' })).toContainText('fresh 5-way head');
  expect(page.url()).toContain('classes=5-9');

  // a short run of it
  await page.getByLabel('Method', { exact: true }).selectOption('full-ft');
  await page.getByLabel('Steps', { exact: true }).fill('20');
  await page.getByText('Advanced').click();
  await page.getByLabel('Test images per class', { exact: true }).fill('10');
  await page.getByLabel('Evaluate every (steps)', { exact: true }).fill('20');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const panel = page.getByRole('region', { name: 'Errors by class' });
  const rows = panel.getByRole('table').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  expect(await rows.locator('th').allInnerTexts()).toEqual(['5', '6', '7', '8', '9']);
  const totals = await rows.evaluateAll((trs) =>
    trs.map((r) => Array.from(r.querySelectorAll('td[data-predicted]'), (td) => Number(td.textContent))),
  );
  expect(totals.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([10, 10, 10, 10, 10]);

  // the link reopens the lesson's classes; a bad subset is refused where it is typed
  await page.reload();
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('Run on classes')).toHaveValue('5-9');
  await page.getByLabel('Run on classes').fill('3');
  await page.getByLabel('Run on classes').press('Enter');
  await expect(page.locator('#class-subset-note')).toHaveText('a class subset needs at least 2 classes, got 1');
  await expect(page.getByLabel('Run on classes')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Run on classes').fill('');
  await page.getByLabel('Run on classes').press('Enter');
  await expect(page.locator('#class-subset-note')).toContainText('Every class');
  await expect.poll(() => page.url()).not.toContain('classes=');
  expect(errors).toEqual([]);
});
