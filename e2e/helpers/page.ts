/** Shared e2e helpers: console-error capture and waiting for the worker to be ready. */
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
