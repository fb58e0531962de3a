import { expect, test } from '@playwright/test';

import { captureErrors, waitForGallery } from './helpers/page';

test('the default run starts from the shipped pre-trained cnn-small, shows its card, and fine-tunes it', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('pretrained:cnn-small-mnist');
  const card = page.getByLabel('model card');
  await expect(card).toContainText('60,874 parameters');
  await expect(card).toContainText('npm run pretrain -- --model cnn-small --dataset mnist');
  await expect(card).toContainText(/Held-out accuracy .*clean \d+\.\d %/);
  // a short TPGM run: a fresh head on good features is far above chance after a few steps
  await page.getByLabel('Steps', { exact: true }).fill('20');
  await page.getByText('Advanced').click();
  await page.getByLabel('Test images per class', { exact: true }).fill('20');
  await page.getByLabel('Evaluate every (steps)', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('radius-values').locator('li')).toHaveCount(8); // conv1–4 kernels and biases
  const summary = await page.getByTestId('accuracy-summary').innerText();
  expect(Number(/Clean ([\d.]+) %/.exec(summary)?.[1])).toBeGreaterThan(70);
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('a link naming a model that is not shipped says so and uses the default', async ({ page }) => {
  await page.goto('/#model=cnn-huge-mnist&steps=50');
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('notices')).toContainText('#model=cnn-huge-mnist is not a shipped model');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('pretrained:cnn-small-mnist');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('50');
});
