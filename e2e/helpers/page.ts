/** Shared e2e helpers: console-error capture, waiting for the worker to be ready, setting up a short run. */
import { expect, type Page } from '@playwright/test';

/** Collects console errors and page errors for the test to assert on. */
export function captureErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Waits until the backend is reported and the gallery shows every domain for `dataset`. */
export async function waitForGallery(page: Page, dataset = 'mnist'): Promise<void> {
  await expect(page.getByTestId('backend-name')).toBeVisible();
  await expect(page.locator(`[data-testid="gallery"][data-dataset="${dataset}"] tr`)).toHaveCount(8);
}

/** Mean pixel value of every canvas in a gallery row (0–255), read from the page. */
export async function rowBrightness(page: Page, domain: string): Promise<number[]> {
  return page.locator(`tr[data-domain="${domain}"] canvas`).evaluateAll((canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data =
        canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += data[i];
      return sum / (data.length / 4);
    }),
  );
}

/**
 * Opens the app (with `query`) and sets up a short run of `model` (the MLP from scratch unless said):
 * `method`, `steps`, lr 0.05, 20 test images per class, an evaluation every `evalEvery` steps.
 */
export async function setUpRun(
  page: Page,
  method: string,
  steps: number,
  evalEvery: number,
  query = '',
  model = 'mlp',
): Promise<void> {
  await page.goto(`/${query}`);
  await waitForGallery(page, 'mnist');
  await page.getByLabel('Model', { exact: true }).selectOption(model.includes(':') ? model : `architecture:${model}`);
  await page.getByLabel('Method', { exact: true }).selectOption(method);
  await page.getByLabel('Steps', { exact: true }).fill(String(steps));
  await page.getByLabel('Learning rate', { exact: true }).fill('0.05');
  await page.getByText('Advanced').click();
  await page.getByLabel('Test images per class', { exact: true }).fill('20');
  await page.getByLabel('Evaluate every (steps)', { exact: true }).fill(String(evalEvery));
}
