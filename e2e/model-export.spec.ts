import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun } from './helpers/page';

test('a trained model round-trips: download its .zip, load it back with its card, evaluate it as it is: the same accuracy on every domain', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 30);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const table = page.getByLabel('runs table');
  const idAccuracy = await table.locator('tbody tr').first().getByTestId('id-accuracy').innerText();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'download the model of run 1' }).click();
  const zip = await download;
  expect(zip.suggestedFilename()).toBe('tpgm-full-ft-mnist-run1.zip');
  await page.getByLabel('Load your own model').setInputFiles({
    name: zip.suggestedFilename(),
    mimeType: 'application/zip',
    buffer: readFileSync(await zip.path()),
  });

  // the loaded model becomes the draft's, and its card says what it is
  await expect(page.getByLabel('Model', { exact: true })).toHaveValue(/^uploaded:/);
  const card = page.getByTestId('trained-card');
  await expect(card).toContainText('FT · mnist · run 1');
  await expect(card).toContainText('Its files match the SHA-256 on its card.');
  const cardRows = card.locator('tbody tr');
  await expect(cardRows).toHaveCount(6); // clean and the default run's five OOD domains
  await expect(cardRows.first().getByTestId('card-accuracy')).toHaveText(idAccuracy);

  await card.getByRole('button', { name: 'Evaluate as is' }).click();
  await expect(cardRows.first().getByTestId('measured-accuracy')).not.toHaveText('–', { timeout: 120_000 });
  const pairs = await cardRows.evaluateAll((rows) =>
    rows.map((r) => [
      r.querySelector('[data-testid="card-accuracy"]')?.textContent,
      r.querySelector('[data-testid="measured-accuracy"]')?.textContent,
    ]),
  );
  expect(pairs.map(([, here]) => here)).toEqual(pairs.map(([onCard]) => `${onCard} (same)`));
  expect(errors).toEqual([]);
});

test('a model file changed after it was saved is refused, naming the file', async ({ page }) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 5, 5);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'download the model of run 1' }).click();
  const { unzipSync } = await import('fflate');
  const files = unzipSync(readFileSync((await (await download).path()) ?? ''));
  const weights = files['weights.bin'].slice();
  weights[8] ^= 0x40; // one bit of one weight
  await page.getByLabel('Load your own model').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(files['model.json']) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.from(weights) },
    { name: 'tpgm-model.json', mimeType: 'application/json', buffer: Buffer.from(files['tpgm-model.json']) },
  ]);
  await expect(page.getByLabel('model load error')).toContainText(
    'Model refused: weights.bin does not match its card (tpgm-model.json)',
  );
  expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
});

/** The files of the .zip the runs table offers for run `runId`. */
async function downloadedModel(page: Page, runId: number): Promise<Record<string, Uint8Array>> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: `download the model of run ${runId}` }).click();
  const { unzipSync } = await import('fflate');
  return unzipSync(readFileSync((await (await download).path()) ?? ''));
}

test('a run’s trained model survives a reload: the same files, card included, from the browser’s storage', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 5, 5);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const before = await downloadedModel(page, 1);
  expect(Object.keys(before).sort()).toEqual(['model.json', 'tpgm-model.json', 'weights.bin']);

  await page.reload();
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  const after = await downloadedModel(page, 1);
  for (const name of Object.keys(before)) expect(Buffer.from(after[name]).equals(Buffer.from(before[name]))).toBe(true);

  // Clear runs forgets them too: after another reload there is neither a run nor a model
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Clear runs' }).click();
  await page.reload();
  await expect(page.getByText('No finished runs yet.')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a full storage keeps no model: the notice names the run and why, and the .zip is offered until the reload', async ({
  page,
}) => {
  // the browser refuses every write of a trained model as a full quota would
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === 'trained-models') throw new DOMException('the quota has been exceeded', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await setUpRun(page, 'full-ft', 5, 5);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByLabel('notices')).toContainText(
    "The trained model of run 1 could not be kept in the browser's storage (the quota has been exceeded): " +
      'it can be downloaded from the runs table until this page reloads',
  );
  expect(Object.keys(await downloadedModel(page, 1))).toContain('weights.bin');

  await page.reload();
  const row = page.getByLabel('runs table').locator('tbody tr');
  await expect(row).toHaveCount(1); // the run itself was stored
  await expect(row.locator('td').last()).toHaveText('–');
});
