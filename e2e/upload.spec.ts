import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { zipSync } from 'fflate';
import { expect, test } from '@playwright/test';

import { greyPng, pngDeclaring } from './helpers/png';
import { captureErrors, rowBrightness, waitForGallery } from './helpers/page';

/** A zip of `perClass` generated 32×32 PNGs per class: horizontal vs vertical stripes. */
function stripesZip(classes: Record<string, number>, extra: Record<string, Uint8Array> = {}): Buffer {
  const files: Record<string, Uint8Array> = { ...extra };
  for (const [cls, perClass] of Object.entries(classes)) {
    for (let i = 0; i < perClass; i++) {
      const horizontal = cls.startsWith('h');
      files[`shapes/${cls}/${i}.png`] = greyPng(32, 32, (x, y) => (((horizontal ? y : x) + i) % 8 < 3 ? 255 : 0));
    }
  }
  return Buffer.from(zipSync(files));
}

const zipInput = 'Upload a zip of images';

test('an uploaded zip of class folders becomes a dataset with a gallery', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const zip = stripesZip({ horizontal: 12, vertical: 10 }, { 'shapes/readme.txt': new TextEncoder().encode('hi') });
  await page.getByLabel(zipInput).setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByTestId('upload-ok')).toContainText('Loaded “shapes”: 22 images in 2 classes');
  await waitForGallery(page, 'upload:shapes');
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('upload:shapes');
  await expect(page.getByLabel('dataset card')).toContainText('1 file left out');
  await expect(page.getByRole('list', { name: 'files left out' }).getByRole('listitem')).toHaveText([/^readme\.txt: /]);
  // the stripes are decoded, not blank: roughly 3/8 of each image is white
  for (const b of await rowBrightness(page, 'clean')) expect(b).toBeGreaterThan(50);
  // the shipped datasets are still there
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('mnist');
  await waitForGallery(page, 'mnist');
  expect(errors).toEqual([]);
});

test('a corrupt archive, one class, and an empty class folder are refused with a message, and the app keeps working', async ({
  page,
}) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const input = page.getByLabel(zipInput);
  await input.setInputFiles({
    name: 'broken.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from('PK\u0003\u0004 this is not really a zip'),
  });
  await expect(page.getByTestId('upload-error')).toContainText('Upload refused: not a readable zip archive');
  await input.setInputFiles({ name: 'one.zip', mimeType: 'application/zip', buffer: stripesZip({ horizontal: 3 }) });
  await expect(page.getByTestId('upload-error')).toContainText('only one class ("horizontal")');
  const withEmpty = Buffer.from(
    zipSync({ 'd/a/1.png': greyPng(8, 8, () => 255), 'd/b/2.png': greyPng(8, 8, () => 0), 'd/c/': new Uint8Array() }),
  );
  await input.setInputFiles({ name: 'empty.zip', mimeType: 'application/zip', buffer: withEmpty });
  await expect(page.getByTestId('upload-error')).toContainText('class folder with no images: "c"');
  // nothing else was lost: MNIST is still selected and drawn
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('mnist');
  await expect(page.locator('[data-testid="gallery"][data-dataset="mnist"] tr')).toHaveCount(8);
});

/** 65 MiB of zeros, 1 MiB over the limit per file: deflate packs it into a 65 KB entry (1,000:1). */
const BOMB = new Uint8Array(65 * 2 ** 20);

test('a zip bomb and a class too small for the splits are refused with the numbers, and the app keeps working', async ({
  page,
}) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const input = page.getByLabel(zipInput);
  // nothing but a bomb in one class: refused, naming the file, its size and the limit
  const bombOnly = Buffer.from(zipSync({ 'bomb/a/zeros.png': BOMB, 'bomb/b/1.png': greyPng(8, 8, () => 255) }));
  expect(bombOnly.length).toBeLessThan(100_000);
  await input.setInputFiles({ name: 'bomb.zip', mimeType: 'application/zip', buffer: bombOnly });
  await expect(page.getByTestId('upload-error')).toContainText(
    'Upload refused: class folder with no images: "a" (skipped: a/zeros.png: too large: it unpacks to 65.0 MiB; ' +
      'the limit per file is 64.0 MiB)',
  );
  // a class with fewer images than test, val, select and train need
  await input.setInputFiles({
    name: 'small.zip',
    mimeType: 'application/zip',
    buffer: stripesZip({ horizontal: 12, vertical: 5 }),
  });
  await expect(page.getByTestId('upload-error')).toContainText(
    'too few images: class "vertical" has 5; the splits need at least 10 per class',
  );
  await expect(page.getByRole('combobox', { name: 'Dataset' })).toHaveValue('mnist');
  // a good dataset with a bomb and a path out of the archive beside it loads, and lists both as skipped
  const mixed = stripesZip(
    { horizontal: 12, vertical: 10 },
    { 'shapes/vertical/zeros.png': BOMB, '../evil.png': greyPng(8, 8, () => 0) },
  );
  await input.setInputFiles({ name: 'mixed.zip', mimeType: 'application/zip', buffer: mixed });
  await expect(page.getByTestId('upload-ok')).toContainText('Loaded “mixed”: 22 images in 2 classes');
  await waitForGallery(page, 'upload:mixed');
  const card = page.getByLabel('dataset card');
  await expect(card).toContainText('2 files left out');
  await expect(card).toContainText(
    'vertical/zeros.png: too large: it unpacks to 65.0 MiB; the limit per file is 64.0 MiB',
  );
  await expect(card).toContainText('../evil.png: unsafe path: it climbs out of the archive with ".."');
  // the shipped dataset still loads
  await page.getByRole('combobox', { name: 'Dataset' }).selectOption('mnist');
  await waitForGallery(page, 'mnist');
  expect(errors).toEqual([]);
});

