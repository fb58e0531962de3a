import { expect, test } from '@playwright/test';

import { recordViolations } from './helpers/csp';
import { captureErrors, setUpRun } from './helpers/page';

/**
 * The Content-Security-Policy (vite.config.ts): sent as a header by `vite preview` (the worker's script
 * too) and carried by the built index.html as a meta tag. The app works under it with no violation,
 * and the check that says so does see one when something breaks the policy.
 */

test('the app runs under a strict CSP (header and meta tag) with no violation, in the page or the worker', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const violations = await recordViolations(page);
  const response = await page.goto('/');
  const header = (await response?.allHeaders())?.['content-security-policy'] ?? '';
  expect(header).toContain("default-src 'self'");
  expect(header).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(header).not.toContain('unsafe-inline');
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /script-src 'self' 'wasm-unsafe-eval'/,
  );
  // train on the default backend (WASM here: WebAssembly under 'wasm-unsafe-eval') and draw every chart
  await setUpRun(page, 'tpgm', 30, 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
  await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
  // the check can fail: an inline script is refused and seen
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.inlineRan = true';
    document.head.append(s);
  });
  // (reported once per policy that refuses it: the header's and the meta tag's)
  await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
  expect((await violations()).every((v) => v.startsWith('script-src'))).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
});
