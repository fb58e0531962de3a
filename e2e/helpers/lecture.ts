/** What the lecture view's specs share: opening it with the recordings in, and reading a shipped recording. */
import { expect, type Page } from '@playwright/test';

import type { Recording, RecordingIndex } from '../../src/worker/recording';

/** `?view=lecture`, once the story's first step is set up (the recordings are in). */
export async function openLecture(page: Page): Promise<void> {
  await page.goto('/?view=lecture');
  await expect(page.getByTestId('lecture-view')).toBeVisible();
  await expect(page.getByTestId('replay-source')).toContainText('recorded');
}

/** The shipped MNIST B1 recording of `method`, as served. */
export async function recording(page: Page, method: string): Promise<Recording> {
  const index = (await (await page.request.get('/recordings/index.json')).json()) as RecordingIndex;
  const entry = index.recordings.find((r) => r.datasetId === 'mnist' && r.recipe === 'b1-sgd' && r.method === method);
  if (!entry) throw new Error(`no mnist B1 ${method} recording`);
  return (await (await page.request.get(`/recordings/${entry.id}.json`)).json()) as Recording;
}

/** Press → until the story stands at `step` (0-based). */
export async function storyTo(page: Page, step: number): Promise<void> {
  const view = page.getByTestId('lecture-view');
  for (let i = 0; i < 8 && Number(await view.getAttribute('data-story')) < step; i++)
    await page.keyboard.press('ArrowRight');
  await expect(view).toHaveAttribute('data-story', String(step));
}
