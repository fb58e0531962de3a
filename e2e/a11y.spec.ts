/**
 * Accessibility: axe finds no serious or critical violation in the light theme, the dark one the system
 * asks for, or the dark one forced over a light system (what ThemeSwitch sets), before and after a
 * short run; chart text and lines meet 4.5:1 and 3:1 in the page as drawn (axe cannot judge text in
 * an SVG); the charts have names; the file choosers work from the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import { zipSync } from 'fflate';
import { expect, test, type FileChooser, type Locator, type Page } from '@playwright/test';

import { greyPng } from './helpers/png';
import { setUpRun, waitForGallery } from './helpers/page';

interface ThemeCase {
  name: string;
  /** What the system asks for (prefers-color-scheme). */
  system: 'light' | 'dark';
  /** What the page forces through <html data-theme>, as ThemeSwitch does; undefined: follow the system. */
  forced?: 'light' | 'dark';
  /** The page background the theme must produce (styles.css --color-bg). */
  background: string;
}

const THEMES: ThemeCase[] = [
  { name: 'light', system: 'light', background: 'rgb(246, 247, 249)' },
  { name: 'dark from the system', system: 'dark', background: 'rgb(20, 23, 29)' },
  { name: 'dark forced on a light system', system: 'light', forced: 'dark', background: 'rgb(20, 23, 29)' },
  { name: 'light forced on a dark system', system: 'dark', forced: 'light', background: 'rgb(246, 247, 249)' },
];

async function applyTheme(page: Page, theme: ThemeCase): Promise<void> {
  await page.emulateMedia({ colorScheme: theme.system });
  await page.evaluate((forced) => {
    if (forced) document.documentElement.dataset.theme = forced;
    else delete document.documentElement.dataset.theme;
  }, theme.forced);
  await expect
    .poll(() => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor))
    .toBe(theme.background);
}

/** axe's serious and critical findings, one line per element ("rule: selector: why"). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`));
}

/**
 * Chart text under 4.5:1 or chart lines, bars and axes under 3:1 against their panel, from computed
 * styles. axe leaves these as "needs review": it cannot find the background of text inside an SVG.
 */
async function chartContrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    /** Any CSS colour as linear-light luminance (via the canvas, which normalises it to #rrggbb). */
    const luminance = (css: string): number => {
      ctx.fillStyle = '#000000';
      ctx.fillStyle = css;
      const hex = String(ctx.fillStyle);
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a: string, b: string): number => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const checks: [string, 'color' | 'fill' | 'stroke', number][] = [
      ['.chart figcaption', 'color', 4.5],
      ['.chart .chart-legend-item-text', 'color', 4.5],
      ['.chart .chart-tick', 'fill', 4.5],
      ['.chart .chart-axis-title', 'fill', 4.5],
      ['.chart .chart-bar-label', 'fill', 4.5],
      ['.chart .chart-line', 'stroke', 3],
      ['.chart .chart-bar', 'fill', 3],
      ['.chart .chart-bars-outline .chart-bar', 'stroke', 3],
      ['.chart .chart-axis-line', 'stroke', 3],
    ];
    const failures: string[] = [];
    for (const [selector, property, min] of checks) {
      for (const el of Array.from(document.querySelectorAll(selector))) {
        const panel = el.closest('.panel');
        const colour = getComputedStyle(el)[property];
        if (!panel || colour === 'none') continue;
        const ground = getComputedStyle(panel).backgroundColor;
        const r = ratio(colour, ground);
        if (r < min) failures.push(`${selector} ${property} ${colour} on ${ground}: ${r.toFixed(2)} < ${min}`);
      }
    }
    return failures;
  });
}

async function expectNoSeriousViolations(page: Page, charts = false): Promise<void> {
  for (const theme of THEMES) {
    await applyTheme(page, theme);
    expect(await seriousViolations(page), theme.name).toEqual([]);
    if (charts) expect(await chartContrastFailures(page), theme.name).toEqual([]);
  }
}

test('before a run: no serious or critical axe violations in either theme', async ({ page }) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await expectNoSeriousViolations(page);
});

