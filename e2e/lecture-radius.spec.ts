/**
 * Story step 5 draws TPGM's learned radius γ itself (issue #12): one bar per kernel, the recording's own
 * γ at the replay's position, on an axis of its own that names the norm γ bounds (MARS), never on the
 * drift chart's relative-% scale. Highlighted by the step, moving with the replay, and clean under axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import type { Recording } from '../src/worker/recording';
import { openLecture, recording, storyTo } from './helpers/lecture';

test.use({ viewport: { width: 1024, height: 768 } });

/** The recording's γ of each projected kernel at its last per-layer statistics at or before `step`. */
function radiiAt(r: Recording, step: number): { step: number; radii: Record<string, number> } {
  let found: { step: number; radii: Record<string, number> } | null = null;
  for (const { event } of r.entries)
    if (event.type === 'layers' && event.point.step <= step) {
      const radii: Record<string, number> = {};
      for (const l of event.point.layers)
        if (l.radius !== null && !l.isHead && l.name.endsWith('/kernel')) radii[l.name] = l.radius;
      found = { step: event.point.step, radii };
    }
  if (!found) throw new Error(`no layer statistics by step ${step}`);
  return found;
}

async function shownRadii(page: Page): Promise<{ step: number; radii: Record<string, number> }> {
  const items = page.getByTestId('radius-gamma-values').locator('li');
  const rows = await items.evaluateAll((lis) =>
    lis.map((li) => {
      const d = (li as HTMLElement).dataset;
      return { layer: d.layer ?? '', radius: Number(d.radius), step: Number(d.step) };
    }),
  );
  return { step: rows[0]?.step ?? Number.NaN, radii: Object.fromEntries(rows.map((r) => [r.layer, r.radius])) };
}

test('story step 5 draws TPGM’s learned radius γ per kernel, from the recording, on its own MARS-norm axis', async ({
  page,
}) => {
  await openLecture(page);
  const panel = page.getByTestId('lecture-radius');
  // not before the step that introduces γ
  await expect(panel).toHaveCount(0);
  await storyTo(page, 4);
  await expect(page.locator('#story-title')).toHaveText('TPGM: a learned radius per layer');
  await expect(panel).toBeVisible();
  await expect(panel).toBeInViewport({ ratio: 0.95 });
  // the step highlights it, and the drift chart beside it stays on screen
  await expect(page.locator('section.lecture-panel.focus').filter({ has: panel })).toHaveCount(1);
  await expect(page.getByTestId('drift-chart')).toBeVisible();
  // honestly labelled: the norm γ bounds, on an axis of its own, not the drift chart's %
  await expect(panel.locator('figcaption')).toHaveText(/learned radius γ per kernel, MARS norm \(step \d+\)/);
  await expect(panel.locator('.chart-axis-title')).toHaveText('γ (MARS norm)');
  await expect(panel.locator('.chart-y-axis .chart-tick').first()).not.toContainText('%');
  await expect(page.getByTestId('drift-chart')).not.toContainText('γ');
  // the recording's own numbers at the end (where the step stands), one bar each
  const tpgm = await recording(page, 'tpgm');
  const end = radiiAt(tpgm, Number.POSITIVE_INFINITY);
  expect(Object.keys(end.radii).length).toBeGreaterThan(0);
  await expect.poll(() => shownRadii(page)).toEqual(end);
  await expect(panel.locator('rect.chart-bar')).toHaveCount(Object.keys(end.radii).length);
  // it moves with the replay: seek back, and the radii are the recording's at that step
  await page.getByTestId('replay-seek').fill('120');
  await expect.poll(() => shownRadii(page)).toEqual(radiiAt(tpgm, 120));
  expect(radiiAt(tpgm, 120)).not.toEqual(end);
  // and the next step goes back to the projection picture in that slot
  await page.locator('#story-title').click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('projection-picture')).toBeVisible();
  await expect(panel).toHaveCount(0);
});

test('axe finds no serious or critical violation at story step 5', async ({ page }) => {
  await openLecture(page);
  await storyTo(page, 4);
  await expect(page.getByTestId('lecture-radius')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('at 1024 × 768 the projection’s sentence and numbers stay inside their panel, even at a degenerate step', async ({
  page,
}) => {
  await openLecture(page);
  await storyTo(page, 5);
  await expect(page.locator('#story-title')).toHaveText('The projection');
  // step 80 of the B1 recording: conv1's γ sits at its floor (1e-8), the longest sentence the picture says
  await page.getByTestId('replay-seek').fill('80');
  const picture = page.getByTestId('projection-picture');
  await expect(picture).toHaveAttribute('data-step', '80');
  await expect(page.getByTestId('projection-statement')).toContainText('the ball is tiny');
  const panel = page.locator('section.lecture-panel').filter({ has: picture });
  const box = await panel.boundingBox();
  for (const id of ['projection-statement', 'projection-radius', 'projection-ratio']) {
    const inner = await page.getByTestId(id).boundingBox();
    if (!box || !inner) throw new Error(`${id} is not laid out`);
    expect(inner.y, id).toBeGreaterThanOrEqual(box.y);
    expect(inner.y + inner.height, id).toBeLessThanOrEqual(box.y + box.height);
  }
});
