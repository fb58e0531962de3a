import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun } from './helpers/page';

/**
 * Runs leave and come back as a file: Export JSON, Clear runs, Import JSON gives the same table; the
 * same file again is recognised (no doubled rows); a foreign JSON is refused with the reason and the
 * table keeps its rows. Imported runs are saved like the tab's own, so they are there after a reload.
 * Clear runs forgets the trained models too, and an exported run carries none: its row offers no .zip.
 */

/** Picks `file` through the Import JSON button (pressed with the keyboard when `keyboard`). */
async function importFile(
  page: Page,
  file: { name: string; mimeType: string; buffer: Buffer },
  keyboard = false,
): Promise<void> {
  const button = page.getByRole('button', { name: 'Import JSON…' });
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    keyboard ? button.focus().then(() => page.keyboard.press('Enter')) : button.click(),
  ]);
  await chooser.setFiles(file);
}

test('runs export → clear → import gives the same table; a repeat is not doubled; a foreign file is refused', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  const table = page.getByLabel('runs table');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(1);
  const before = await table.innerText();
  // the same table but its last column, the trained model's .zip
  const saved = (text: string) => text.replace(/\t(\.zip|–)$/gm, '');
  expect(before).toMatch(/\t\.zip$/m);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('tpgm-runs.json');
  const buffer = Buffer.concat(await (await download.createReadStream()).toArray());
  expect(JSON.parse(buffer.toString('utf8'))).toMatchObject({ format: 'tpgm-runs/1', runs: [{ state: 'finished' }] });
  const exported = { name: 'tpgm-runs.json', mimeType: 'application/json', buffer };

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Clear runs' }).click();
  await expect(table).toHaveCount(0);
  await expect(page.getByText('No finished runs yet.')).toBeVisible();

  await importFile(page, exported);
  await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText(
    'Imported 1 run from tpgm-runs.json.',
  );
  await expect(rows).toHaveCount(1);
  expect(saved(await table.innerText())).toBe(saved(before));
  await expect(rows.first().locator('td').last()).toHaveText('–');

  // the same file again, chosen with the keyboard: recognised, not added twice
  await importFile(page, exported, true);
  await expect(page.getByRole('status').filter({ hasText: 'already here' })).toHaveText(
    'No run imported from tpgm-runs.json; 1 was already here.',
  );
  await expect(rows).toHaveCount(1);

  // another app's JSON: refused with the reason, nothing lost
  const packageJson = JSON.stringify({ name: 'some-app', version: '1.0.0', scripts: { build: 'vite build' } });
  await importFile(page, { name: 'package.json', mimeType: 'application/json', buffer: Buffer.from(packageJson) });
  await expect(page.getByRole('alert').filter({ hasText: 'package.json' })).toHaveText(
    'package.json was not imported: it has no "format" field, so it is not a runs export of this app ' +
      '(its fields: name, version, scripts). The table is unchanged.',
  );
  await expect(rows).toHaveCount(1);
  expect(saved(await table.innerText())).toBe(saved(before));

  // the imported run was saved like the tab's own: it is there after a reload
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect.poll(async () => saved(await table.innerText())).toBe(saved(before)); // (once the domains are known)
  await expect(rows.first().locator('td').last()).toHaveText('–');
  expect(errors).toEqual([]);
});
