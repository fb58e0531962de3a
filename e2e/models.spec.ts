import { expect, test, type Page } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';

import { captureErrors, waitForGallery } from './helpers/page';

test('the zoo: three shipped models; resnet-mini projects its BatchNorm γ and β with their own radii', async ({
  page,
}) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const picker = page.getByLabel('Model', { exact: true });
  for (const id of ['cnn-small-mnist', 'resnet-mini-mnist', 'mlp-mnist'])
    await expect(picker.locator(`option[value="pretrained:${id}"]`)).toHaveCount(1);
  await picker.selectOption('pretrained:resnet-mini-mnist');
  await expect(page.getByLabel('model card')).toContainText('73,210 parameters');
  await page.getByLabel('Steps', { exact: true }).fill('4');
  await page.getByText('Advanced').click();
  await page.getByLabel('Test images per class', { exact: true }).fill('5');
  await page.getByLabel('Evaluate every (steps)', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  // 9 conv + BatchNorm pairs: each kernel, γ and β its own radius; moving statistics are not parameters
  const names = await page
    .getByTestId('radius-values')
    .locator('li')
    .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-name')));
  expect(names).toHaveLength(27);
  expect(names).toContain('stem_bn/gamma');
  expect(names).toContain('block2_proj_bn/beta');
  expect(names.some((n) => n?.includes('moving'))).toBe(false);
});

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
  // the fine-tuning results measured from this model, per recipe and method, with how they were measured
  await card.getByText('Measured fine-tuning results').click();
  await expect(card.getByLabel('results B1 · SGD').locator('tbody tr')).toHaveCount(11);
  await expect(card.getByLabel('results B1 · SGD')).toContainText(/TPGM\s*93\.3 ± 0\.3\s*79\.4 ± 0\.6/);
  await expect(card).toContainText('npm run experiment --');
  // a short TPGM run: a fresh head on good features is far above chance after a few steps
  await page.getByLabel('Steps', { exact: true }).fill('20');
  await page.getByText('Advanced').click();
  await page.getByLabel('Test images per class', { exact: true }).fill('20');
  await page.getByLabel('Evaluate every (steps)', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByTestId('radius-values').locator('li')).toHaveCount(8); // conv1–4 kernels and biases
  // the charts redraw as transitions, a moment after the run's state: wait for the final point
  await expect(page.getByTestId('accuracy-summary')).toContainText('At step 20: Clean');
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

/** A small tfjs LayersModel as files (model.json + weights.bin), made here in Node. */
async function modelFiles(inputShape: number[]): Promise<{ name: string; mimeType: string; buffer: Buffer }[]> {
  const input = tf.input({ shape: inputShape });
  const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 16, activation: 'relu', name: 'hidden' }).apply(flat) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, name: 'out' }).apply(hidden) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  let files: { name: string; mimeType: string; buffer: Buffer }[] = [];
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const json = {
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      files = [
        { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) },
        { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(a.weightData as ArrayBuffer) },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return files;
}

/** A short FT run of the uploaded model (upload-1), to the end, in the runs table. */
async function trainUploaded(page: Page, steps: number): Promise<void> {
  await page.getByLabel('Steps', { exact: true }).fill(String(steps));
  await page.getByLabel('Method', { exact: true }).selectOption('full-ft');
  await page.getByText('Advanced').click();
  await page.getByLabel('Test images per class', { exact: true }).fill('10');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 60_000 });
  await expect(page.getByLabel('runs table').locator('tbody tr').first()).toContainText('upload-1');
}

test('your own model: a fitting one is loaded and fine-tuned; a broken one and a misfit are refused', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const picker = page.getByLabel('Load your own model');
  const [modelJson, weights] = await modelFiles([28, 28, 1]);
  // broken: the weights file is missing
  await picker.setInputFiles([modelJson]);
  await expect(page.getByLabel('model load error')).toContainText(
    'model.json lists the weights file weights.bin, which was not picked',
  );
  // a misfit: 32×32 RGB input for 28×28 grey digits
  await picker.setInputFiles(await modelFiles([32, 32, 3]));
  await expect(page.getByLabel('model load error')).toContainText(
    "the model takes inputs of shape [32, 32, 3] but the dataset's images are [28, 28, 1]",
  );
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('pretrained:cnn-small-mnist');
  // a good one
  await picker.setInputFiles([modelJson, weights]);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('uploaded:upload-1');
  await expect(page.getByLabel('model load error')).toHaveCount(0);
  await trainUploaded(page, 30);
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('your own model: a cyclic graph or NaN weights are refused at once, by name, and a good one trains after', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const picker = page.getByLabel('Load your own model');
  const refusal = page.getByLabel('model load error');
  const [modelJson, weights] = await modelFiles([28, 28, 1]);
  // issue #15: hidden takes its input from out, which takes it from hidden; tfjs alone loops on this forever
  const json = JSON.parse(modelJson.buffer.toString('utf8')) as {
    modelTopology: { config: { layers: { name: string; inbound_nodes: unknown }[] } };
  };
  const hidden = json.modelTopology.config.layers.find((l) => l.name === 'hidden');
  if (hidden) hidden.inbound_nodes = [[['out', 0, 0, {}]]];
  await picker.setInputFiles([{ ...modelJson, buffer: Buffer.from(JSON.stringify(json)) }, weights]);
  await expect(refusal).toContainText("the model's layers form a cycle: hidden → out → hidden", { timeout: 10_000 });
  // the worker is free again: NaN weights are refused by name (the first three values of hidden/kernel)
  const values = new Float32Array(
    weights.buffer.buffer.slice(weights.buffer.byteOffset, weights.buffer.byteOffset + weights.buffer.length),
  );
  values.fill(NaN, 0, 3);
  await picker.setInputFiles([modelJson, { ...weights, buffer: Buffer.from(values.buffer) }]);
  await expect(refusal).toContainText(
    '3 weight values are not finite numbers (NaN or ±Infinity): hidden/kernel (3 of 12,544)',
    { timeout: 10_000 },
  );
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('pretrained:cnn-small-mnist');
  // and a good model loads and trains
  await picker.setInputFiles([modelJson, weights]);
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue('uploaded:upload-1', { timeout: 10_000 });
  await expect(refusal).toHaveCount(0);
  await trainUploaded(page, 10);
  expect(errors).toEqual([]);
});
