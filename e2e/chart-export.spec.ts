/**
 * Saving charts (issue #13): after a short run the accuracy chart saves as a PNG that decodes to the
 * chart's rendered size × the pixel ratio of the export, and as an SVG that parses, carries the chart's
 * title, the run and its settings, and resolved colours (no var()), on the theme's background, in the
 * light and the dark theme, with no CSP violation. In the lecture view every chart has its save buttons,
 * out of sight until the pointer is on the panel, and the screen still does not scroll.
 */
import { readFile } from 'node:fs/promises';

import { expect, test, type Locator, type Page } from '@playwright/test';

import { PNG_SCALE } from '../src/ui/charts/chart-export';
import { recordViolations } from './helpers/csp';
import { captureErrors, setUpRun } from './helpers/page';

/** Clicks `button` and returns the file it downloads. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  // kept beside the test's results, to be looked at
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

/** A PNG's size from its IHDR chunk: the 8-byte signature, the chunk's length and type, then width, height. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * A page of its own (about:blank, no CSP) to read the saved files in: a document the app's page parses
 * inherits the app's CSP and reports every style attribute of the SVG, which the saved file rightly has.
 */
const reader = async (page: Page): Promise<Page> => {
  const blank = await page.context().newPage();
  await blank.goto('about:blank');
  return blank;
};

/** The PNG decoded by the browser: its size, how many colours it has, its top-left pixel. */
const decodePng = (page: Page, bytes: Buffer) =>
  page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.drawImage(image, 0, 0);
    const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return {
      width: image.naturalWidth,
      height: image.naturalHeight,
      colours: colours.size,
      corner: [...data.slice(0, 4)],
    };
  }, bytes.toString('base64'));

/** The SVG parsed by the browser: any parse error, its size, its chart's size, its text and its background. */
const parseSvg = (page: Page, text: string) =>
  page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    const root = doc.documentElement;
    const chart = root.querySelector(':scope > svg');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      chart: { width: Number(chart?.getAttribute('width')), height: Number(chart?.getAttribute('height')) },
      text: Array.from(root.querySelectorAll('text'), (t) => t.textContent).join('\n'),
      background: root.querySelector(':scope > rect')?.getAttribute('style') ?? '',
    };
  }, text);