test('after a short run: the charts are named, follow the theme, and have no serious or critical axe violations', async ({
  page,
}) => {
  await setUpRun(page, 'tpgm', 30, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  // figures are named by their captions, and so is each chart's focusable SVG
  for (const caption of [
    /^Test accuracy \(%\) per domain/,
    /^Loss: training batches/,
    /^Radius γ/,
    /^Learned radius γ/,
    /^How far each layer moved/, // the per-layer drift: its bars stepped through with the arrow keys too
  ]) {
    await expect(page.getByRole('figure', { name: caption })).toBeVisible();
    await expect(page.getByRole('application', { name: caption })).toBeVisible();
  }
  // series colours are CSS variables that the charts' SVG resolves per theme: the ID line is the text colour
  const idLine = page
    .getByRole('figure', { name: /^Test accuracy/ })
    .locator('.chart-line')
    .first();
  await applyTheme(page, THEMES[0]);
  await expect.poll(() => idLine.evaluate((el) => getComputedStyle(el).stroke)).toBe('rgb(29, 35, 48)');
  await applyTheme(page, THEMES[1]);
  await expect.poll(() => idLine.evaluate((el) => getComputedStyle(el).stroke)).toBe('rgb(230, 233, 239)');
  expect(await page.locator('.chart .chart-line').count()).toBeGreaterThan(8);
  await expectNoSeriousViolations(page, true);
});

/** Presses Tab until `target` has the focus (at most `limit` times): it is reachable from the keyboard. */
async function tabTo(page: Page, target: Locator, limit = 300): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`not reachable with Tab in ${limit} presses`);
}

/**
 * The file choosers the page opens, in order. It listens from the start: Playwright turns interception
 * on when a listener is added, asynchronously, so `waitForEvent('filechooser')` next to a key press can
 * miss the chooser (here about one run in three; the race of puppeteer/puppeteer#6040).
 */
function fileChoosers(page: Page): () => Promise<FileChooser> {
  const opened: FileChooser[] = [];
  page.on('filechooser', (chooser) => opened.push(chooser));
  let taken = 0;
  return async () => {
    await expect.poll(() => opened.length, { timeout: 10_000 }).toBeGreaterThan(taken);
    return opened[taken++];
  };
}

test('the image and model choosers open from the keyboard, and a zip chosen that way loads', async ({ page }) => {
  const nextChooser = fileChoosers(page);
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  await tabTo(page, page.getByRole('button', { name: 'Choose a zip…' }));
  await page.keyboard.press('Enter');
  const files: Record<string, Uint8Array> = {};
  // 10 per class: the fewest the splits take (one each for test, val, select and train)
  for (let i = 0; i < 10; i++) {
    files[`keys/dark/${i}.png`] = greyPng(16, 16, (x) => (x < 4 + i ? 40 : 0));
    files[`keys/light/${i}.png`] = greyPng(16, 16, (x) => (x < 4 + i ? 255 : 200));
  }
  const zip = Buffer.from(zipSync(files));
  await (await nextChooser()).setFiles({ name: 'keys.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByTestId('upload-ok')).toContainText('Loaded “keys”: 20 images in 2 classes');

  // Space works too; the folder chooser picks a directory
  await page.getByRole('button', { name: 'Choose a folder…' }).focus();
  await page.keyboard.press('Space');
  const folderChooser = await nextChooser();
  expect(await folderChooser.element().evaluate((el) => (el as HTMLInputElement).webkitdirectory)).toBe(true);

  // the model chooser is a native file input: focusable, and Space opens it
  await page.getByLabel('Load your own model').focus();
  await page.keyboard.press('Space');
  expect((await nextChooser()).isMultiple()).toBe(true);
});

test('the theme switch forces a theme from the mouse or the keyboard, and the choice is remembered', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const html = page.locator('html');
  const themes = page.getByRole('group', { name: 'Colour theme' });
  await expect(themes.getByRole('radio', { name: 'Auto' })).toBeChecked();
  await themes.getByText('Dark', { exact: true }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await waitForGallery(page, 'mnist');
  await expect(themes.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => html.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(THEMES[1].background);
  // arrow keys move through the group; Auto forgets the choice and follows the system again
  await themes.getByRole('radio', { name: 'Dark' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.keyboard.press('ArrowLeft');
  await expect(themes.getByRole('radio', { name: 'Auto' })).toBeChecked();
  await expect(html).not.toHaveAttribute('data-theme');
  expect(await page.evaluate(() => localStorage.getItem('tpgm-theme'))).toBeNull();
});
