import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun, waitForGallery } from './helpers/page';

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

/** The runs export's per-image predictions of `domain`, by run number (decoded from base64). */
async function exportedPredictions(page: Page, domain: string): Promise<Map<number, number[]>> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const text = readFileSync((await (await download).path()) ?? '', 'utf8');
  const { runs } = JSON.parse(text) as {
    runs: { runId: number; summary: { final: { results: { domain: string; predictions?: string }[] } } }[];
  };
  return new Map(
    runs.map((r) => {
      const b64 = r.summary.final.results.find((x) => x.domain === domain)?.predictions ?? '';
      return [r.runId, Array.from(Buffer.from(b64, 'base64'))];
    }),
  );
}

test("a confusion cell's images, and the gallery with two runs' predictions, agree with the runs' recorded predictions", async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 30);
  for (const method of ['full-ft', 'lp']) {
    await page.getByLabel('Method', { exact: true }).selectOption(method);
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  }
  const predictions = await exportedPredictions(page, 'inverted');
  expect(predictions.get(1)?.length).toBe(200); // 20 test images per class

  // run 1 (FT) on inverted, run 2 (LP) beside it: the largest mix-up of run 1
  const panel = page.getByRole('region', { name: 'Errors by class' });
  await panel.getByLabel('Run', { exact: true }).selectOption({ label: 'run 1 · FT' });
  await panel.getByLabel('Domain').selectOption('inverted');
  await panel.getByLabel('Beside it').selectOption({ label: 'run 2 · LP' });
  const first = panel.getByTestId('class-errors-run').first();
  const cells = await first.locator('td[data-predicted]').evaluateAll((tds) =>
    tds.map((td) => ({
      t: Number(td.getAttribute('data-truth')),
      p: Number(td.getAttribute('data-predicted')),
      n: Number(td.textContent),
    })),
  );
  const cell = cells.filter((c) => c.t !== c.p).sort((a, b) => b.n - a.n)[0];
  expect(cell.n).toBeGreaterThan(0);
  await first.locator(`td[data-truth="${cell.t}"][data-predicted="${cell.p}"] button`).click();
  const images = panel.getByTestId('cell-images');
  await expect(images.getByTestId('cell-count')).toContainText(`${cell.n} image`);
  const shown = images.locator('li[data-position]');
  await expect(shown).toHaveCount(Math.min(48, cell.n));
  // every image shown is one run 1 predicted as the cell's class, and they are as many as it predicted so
  const positions = await shown.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-position'))));
  const ft = predictions.get(1) ?? [];
  expect(positions.every((p) => ft[p] === cell.p)).toBe(true);
  expect(ft.filter((p) => p === cell.p).length).toBeGreaterThanOrEqual(cell.n);
  await expect(shown.first().locator('canvas')).toHaveAttribute(
    'aria-label',
    new RegExp(`^test image ${positions[0]}: ${cell.t}, predicted ${cell.p}$`),
  );
  // under each, what LP predicted for that very image
  const lp = predictions.get(2) ?? [];
  const verdicts = await images.getByTestId('other-verdict').allInnerTexts();
  expect(verdicts).toEqual(positions.map((p) => (lp[p] === cell.t ? `✓ ${lp[p]}` : `✗ ${lp[p]}`)));
  await images.getByRole('button', { name: 'Close' }).click();
  await expect(images).toHaveCount(0);

  // the gallery with FT's predictions and LP's beside them: one test image of each class per domain
  const gallery = page.getByTestId('gallery');
  await page.getByLabel('Predictions of').selectOption({ label: 'run 1 · FT' });
  await page.getByLabel('Predictions beside it').selectOption({ label: 'run 2 · LP' });
  const row = gallery.locator('tr[data-domain="inverted"]');
  await expect(row.locator('li[data-position]')).toHaveCount(10);
  await expect(row.getByTestId('verdict')).toHaveCount(20);
  const marks = await row.locator('li[data-position]').evaluateAll((lis) =>
    lis.map((li) => ({
      p: Number(li.getAttribute('data-position')),
      label: Number(/: (\d+), test image/.exec(li.querySelector('canvas')?.getAttribute('aria-label') ?? '')?.[1]),
      texts: Array.from(li.querySelectorAll('[data-testid="verdict"]'), (v) => v.textContent),
    })),
  );
  expect(marks.map((m) => m.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const mark = (tag: string, predicted: number, label: number) =>
    predicted === label ? `${tag} ✓` : `${tag} ✗ ${predicted}`;
  expect(marks.map((m) => m.texts)).toEqual(
    marks.map((m) => [mark('FT', ft[m.p], m.label), mark('LP', lp[m.p], m.label)]),
  );
  await expect(gallery.locator('tr[data-domain]')).toHaveCount(6); // clean and the five OOD domains of the default run
  await page.getByLabel('Predictions of').selectOption('');
  await expect(gallery.getByTestId('verdict')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("a shipped recording's confusion cell shows its own test images, rebuilt from its seed, as it predicted them", async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const picker = page.getByTestId('recorded-picker');
  await picker.focus(); // the recordings are read when the chooser is first used
  await expect(picker.locator('option[value="mnist-b1-ft-s0"]')).toHaveCount(1);
  await picker.selectOption('mnist-b1-ft-s0');
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  const recorded = (await exportedPredictions(page, 'inverted')).get(1) ?? [];
  expect(recorded.length).toBeGreaterThan(1000); // the default experiment's whole test set

  const panel = page.getByRole('region', { name: 'Errors by class' });
  await panel.getByLabel('Domain').selectOption('inverted');
  const first = panel.getByTestId('class-errors-run').first();
  await expect(first).not.toContainText('measured before errors by class were counted');
  const cells = await first.locator('td[data-predicted]').evaluateAll((tds) =>
    tds.map((td) => ({
      t: Number(td.getAttribute('data-truth')),
      p: Number(td.getAttribute('data-predicted')),
      n: Number(td.textContent),
    })),
  );
  expect(cells.reduce((sum, c) => sum + c.n, 0)).toBe(recorded.length);
  const cell = cells.filter((c) => c.t !== c.p).sort((a, b) => b.n - a.n)[0];
  await first.locator(`td[data-truth="${cell.t}"][data-predicted="${cell.p}"] button`).click();
  const images = panel.getByTestId('cell-images');
  await expect(images.getByTestId('cell-count')).toContainText(`${cell.n} image`, { timeout: 60_000 });
  const shown = images.locator('li[data-position]');
  await expect(shown).toHaveCount(Math.min(48, cell.n));
  const positions = await shown.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-position'))));
  expect(positions.every((p) => recorded[p] === cell.p)).toBe(true);
  expect(errors).toEqual([]);
});