test('the accuracy chart saves as a PNG of its size × the export’s pixel ratio and as an SVG with its title, run and colours', async ({
  page,
}) => {
  const violations = await recordViolations(page);
  const errors = captureErrors(page);
  await setUpRun(page, 'full-ft', 30, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 150_000 });
  const figure = page.locator('figure', { has: page.locator('#accuracy-caption') });
  const box = await figure.locator('.chart-plot > svg.chart-surface').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });

  const png = await download(page, page.getByRole('button', { name: 'Save the accuracy chart as PNG' }));
  expect(png.name).toMatch(/^tpgm-accuracy-chart-\d{4}-\d\d-\d\d-\d{4}\.png$/);
  const size = pngSize(png.bytes);
  const svgFile = await download(page, page.getByRole('button', { name: 'Save the accuracy chart as SVG' }));
  expect(svgFile.name).toMatch(/^tpgm-accuracy-chart-.*\.svg$/);
  const svg = svgFile.bytes.toString('utf8');
  const files = await reader(page);
  const parsed = await parseSvg(files, svg);
  expect(parsed.error).toBeNull();
  // the chart at its rendered size, with the title above it and the caption below
  expect(parsed.width).toBe(Math.ceil(box.width));
  expect(parsed.chart.width).toBeCloseTo(box.width, 1);
  expect(parsed.chart.height).toBeCloseTo(box.height, 1);
  expect(parsed.height).toBeGreaterThan(box.height + 40);
  expect(size).toEqual({ width: parsed.width * PNG_SCALE, height: parsed.height * PNG_SCALE });
  const decoded = await decodePng(files, png.bytes);
  expect({ width: decoded.width, height: decoded.height }).toEqual(size);
  expect(decoded.colours).toBeGreaterThan(8); // a picture, not a blank
  expect(decoded.corner).toEqual([255, 255, 255, 255]); // the light theme's surface, opaque
  // title, legend, the run and its settings; colours resolved, nothing left to the page's stylesheet
  expect(parsed.text).toContain('Test accuracy (%) per domain');
  expect(parsed.text).toContain('Clean');
  expect(parsed.text).toMatch(/run \d+ \(finished\): FT · mnist · mlp from scratch · seed 0 · 30 steps/);
  expect(parsed.text).toContain('Saved from the TPGM Playground');
  expect(svg).not.toContain('var(');
  expect(svg).toMatch(/stroke: rgb\(\d+, \d+, \d+\)/);
  const surface = (): Promise<string> =>
    page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-surface').trim());
  expect(parsed.background).toBe(`fill: ${await surface()}`);

  // the dark theme: its own surface behind the chart and light text on it
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = (await download(page, page.getByRole('button', { name: 'Save the accuracy chart as SVG' }))).bytes;
  const darkParsed = await parseSvg(files, dark.toString('utf8'));
  expect(darkParsed.background).toBe(`fill: ${await surface()}`);
  expect(darkParsed.background).not.toBe(parsed.background);
  expect(dark.toString('utf8')).toMatch(/fill: #e6e9ef; font-size: 14px/); // the title in the dark text colour
  const darkPng = await download(page, page.getByRole('button', { name: 'Save the accuracy chart as PNG' }));
  expect((await decodePng(files, darkPng.bytes)).corner).toEqual([0x1b, 0x1f, 0x27, 255]);

  // every chart of the run has its pair, named after it
  for (const chart of ['accuracy chart', 'loss chart', 'per-layer drift chart', 'trade-off chart'])
    await expect(page.getByRole('button', { name: `Save the ${chart} as PNG` })).toBeVisible();
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('in the lecture view every chart saves, its buttons out of sight until the pointer is on it, with no scrolling', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const violations = await recordViolations(page);
  const errors = captureErrors(page);
  await page.goto('/?view=lecture');
  await expect(page.getByTestId('replay-source')).toContainText('recorded');
  const save = page.getByTestId('lecture-accuracy').getByRole('button', { name: 'Save the accuracy chart as PNG' });
  for (const id of ['drift-chart', 'lecture-accuracy', 'lecture-tradeoff'])
    await expect(page.getByTestId(id).getByRole('button', { name: /^Save the .* as SVG$/ })).toHaveCount(1);
  const group = page.getByTestId('lecture-accuracy').locator('.chart-save');
  await expect(group).toHaveCSS('opacity', '0');
  await page.getByTestId('lecture-accuracy').hover();
  await expect(group).toHaveCSS('opacity', '1');
  const png = await download(page, save);
  const size = pngSize(png.bytes);
  const width = await page
    .getByTestId('lecture-accuracy')
    .locator('.chart-plot > svg.chart-surface')
    .evaluate((el) => el.getBoundingClientRect().width);
  expect(size.width).toBe(Math.ceil(width) * PNG_SCALE);
  // a button reached by keyboard shows itself
  await page.mouse.move(0, 0);
  await page
    .getByTestId('drift-chart')
    .getByRole('button', { name: /as PNG$/ })
    .focus();
  await expect(page.getByTestId('drift-chart').locator('.chart-save')).toHaveCSS('opacity', '1');
  const svg = (await download(page, page.getByTestId('lecture-tradeoff').getByRole('button', { name: /as SVG$/ })))
    .bytes;
  const parsed = await parseSvg(await reader(page), svg.toString('utf8'));
  expect(parsed.error).toBeNull();
  expect(parsed.text).toContain('Where the runs end');
  expect(parsed.text).toMatch(/recorded \d{4}-\d\d-\d\d · wasm · seed 0/);
  const scroll = await page.evaluate(() => ({
    h: document.documentElement.scrollHeight - window.innerHeight,
    w: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(scroll.h).toBeLessThanOrEqual(1);
  expect(scroll.w).toBeLessThanOrEqual(1);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});
