/**
 * The lecture view (issue #12): `?view=lecture` at a projector's 1024×768 shows the recorded FT and TPGM
 * runs with the per-layer picture, accuracy and trade-off without scrolling; the story steps through by
 * keyboard; the replay plays, pauses, steps and seeks; the projection picture shows the recording's own
 * numbers and moves as the replay steps; a damaged recording is refused by name and the rest still
 * works; a live TPGM run is drawn beside the recordings; axe finds nothing serious.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

import type { ReferenceFile } from '../src/worker/reference';
import { openLecture, recording } from './helpers/lecture';
import { captureErrors, waitForGallery } from './helpers/page';

test.use({ viewport: { width: 1024, height: 768 } });

const position = (page: Page): Promise<number> =>
  page.getByTestId('replay-step').evaluate((el) => Number((el as HTMLElement).dataset.position));

test('the lecture link shows the recorded runs on one 1024×768 screen, every story step by keyboard', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const started = Date.now();
  await openLecture(page);
  await expect(page.getByTestId('lecture-tradeoff')).toBeVisible();
  const shownAfter = Date.now() - started;
  const titles: string[] = [];
  for (let step = 0; step < 8; step++) {
    await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', String(step));
    titles.push(await page.locator('#story-title').innerText());
    // one screen: nothing to scroll to, and the four pictures and the story inside the viewport
    const { scrollH, scrollW } = await page.evaluate(() => ({
      scrollH: document.documentElement.scrollHeight - window.innerHeight,
      scrollW: document.documentElement.scrollWidth - window.innerWidth,
    }));
    expect(scrollH, `story step ${step + 1} scrolls vertically`).toBeLessThanOrEqual(1);
    expect(scrollW, `story step ${step + 1} scrolls sideways`).toBeLessThanOrEqual(1);
    for (const id of ['drift-chart', 'lecture-accuracy', 'lecture-tradeoff', 'story'])
      await expect(page.getByTestId(id)).toBeInViewport({ ratio: 0.95 });
    await page.keyboard.press('ArrowRight');
  }
  expect(titles).toEqual([
    'A robust pre-trained model',
    'Fine-tune on the clean images',
    'OOD accuracy collapses',
    'Why: the layers moved far from θ0',
    'TPGM: a learned radius per layer',
    'The projection',
    'The result',
    'Now try it live',
  ]);
  // back by keyboard too
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '6');
  // the result quotes the recordings' own whole-test-set numbers
  const ft = await recording(page, 'full-ft');
  const last = ft.entries[ft.entries.length - 1].event;
  if (last.type !== 'finished') throw new Error('recording does not end finished');
  const ftId = 100 * (last.summary.final.results.find((r) => r.isId)?.accuracy ?? Number.NaN);
  await expect(page.getByTestId('story')).toContainText(`FT: ID ${ftId.toFixed(1)} %`);
  // the README's measured 3-seed means are the trade-off chart's reference points
  const reference = (await (await page.request.get('/recordings/reference.json')).json()) as ReferenceFile;
  const tpgmMean = reference.experiments['mnist/b1-sgd'].find((p) => p.method === 'tpgm');
  await expect(page.getByTestId('lecture-tradeoff-summary')).toContainText(
    `TPGM mean of 3 seeds ID ${tpgmMean?.id.mean.toFixed(1)} ± ${tpgmMean?.id.std.toFixed(1)}`,
  );
  expect(errors).toEqual([]);
  test.info().annotations.push({ type: 'shown after', description: `${shownAfter} ms` });
});

test('the replay plays, pauses, steps and seeks, and the projection picture shows the recording’s numbers', async ({
  page,
}) => {
  await openLecture(page);
  // story step 2 plays FT from the start
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('replay-play')).toHaveText('Pause');
  await expect.poll(() => position(page)).toBeGreaterThan(0);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('replay-play')).toHaveText(/Play|Replay/);
  const paused = await position(page);
  await page.waitForTimeout(500);
  expect(await position(page)).toBe(paused);
  // seek to a step, then step to the next measurement
  await page.getByTestId('replay-seek').fill('200');
  await expect.poll(() => position(page)).toBe(200);
  // a step goes to the next step at which the recording shown (FT) measured something, and back
  const ftSteps = (await recording(page, 'full-ft')).entries
    .filter((e) => e.event.type === 'eval' || e.event.type === 'layers')
    .map((e) => e.step);
  const next = Math.min(...ftSteps.filter((s) => s > 200));
  const previous = Math.max(...ftSteps.filter((s) => s < next));
  await page.keyboard.press('.');
  await expect.poll(() => position(page)).toBe(next);
  await page.keyboard.press(',');
  await expect.poll(() => position(page)).toBe(previous);

  // the projection step: the picture's numbers are the recording's at the step it shows (the slider,
  // focused, keeps the arrow keys for itself: click away first)
  await page.locator('#story-title').click();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('#story-title')).toHaveText('The projection');
  const picture = page.getByTestId('projection-picture');
  await expect(picture).toBeVisible();
  const tpgm = await recording(page, 'tpgm');
  const check = async (): Promise<number> => {
    const step = Number(await picture.getAttribute('data-step'));
    const layer = await picture.getAttribute('data-layer');
    const event = tpgm.entries.map((e) => e.event).find((e) => e.type === 'layers' && e.point.step === step);
    if (event?.type !== 'layers') throw new Error(`no layer statistics at step ${step}`);
    const stat = event.point.layers.find((l) => l.name === layer);
    expect(Number(await picture.getAttribute('data-radius'))).toBe(stat?.radius);
    expect(Number(await picture.getAttribute('data-wanted'))).toBe(stat?.wantedBoundedDeviation);
    expect(Number(await picture.getAttribute('data-projected'))).toBe(stat?.boundedDeviation);
    return step;
  };
  const first = await check();
  // the story picks a step where the projection clipped
  await expect(picture).toHaveAttribute('data-clipped', 'true');
  // stepping the replay moves the picture to the next measurement
  for (let i = 0; i < 8 && Number(await picture.getAttribute('data-step')) === first; i++)
    await page.keyboard.press('.');
  expect(await check()).toBeGreaterThan(first);
});

test('keyboard help, focus traps, and the switch between the lab and the lecture view kept in the link', async ({
  page,
}) => {
  await openLecture(page);
  // after a click on Next or on the theme switch, Space still plays and the arrows still move the story
  await page.getByRole('button', { name: 'Next →' }).click();
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '1');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '1');
  await page.getByText('Dark', { exact: true }).click();
  const theme = await page.evaluate(() => document.documentElement.dataset.theme);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '2');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  await page.keyboard.press('?');
  await expect(page.getByTestId('keyboard-help')).toBeVisible();
  await expect(page.getByTestId('keyboard-help')).toContainText('Space');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('keyboard-help')).toHaveCount(0);
  await page.getByTestId('view-switch').click();
  await expect(page).not.toHaveURL(/view=lecture/);
  await expect(page.getByTestId('lecture-view')).toHaveCount(0);
  await page.getByTestId('view-switch').click();
  await expect(page).toHaveURL(/\?view=lecture/);
  await expect(page.getByTestId('lecture-view')).toBeVisible();
});

test('a link hides parts of the lecture view, and names a part it does not know', async ({ page }) => {
  await page.goto('/?view=lecture&hide=examples,projection,replay,bogus');
  await expect(page.getByTestId('replay-source')).toContainText('recorded');
  await expect(page.getByTestId('drift-chart')).toBeVisible();
  await expect(page.getByTestId('example-strip')).toHaveCount(0);
  await expect(page.getByTestId('projection-picture')).toHaveCount(0);
  await expect(page.getByTestId('replay-play')).toHaveCount(0);
  await expect(page.getByRole('alert', { name: 'notices' })).toContainText(
    '?hide= names no part of the lecture view: bogus',
  );
  // the story still steps by keyboard
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '1');
});

test('the trade-off chart’s names never print over each other, even where LP and TPGM end together', async ({
  page,
}) => {
  await openLecture(page);
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '6');
  const labels = page.getByTestId('lecture-tradeoff').locator('text.chart-point-label');
  await expect(labels.filter({ hasText: 'TPGM' })).toHaveCount(1);
  await expect(labels.filter({ hasText: /^LP$/ })).toHaveCount(1);
  const boxes = await labels.evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
  for (const a of boxes)
    for (const b of boxes) {
      if (a === b) continue;
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      expect(apart, `“${a.text}” prints over “${b.text}”`).toBe(true);
    }
});

test('the example images are of the classes the runs see: digits 5–9 in the new-classes lesson', async ({ page }) => {
  await openLecture(page);
  const items = page.getByTestId('example-strip').locator('li');
  // every class seen: the gallery's first image of each domain, a 0
  await expect(items.first()).toHaveAttribute('data-labels', '0');
  await page.getByLabel('Experiment').selectOption('mnist/new-classes');
  await expect(page.getByTestId('replay-source')).toContainText('recorded');
  await expect(items.first()).toHaveAttribute('data-labels', /^[5-9]$/);
  const labels = await items.evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.labels));
  expect(labels.length).toBeGreaterThan(1); // ID and at least one OOD domain
  for (const l of labels) expect(l).toMatch(/^[5-9]$/);
  // another experiment chosen at the result keeps the story step, and its runs stand at their end
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '6');
  await page.getByLabel('Experiment').selectOption('mnist/b1-sgd');
  await expect(page.getByTestId('lecture-view')).toHaveAttribute('data-story', '6');
  await expect(page.getByTestId('lecture-tradeoff-summary')).toContainText(/TPGM ID \d/);
  await expect(page.getByTestId('lecture-tradeoff-summary')).toContainText(/FT ID \d/);
});

test('a damaged recording is refused by name, and the lecture view works with the rest', async ({ page }) => {
  await page.route('**/recordings/mnist-b1-ft-s0.json', async (route) => {
    const body = (await (await route.fetch()).text()).replace('"format"', '"formal"');
    await route.fulfill({ body, contentType: 'application/json' });
  });
  await openLecture(page);
  await expect(page.getByTestId('recording-problems')).toContainText(
    'recording mnist-b1-ft-s0: does not match its SHA-256',
  );
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('replay-source')).toContainText('TPGM: recorded');
  await expect(page.getByTestId('replay-source')).not.toContainText('FT: recorded');
  await expect(page.getByTestId('drift-values').locator('li[data-run="TPGM"]').first()).toBeAttached();
});

