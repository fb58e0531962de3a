import { expect, test } from '@playwright/test';

import { captureErrors, waitForGallery } from './helpers/page';

test('?backend=cpu forces the CPU backend, says so, and the app works', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/?backend=cpu');
  await waitForGallery(page, 'mnist');
  await expect(page.getByTestId('backend-name')).toHaveText('CPU');
  await expect(page.getByLabel('backend')).toContainText('forced by ?backend=cpu');
  expect(errors).toEqual([]);
});

test('?backend=webgl forces WebGL in the worker', async ({ page }) => {
  await page.goto('/?backend=webgl');
  await waitForGallery(page, 'mnist');
  // SwiftShader provides WebGL here too; where it cannot, the reason is listed and another backend runs
  const name = await page.getByTestId('backend-name').innerText();
  if (name !== 'WebGL') await expect(page.getByLabel('backend')).toContainText('WebGL not used:');
  await expect(page.getByLabel('backend')).toContainText('forced by ?backend=webgl');
});

test('a bad URL parameter is reported and replaced by the default', async ({ page }) => {
  await page.goto('/?backend=quantum&dataset=Bad%20Id');
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('notices')).toContainText('?backend=quantum is not a backend');
  await expect(page.getByLabel('notices')).toContainText('?dataset=Bad Id is not a dataset id');
  await expect(page.getByTestId('backend-name')).toHaveText('WebGPU');
});

test('?dataset= picks a shipped dataset, and an unknown one says so', async ({ page }) => {
  await page.goto('/?dataset=fashion-mnist');
  await waitForGallery(page, 'fashion-mnist');
  await page.goto('/?dataset=cifar');
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('notices')).toContainText('?dataset=cifar is not a shipped dataset');
});
