/**
 * The lecture view's settings drawer (issue #12: "setup controls and backend notes hidden; a settings
 * drawer brings them back"): the lab's own setup panels open over the lecture without leaving it, the
 * story's keys stay off while it is open, Escape and a click outside close it and the focus goes back
 * to its button, a choice made in it stays, and axe finds nothing serious with it open.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

import { openLecture } from './helpers/lecture';
import { captureErrors } from './helpers/page';

test.use({ viewport: { width: 1024, height: 768 } });

test('the settings drawer brings back the setup and the backend notes, in the lecture view', async ({ page }) => {
  const errors = captureErrors(page);
  await openLecture(page);
  const view = page.getByTestId('lecture-view');
  const opener = page.getByRole('button', { name: 'Settings', exact: true });
  const drawer = page.getByRole('dialog', { name: 'Settings' });
  // hidden until asked for
  await expect(drawer).toHaveCount(0);
  await expect(page.getByTestId('backend-name')).toHaveCount(0);
  await expect(opener).toHaveAttribute('aria-expanded', 'false');

  await opener.click();
  await expect(drawer).toBeVisible();
  await expect(opener).toHaveAttribute('aria-expanded', 'true');
  // the lab's own panels: backend notes, Start, model and method, dataset
  await expect(drawer.getByTestId('backend-name')).toBeVisible();
  await expect(drawer.getByRole('heading', { name: 'Fine-tune' })).toBeVisible();
  await expect(drawer.getByRole('heading', { name: 'Dataset' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: 'Start' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: 'Close' })).toBeFocused();
  // still the lecture view, and the link still says so
  await expect(view).toBeVisible();
  await expect(page).toHaveURL(/view=lecture/);

  // a modal drawer: the story's keys are off while it is open (a key pressed there is for its controls)
  const method = drawer.getByRole('combobox', { name: 'Method', exact: true });
  await method.selectOption('full-ft');
  await drawer.getByRole('button', { name: 'Close' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('f');
  await expect(drawer).toBeVisible();
  await expect(view).toHaveAttribute('data-story', '0');
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
  // axe, with the drawer open
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Escape closes it and gives the focus back to its button; the story's keys work again
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(opener).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(view).toHaveAttribute('data-story', '1');

  // what was chosen in it stays: the method, and a dataset other than the recordings'
  await opener.click();
  await expect(drawer.getByRole('combobox', { name: 'Method', exact: true })).toHaveValue('full-ft');
  await drawer.getByRole('combobox', { name: 'Dataset', exact: true }).selectOption('fashion-mnist');
  await expect(drawer.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('fashion-mnist');
  // a click outside the drawer (on the dimmed lecture) closes it too
  await page.mouse.click(20, 400);
  await expect(drawer).toHaveCount(0);
  await expect(opener).toBeFocused();
  await opener.click();
  await expect(drawer.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('fashion-mnist');
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toHaveCount(0);
  await expect(opener).toBeFocused();
  // the lab is still one button away
  await page.getByTestId('view-switch').click();
  await expect(page).not.toHaveURL(/view=lecture/);
  await expect(view).toHaveCount(0);
  expect(errors).toEqual([]);
});