test('JPEG and WebP images decode; an image bomb is refused by its header, not decoded', async ({ page }) => {
  const errors = captureErrors(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  // the browser's own encoders make the photos: stripes, horizontal or vertical, as JPEG and as WebP
  const photos = await page.evaluate(async () => {
    const out: Record<string, number[]> = {};
    for (const [type, ext] of [
      ['image/jpeg', 'jpg'],
      ['image/webp', 'webp'],
    ])
      for (const cls of ['horizontal', 'vertical'])
        for (let i = 0; i < 6; i++) {
          const canvas = new OffscreenCanvas(32, 32);
          const g = canvas.getContext('2d')!;
          g.fillStyle = '#000';
          g.fillRect(0, 0, 32, 32);
          g.fillStyle = '#fff';
          for (let k = i % 8; k < 32; k += 8) {
            if (cls === 'horizontal') g.fillRect(0, k, 32, 3);
            else g.fillRect(k, 0, 3, 32);
          }
          const blob = await canvas.convertToBlob({ type, quality: 0.95 });
          out[`photos/${cls}/${i}.${ext}`] = [...new Uint8Array(await blob.arrayBuffer())];
        }
    return out;
  });
  const files: Record<string, Uint8Array> = Object.fromEntries(
    Object.entries(photos).map(([k, v]) => [k, new Uint8Array(v)]),
  );
  files['photos/vertical/bomb.png'] = pngDeclaring(100_000, 100_000);
  files['photos/horizontal/notes.png'] = new TextEncoder().encode('not a picture');
  const zip = Buffer.from(zipSync(files));
  await page.getByLabel(zipInput).setInputFiles({ name: 'photos.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByTestId('upload-ok')).toContainText('Loaded “photos”: 24 images in 2 classes');
  await waitForGallery(page, 'upload:photos');
  for (const b of await rowBrightness(page, 'clean')) expect(b).toBeGreaterThan(50);
  await expect(page.getByLabel('dataset card')).toContainText('2 files left out');
  await expect(page.getByRole('list', { name: 'files left out' }).getByRole('listitem')).toHaveText([
    'horizontal/notes.png: not a PNG, JPEG or WebP image (its header could not be read)',
    'vertical/bomb.png: too many pixels: its PNG header declares 100,000 × 100,000 (10,000 megapixels); the limit is 50 megapixels',
  ]);
  expect(errors).toEqual([]);
});

test('a picked folder of class folders becomes a dataset', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'tpgm-folder-'));
  try {
    for (const cls of ['ring', 'dot']) {
      mkdirSync(join(root, 'toys', cls), { recursive: true });
      for (let i = 0; i < 10; i++) {
        const png = greyPng(20, 20, (x, y) => {
          const r = Math.hypot(x - 10, y - 10);
          return cls === 'ring' ? (Math.abs(r - 6 - (i % 2)) < 1.5 ? 255 : 0) : r < 3 + (i % 4) ? 255 : 0;
        });
        writeFileSync(join(root, 'toys', cls, `${i}.png`), png);
      }
    }
    await page.goto('/');
    await waitForGallery(page, 'mnist');
    await page.getByLabel('Upload a folder of images').setInputFiles(join(root, 'toys'));
    await expect(page.getByTestId('upload-ok')).toContainText('Loaded “toys”: 20 images in 2 classes');
    await waitForGallery(page, 'upload:toys');
    await expect(page.locator('tr[data-domain="clean"] canvas').first()).toHaveAttribute(
      'aria-label',
      /Clean: (dot|ring)/,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
