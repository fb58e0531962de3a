import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

import { captureErrors, setUpRun, waitForGallery } from './helpers/page';

/** The recordings the app ships (a project file saves every one the lecture loaded). */
const SHIPPED = (JSON.parse(readFileSync('public/recordings/index.json', 'utf8')) as { recordings: unknown[] })
  .recordings.length;

/**
 * A project file round-trips: a trained run, a changed setting and a recording added from the lab's
 * chooser are saved as one .zip, and a fresh browser (its own storage) that opens it shows the same
 * runs, the same settings (form and link) and the recording. A recording not shipped with the app joins
 * the chooser; a damaged file is refused with its reason and changes nothing.
 */

/** Picks `buffer` (named `name`) through the Open project… button. */
async function openFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.getByRole('button', { name: 'Open project…' }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'application/zip', buffer });
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The project with one recording copied under another id and title: a recording this app does not ship. */
function withOwnRecording(zip: Buffer): Buffer {
  const files = unzipSync(new Uint8Array(zip));
  const recording = JSON.parse(strFromU8(files['recordings/mnist-b1-tpgm-s0.json'])) as Record<string, unknown>;
  const bytes = strToU8(JSON.stringify({ ...recording, id: 'my-tpgm', title: 'My TPGM run' }));
  const index = JSON.parse(strFromU8(files['recordings/index.json'])) as { recordings: Record<string, unknown>[] };
  const entry = {
    ...index.recordings[0],
    id: 'my-tpgm',
    title: 'My TPGM run',
    bytes: bytes.length,
    sha256: sha(bytes),
  };
  files['recordings/my-tpgm.json'] = bytes;
  files['recordings/index.json'] = strToU8(JSON.stringify({ ...index, recordings: [...index.recordings, entry] }));
  const manifest = JSON.parse(strFromU8(files['project.json'])) as { files: Record<string, object> };
  for (const path of ['recordings/my-tpgm.json', 'recordings/index.json'])
    manifest.files[path] = { bytes: files[path].length, sha256: sha(files[path]) };
  files['project.json'] = strToU8(JSON.stringify(manifest));
  return Buffer.from(zipSync(files));
}

test('a project file round-trips runs, settings and recordings into a fresh browser; a damaged one changes nothing', async ({
  page,
  browser,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await page.getByLabel('Seed', { exact: true }).fill('5'); // a setting changed after the run
  const picker = page.getByTestId('recorded-picker');
  await picker.focus(); // the recordings are read when the chooser is first used
  await expect(picker.locator('option[value="mnist-b1-tpgm-s0"]')).toHaveCount(1);
  await picker.selectOption('mnist-b1-tpgm-s0');
  const rows = page.getByLabel('runs table').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect.poll(() => new URL(page.url()).hash).toContain('seed=5');
  const hash = new URL(page.url()).hash;

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save project (.zip)' }).click(),
  ]);
  const name = download.suggestedFilename();
  expect(name).toMatch(/^tpgm-project-\d{4}-\d\d-\d\d\.zip$/);
  await expect(page.getByTestId('project-result')).toHaveText(
    `Saved ${name}: the run settings, 2 runs, ${SHIPPED} recordings.`,
  );
  const zip = Buffer.concat(await (await download.createReadStream()).toArray());
  const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(zip))['project.json'])) as Record<string, unknown>;
  expect(manifest).toMatchObject({ format: 'tpgm-project/1', holds: { settings: true, runs: 2, recordings: SHIPPED } });

  // a fresh browser: its own storage, no runs, the default settings
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const freshErrors = captureErrors(fresh);
  await fresh.goto('/');
  await waitForGallery(fresh, 'mnist');
  await expect(fresh.getByText('No finished runs yet.')).toBeVisible();
  await expect(fresh.getByLabel('Seed', { exact: true })).toHaveValue('0');
  await openFile(fresh, name, zip);
  await expect(fresh.getByRole('status').filter({ hasText: 'Opened' })).toHaveText(
    new RegExp(
      `^Opened ${name.replace(/\./g, '\\.')} \\(saved \\d{4}-\\d\\d-\\d\\d\\): ${SHIPPED} recordings already in this app; ` +
        '2 runs added; settings applied; lecture view restored\\.$',
    ),
  );
  const freshRows = fresh.getByLabel('runs table').locator('tbody tr');
  await expect(freshRows).toHaveCount(2);
  await expect(freshRows.locator('[data-testid="recorded-tag"]')).toHaveCount(1);
  await expect(fresh.locator('tr[data-method="full-ft"] [data-testid="run-steps"]')).toHaveText('30');
  await expect(fresh.getByLabel('Seed', { exact: true })).toHaveValue('5');
  await expect(fresh.getByLabel('Steps', { exact: true })).toHaveValue('30');
  await expect(fresh.getByLabel('Method', { exact: true })).toHaveValue('full-ft');
  await expect.poll(() => new URL(fresh.url()).hash).toBe(hash);
  // the recording is back in the chooser, already added to the runs
  const freshPicker = fresh.getByTestId('recorded-picker');
  await expect(freshPicker.locator('option[value="mnist-b1-tpgm-s0"]')).toHaveAttribute('disabled', '');
  const table = await fresh.getByLabel('runs table').innerText();

  // a recording this app does not ship joins the chooser; the runs are not doubled
  await openFile(fresh, 'own.zip', withOwnRecording(zip));
  await expect(fresh.getByRole('status').filter({ hasText: 'own.zip' })).toContainText(
    `${SHIPPED} recordings already in this app, 1 recording added; 0 runs added, 2 already here`,
  );
  await expect(freshPicker.locator('option[value="my-tpgm"]')).toHaveText(/^My TPGM run \(recorded/);
  await expect(freshRows).toHaveCount(2);

  // a damaged file: refused with the reason, nothing changed
  await openFile(fresh, 'damaged.zip', zip.subarray(0, zip.length - 100));
  await expect(fresh.getByRole('alert').filter({ hasText: 'damaged.zip' })).toHaveText(
    'damaged.zip was not opened: it is not a zip archive, or it is damaged or cut short (no end of its central ' +
      'directory). Nothing was changed.',
  );
  expect(await fresh.getByLabel('runs table').innerText()).toBe(table);
  await expect(fresh.getByLabel('Seed', { exact: true })).toHaveValue('5');
  expect(errors).toEqual([]);
  expect(freshErrors).toEqual([]);
  await context.close();
});
