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
  // the default: WebGPU and WebGL are SwiftShader here, so WASM trains, and the UI says why
  await expect(page.getByTestId('backend-name')).toHaveText('WASM');
  await expect(page.getByLabel('backend')).toContainText('WebGPU not used: the WebGPU adapter is a software renderer');
});

test('?dataset= picks a shipped dataset, and an unknown one says so', async ({ page }) => {
  await page.goto('/?dataset=fashion-mnist');
  await waitForGallery(page, 'fashion-mnist');
  await page.goto('/?dataset=cifar');
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('notices')).toContainText('?dataset=cifar is not a shipped dataset');
});

test('the run setup lives in the URL hash: a link reproduces it, and a bad value is reported', async ({ page }) => {
  await page.goto('/#dataset=fashion-mnist&model=mlp&method=full-ft&steps=77&seed=5&ood=noise:0.3');
  await waitForGallery(page, 'fashion-mnist');
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('architecture:mlp');
  await expect(page.getByLabel('Method', { exact: true })).toHaveValue('full-ft');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('77');
  await expect(page.getByLabel('Seed', { exact: true })).toHaveValue('5');
  await page.getByLabel('Seed', { exact: true }).fill('6');
  await expect.poll(() => page.evaluate(() => window.location.hash)).toContain('seed=6');
  await page.goto('/?again=1#steps=lots'); // a new document: a hash-only change would not reload
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('notices')).toContainText('#steps=lots is not a number');
});

test('a link reproduces the recipe (B2: Adam), and a hash changed after load applies to every panel', async ({
  page,
}) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await page.getByLabel('Recipe', { exact: true }).selectOption('b2-adam');
  await expect(page.getByLabel('Optimiser', { exact: true })).toHaveValue('adam');
  const link = await page.evaluate(() => window.location.hash);
  expect(link).toContain('opt=adam');
  await page.goto(`/?again=1${link}`); // a new document from the link alone
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('Recipe', { exact: true })).toHaveValue('b2-adam');
  await expect(page.getByLabel('Optimiser', { exact: true })).toHaveValue('adam');
  // pasted over the same page: the dataset it names is loaded and every panel shows it
  await page.evaluate(() => {
    window.location.hash = 'dataset=fashion-mnist&model=cnn-small&steps=33';
  });
  await waitForGallery(page, 'fashion-mnist');
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('fashion-mnist');
  await expect(page.getByLabel('Steps', { exact: true })).toHaveValue('33');
});

test('link notices: a huge value is quoted in 40 characters, #dataset= is named as such, a repeat shows once, × dismisses', async ({
  page,
}) => {
  await page.goto(`/?big=1#dataset=cifar&steps=${'9x'.repeat(50_000)}`);
  await waitForGallery(page, 'mnist');
  const notices = page.getByLabel('notices');
  await expect(notices).toContainText('#dataset=cifar is not a shipped dataset; showing MNIST');
  await expect(notices).toContainText(`#steps=${'9x'.repeat(20)}… (100,000 characters) is not a number`);
  // the page stays as wide as the window
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  // the same bad link pasted again: the notice is not stacked
  await page.evaluate(() => {
    window.location.hash = 'steps=lots';
  });
  await page.evaluate(() => {
    window.location.hash = 'steps=lots&seed=1';
  });
  await expect(notices.getByText('#steps=lots is not a number; using the default')).toHaveCount(1);
  await notices
    .getByRole('paragraph')
    .filter({ hasText: '#steps=lots' })
    .getByRole('button', { name: 'Dismiss' })
    .click();
  await expect(notices).not.toContainText('#steps=lots');
  await expect(notices).toContainText('#dataset=cifar');
});
