/**
 * A chart put full screen (the lecture view's F key) draws its text larger with it: tick, axis-title and
 * bar-label text at least 14 px on a 1024×768 screen and larger on a larger one, never the panel's 14 px
 * on a drawing the size of the screen; the tooltip still finds the bar under the pointer, and a picture
 * saved from full screen is the chart as drawn, its legend under it.
 */
import { readFile } from 'node:fs/promises';

import { expect, test, type Locator, type Page } from '@playwright/test';

import { openLecture, storyTo } from './helpers/lecture';

test.use({ viewport: { width: 1024, height: 768 } });

/** The smallest size (px on screen) of the texts `sel` of the SVG of `chart`: CSS size × the SVG's scale. */
const smallestText = (chart: Locator, sel: string): Promise<number> =>
  chart.locator(`svg.chart-surface ${sel}`).evaluateAll((texts) =>
    Math.min(
      ...texts.map((t) => {
        const svg = (t as SVGElement).ownerSVGElement;
        if (!svg) return Number.NaN;
        const shown = svg.getBoundingClientRect().width / svg.width.baseVal.value;
        return Number.parseFloat(getComputedStyle(t).fontSize) * shown;
      }),
    ),
  );

const legendText = (chart: Locator): Promise<number> =>
  chart
    .locator('.chart-legend-item-text')
    .first()
    .evaluate((t) => Number.parseFloat(getComputedStyle(t).fontSize));

const fullScreenHolds = (page: Page, testId: string): Promise<boolean> =>
  page.evaluate(
    (id) => document.fullscreenElement?.contains(document.querySelector(`[data-testid="${id}"]`)) ?? false,
    testId,
  );

test('a chart in full screen scales its text with it, and its tooltip still follows the pointer', async ({ page }) => {
  await openLecture(page);
  await storyTo(page, 3); // "why": the drift chart is highlighted
  const chart = page.getByTestId('drift-chart');
  const texts = ['.chart-tick', '.chart-bar-label'];
  for (const sel of texts) await expect.poll(() => smallestText(chart, sel)).toBeCloseTo(14, 1);

  await page.keyboard.press('f');
  await expect.poll(() => fullScreenHolds(page, 'drift-chart')).toBe(true);
  // 1024×768: larger than the panel's 14 px
  for (const sel of texts) await expect.poll(() => smallestText(chart, sel)).toBeGreaterThanOrEqual(16);
  const at1024 = await smallestText(chart, '.chart-tick');
  expect(await legendText(chart)).toBeGreaterThanOrEqual(16);

  // the tooltip of the bar under the pointer, in the scaled drawing
  const conv3 = chart.locator('.chart-x-axis .chart-tick', { hasText: 'conv3' });
  const box = await conv3.boundingBox();
  if (!box) throw new Error('no conv3 label');
  await page.mouse.move(box.x + box.width / 2, box.y - 40);
  await expect(chart.locator('.chart-tooltip-title')).toHaveText('conv3');

  // saved from full screen, the picture is the chart as drawn, its legend just under the drawing
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    chart.getByRole('button', { name: /as SVG$/ }).click(),
  ]);
  const saved = await readFile(await file.path(), 'utf8');
  const picture = await page.evaluate((svg) => {
    const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
    const drawing = root.querySelector(':scope > svg');
    return {
      drawingWidth: Number(drawing?.getAttribute('width')),
      drawingHeight: Number(drawing?.getAttribute('height')),
      legendYs: Array.from(root.querySelectorAll(':scope > g > text'), (t) => Number(t.getAttribute('y'))),
    };
  }, saved);
  const drawn = await chart.locator('svg.chart-surface').evaluate((svg) => (svg as SVGSVGElement).width.baseVal.value);
  expect(picture.drawingWidth).toBe(drawn);
  expect(picture.legendYs.length).toBeGreaterThan(0);
  for (const y of picture.legendYs) {
    expect(y).toBeGreaterThan(picture.drawingHeight);
    expect(y).toBeLessThan(picture.drawingHeight + 40);
  }

  // a larger screen: larger text still
  await page.setViewportSize({ width: 1600, height: 1000 });
  await expect.poll(() => smallestText(chart, '.chart-tick')).toBeGreaterThan(at1024 * 1.2);

  // out of full screen: the panel's own size again
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.evaluate(() => document.exitFullscreen());
  await expect.poll(() => fullScreenHolds(page, 'drift-chart')).toBe(false);
  await expect.poll(() => smallestText(chart, '.chart-tick')).toBeCloseTo(14, 1);
});