test('a live TPGM run is drawn beside the recordings', async ({ page }) => {
  await openLecture(page);
  await expect(page.getByTestId('backend-name')).toHaveCount(0); // backend notes hidden in the lecture
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  const live = page.getByTestId('lecture-live');
  await expect(live).toBeEnabled();
  await live.click();
  await expect(page.getByTestId('replay-source')).toContainText('TPGM (live): live');
  // θ0's evaluation is the live run's first point, drawn in the accuracy chart's legend
  await expect(page.getByTestId('lecture-accuracy')).toContainText('TPGM (live) ID');
  // once its drift is measured: each run named once in the legend, and one entry for what they wanted
  const drift = page.getByTestId('drift-chart');
  await expect(drift.locator('[data-testid="drift-values"] li[data-run="TPGM (live)"]').first()).toBeAttached({
    timeout: 60_000,
  });
  await expect(drift.locator('.chart-legend-item')).toHaveText([
    'FT',
    'TPGM',
    'TPGM (live)',
    'wanted (before projection)',
  ]);
  await page.getByRole('button', { name: 'Stop' }).click();
});

test('axe finds no serious or critical violation in the lecture view', async ({ page }) => {
  await openLecture(page);
  for (const step of [0, 5]) {
    while (Number(await page.getByTestId('lecture-view').getAttribute('data-story')) < step)
      await page.keyboard.press('ArrowRight');
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});

test('the lab compares with a recorded run: in the runs table and charts, labelled recorded, never saved', async ({
  page,
}) => {
  await page.goto('/');
  await waitForGallery(page, 'mnist');
  const picker = page.getByTestId('recorded-picker');
  await picker.focus(); // the recordings are read when the chooser is first used
  const option = picker.locator('option[value="mnist-b1-ft-s0"]');
  const ft = await recording(page, 'full-ft');
  // labelled with the day the shipped file says it was recorded (npm run record writes it)
  const day = ft.recordedAt.slice(0, 10);
  expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expect(option).toHaveText(`FT · B1 · seed 0 (recorded ${day})`);
  await picker.selectOption('mnist-b1-ft-s0');
  const row = page.locator('table.runs tbody tr').first();
  await expect(row.getByTestId('recorded-tag')).toHaveText(`(recorded ${day} · ${ft.backend.name} · seed 0)`);
  const last = ft.entries[ft.entries.length - 1].event;
  if (last.type !== 'finished') throw new Error('recording does not end finished');
  const id = 100 * (last.summary.final.results.find((r) => r.isId)?.accuracy ?? Number.NaN);
  await expect(row.getByTestId('id-accuracy')).toHaveText(id.toFixed(1));
  // added once, overlaid like a run
  await expect(option).toHaveAttribute('disabled', '');
  await page.getByLabel('overlay run 1').check();
  await expect(page.getByTestId('tradeoff-summary')).toContainText(`FT: ID ${id.toFixed(1)}`);
  await expect(page.getByRole('figure', { name: /Test accuracy/ })).toContainText('run 1 FT (recorded) ID');
  // its per-layer drift on the lab's one scale, from the recording's last statistics
  await expect(page.getByTestId('drift-values').locator('li[data-run="run 1 (FT)"]')).toHaveCount(4);
  // not this browser's run: gone after a reload
  await page.reload();
  await waitForGallery(page, 'mnist');
  await expect(page.locator('table.runs')).toHaveCount(0);
});
