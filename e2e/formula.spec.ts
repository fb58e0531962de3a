import { expect, test, type Locator } from '@playwright/test';

import { recordViolations } from './helpers/csp';
import { captureErrors, waitForGallery } from './helpers/page';

/**
 * Formulas typeset as mathematics: the method card shows its update rule as MathML (KaTeX's MathML
 * output, no KaTeX stylesheet or font), for TPGM and every other method, fitting the card at 1024×768,
 * in the text colour of either theme, and with no inline style for the CSP to refuse.
 */

/** The typeset formula's box: its width against the card's, and whether anything in it has a style attribute. */
async function measure(formula: Locator): Promise<{ scroll: number; client: number; styled: number }> {
  return formula.evaluate((el) => ({
    scroll: el.scrollWidth,
    client: el.clientWidth,
    styled: el.querySelectorAll('[style]').length,
  }));
}

test('the method card typesets every method’s formula as MathML that fits at 1024×768, with no CSP violation', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const violations = await recordViolations(page);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const settings = page.getByRole('group', { name: 'method settings' });
  const formula = settings.locator('.formula');
  const method = page.getByLabel('Method', { exact: true });

  // TPGM, the default: the projection about θ0 and the radius step on the validation loss, as mathematics
  await expect(method).toHaveValue('tpgm');
  const math = settings.locator('math');
  await expect(math).toHaveCount(1);
  await expect(math).toBeVisible();
  await expect(math).toHaveAttribute('display', 'block');
  await expect(math.locator('mfrac').first()).toBeVisible();
  await expect(math.locator('annotation')).toHaveText(/\\tilde\\theta-\\theta_0/);
  await expect(settings.locator('.formula-plain')).toHaveCount(0);

  const ids = await method
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(ids.length).toBeGreaterThanOrEqual(11);
  for (const id of ids) {
    await method.selectOption(id);
    await expect(settings.locator('math'), id).toBeVisible();
    await expect(settings.locator('.formula-plain'), id).toHaveCount(0);
    const box = await measure(formula);
    expect(box.styled, `${id}: elements with a style attribute`).toBe(0);
    expect(box.scroll, `${id}: formula ${box.scroll} px wide in a ${box.client} px card`).toBeLessThanOrEqual(
      box.client + 1,
    );
  }

  // the formula takes the theme's text colour, so it reads in the dark theme as in the light one
  await method.selectOption('tpgm');
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
    const [mathColour, textColour] = await page.evaluate(() => [
      getComputedStyle(document.querySelector('.formula math') as Element).color,
      getComputedStyle(document.documentElement).getPropertyValue('--color-text').trim(),
    ]);
    const hex = (rgb: string): string =>
      '#' +
      (rgb.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map((c) => Number(c).toString(16).padStart(2, '0'))
        .join('');
    expect(hex(mathColour), theme).toBe(textColour);
  }

  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});
