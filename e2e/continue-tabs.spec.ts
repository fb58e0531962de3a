import { expect, test, type Page } from '@playwright/test';

import { captureErrors, setUpRun, waitForGallery } from './helpers/page';

/**
 * A run that several tabs find interrupted (a reload left it, and more tabs were open or opened) is
 * continued by one of them: the others stop offering it, told at once by the continuing tab
 * (BroadcastChannel), or refused by the run's lock where no message came.
 */

const offered = (page: Page) => page.getByRole('button', { name: /^Continue from step \d+$/ });
const told = 'Run 1 is being continued in another tab of this browser, so it is not offered here any more.';

test('one run found interrupted by three tabs is continued by one: the others stop offering it', async ({
  context,
}) => {
  const a = await context.newPage();
  const errors = captureErrors(a);
  await setUpRun(a, 'tpgm', 300, 40);
  await a.getByRole('button', { name: 'Start' }).click();
  await expect.poll(async () => Number(await a.getByTestId('steps-done').innerText())).toBeGreaterThan(90);
  a.once('dialog', (d) => void d.accept()); // "leave the page?" during a run: yes
  await a.reload();
  await waitForGallery(a, 'mnist');

  // b hears the other tabs; c gets no messages (no BroadcastChannel), so only the lock can stop it
  const b = await context.newPage();
  const c = await context.newPage();
  await c.addInitScript(() => Reflect.deleteProperty(window, 'BroadcastChannel'));
  for (const page of [a, b, c]) {
    if (page !== a) await page.goto('/');
    await waitForGallery(page, 'mnist');
    await expect(offered(page)).toHaveCount(1);
  }

  await offered(a).click();
  await expect(a.getByTestId('run-state')).toHaveAttribute('data-state', /preparing|warming-up|running|evaluating/);
  await expect(offered(a)).toHaveCount(0);
  await expect(offered(b)).toHaveCount(0);
  await expect(b.getByLabel('notices')).toContainText(told);

  await expect(offered(c)).toHaveCount(1);
  await offered(c).click();
  await expect(offered(c)).toHaveCount(0);
  await expect(c.getByLabel('notices')).toContainText(told);
  await expect(c.getByLabel('runs table').locator('tbody tr')).toHaveCount(1); // nothing started there
  await expect(c.getByTestId('run-state')).toHaveCount(0);
  expect(errors).toEqual([]);
});
