/**
 * The lecture view on a phone (390×844), where the panels stack under the story: each story step
 * scrolls the panel it highlights into view, smoothly, or at once when the reader asked for reduced
 * motion; Back / Next stay at hand at the bottom of the screen.
 */
import { expect, test, type Page } from '@playwright/test';

import { openLecture } from './helpers/lecture';

test.use({ viewport: { width: 390, height: 844 } });

/** The `behavior` of every scrollIntoView the page asked for, in order (the scroll itself still happens). */
const scrollsAsked = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { scrollsAsked: string[] }).scrollsAsked);

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const asked: string[] = [];
    (window as unknown as { scrollsAsked: string[] }).scrollsAsked = asked;
    const original = Element.prototype.scrollIntoView;
    Element.prototype.scrollIntoView = function (this: Element, arg?: boolean | ScrollIntoViewOptions) {
      asked.push(typeof arg === 'object' ? (arg.behavior ?? 'auto') : 'auto');
      original.call(this, arg);
    };
  });
});

test('on a phone each story step scrolls the panel it highlights into view', async ({ page }) => {
  await openLecture(page);
  const view = page.getByTestId('lecture-view');
  const next = page.getByRole('button', { name: 'Next →' });
  // the page opens at the story, not at a panel
  await expect(page.getByTestId('story')).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  // step → the panel it highlights (the first of them), which starts below the screen
  const highlighted: [number, string][] = [
    [1, 'lecture-accuracy'],
    [3, 'drift-chart'],
    [4, 'lecture-radius'],
    [6, 'lecture-tradeoff'],
  ];
  for (const [step, id] of highlighted) {
    while (Number(await view.getAttribute('data-story')) < step) {
      await expect(next).toBeInViewport(); // Next stays on screen wherever the page stands
      await next.click();
    }
    await expect(view).toHaveAttribute('data-story', String(step));
    const panel = page.locator('section.lecture-panel.focus').filter({ has: page.getByTestId(id) });
    await expect(panel).toHaveCount(1);
    await expect(panel).toBeInViewport({ ratio: 0.9 });
  }
  expect(await scrollsAsked(page)).toContain('smooth');
  // back to the story's first panel: the page scrolls up to it
  await page.getByRole('button', { name: '← Back' }).click();
  await expect(view).toHaveAttribute('data-story', '5');
  await expect(page.getByTestId('projection-picture')).toBeInViewport({ ratio: 0.5 });
});

test('with reduced motion the story’s scroll is immediate', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openLecture(page);
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '1');
  await expect(
    page.locator('section.lecture-panel.focus').filter({ has: page.getByTestId('lecture-accuracy') }),
  ).toBeInViewport({
    ratio: 0.9,
  });
  const asked = await scrollsAsked(page);
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.every((b) => b === 'auto' || b === 'instant')).toBe(true);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, isMobile: true });

  test('the save buttons, always shown there, cover no chart’s title', async ({ page }) => {
    await openLecture(page);
    expect(await page.evaluate(() => matchMedia('(hover: none)').matches)).toBe(true);
    for (let i = 0; i < 7; i++) await page.getByRole('button', { name: 'Next →' }).click();
    const overlaps = await page.locator('.lecture-chart').evaluateAll((figures) =>
      figures.flatMap((f) => {
        const caption = f.querySelector(':scope > figcaption');
        const save = f.querySelector(':scope > .chart-save');
        if (!caption || !save) return [];
        // the caption's text (its padding left out) against the buttons' box
        const range = document.createRange();
        range.selectNodeContents(caption);
        const words = Array.from(range.getClientRects());
        const b = save.getBoundingClientRect();
        const hit = words.some((w) => w.right > b.left + 1 && w.left < b.right && w.bottom > b.top && w.top < b.bottom);
        return hit ? [caption.textContent ?? ''] : [];
      }),
    );
    expect(overlaps).toEqual([]);
  });
});
