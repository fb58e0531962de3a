import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { defaultDraft } from '../src/core/spec/default-run';
import type { RunSpec } from '../src/core/spec/run-spec';
import type { StepPoint } from '../src/worker/protocol';
import { CSP_HEADER, ISOLATION_HEADERS } from '../vite.config';
import { recordViolations } from './helpers/csp';
import { captureErrors, waitForGallery } from './helpers/page';
import { openRunner } from './helpers/runner';
import { serveStatic } from './helpers/static-server';

/**
 * WASM on threads (issue #16): `vite preview` isolates the page (COOP/COEP), so tfjs-wasm's threaded build
 * runs, on half the logical cores (1 to 8) unless `?threads=` says otherwise, and the backend line
 * says how many; it trains, and computes what one thread computes. A host without the headers gets one
 * thread and says why; the offline copy keeps the headers. No timing is asserted.
 */

/** The thread count the backend line names, e.g. "WASM · WebAssembly (XNNPACK) · SIMD · 2 threads". */
async function threadsShown(page: Page): Promise<number> {
  await expect(page.getByTestId('backend-name')).toHaveText('WASM');
  const line = await page.getByLabel('backend').innerText();
  const m = / · (\d+) threads?\b/.exec(line);
  if (!m) throw new Error(`the backend line names no thread count: ${line}`);
  return Number(m[1]);
}

/** What the app runs on by default: half the logical cores, 1 to tfjs-wasm's 8. */
const expectedThreads = async (page: Page): Promise<number> =>
  Math.min(8, Math.max(1, Math.floor((await page.evaluate(() => navigator.hardwareConcurrency)) / 2)));

/** A short FT run of the shipped cnn-small-mnist (recipe B1), its loss read every step. */
function shortRun(steps: number): RunSpec {
  const d = defaultDraft('mnist');
  return {
    ...d,
    model: { kind: 'pretrained', id: 'cnn-small-mnist' },
    config: { ...d.config, method: 'full-ft', steps, seed: 0 },
    oodDomains: d.oodDomains.slice(0, 1),
    testPerClass: 5,
    liveTestPerClass: 5,
    logEvery: 1,
    evalEvery: steps,
  };
}

/** Trains `shortRun(steps)` in runner.html's worker on WASM (`wasmThreads` as given): its backend line and losses. */
async function trainInRunner(
  page: Page,
  steps: number,
  wasmThreads?: number,
): Promise<{ adapter: string; losses: number[] }> {
  const { events, send, backend } = await openRunner(page, {
    forcedBackend: 'wasm',
    ...(wasmThreads ? { wasmThreads } : {}),
  });
  await send({ type: 'start', runId: 1, spec: shortRun(steps) });
  const end = (): string | undefined =>
    events.find((e) => (e.type === 'finished' || e.type === 'runFailed') && e.runId === 1)?.type;
  await expect.poll(end, { timeout: 150_000 }).toBe('finished');
  const points: StepPoint[] = events.flatMap((e) => (e.type === 'steps' && e.runId === 1 ? e.points : []));
  return { adapter: backend.adapter, losses: points.map((p) => p.loss) };
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

test('vite preview isolates the page; WASM runs on half the logical cores and says how many, under the CSP', async ({
  page,
}) => {
  const errors = captureErrors(page);
  const violations = await recordViolations(page);
  const response = await page.goto('/?backend=wasm');
  const headers = (await response?.allHeaders()) ?? {};
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await waitForGallery(page, 'mnist');
  const threads = await threadsShown(page);
  expect(threads).toBe(await expectedThreads(page));
  await expect(page.getByLabel('backend')).not.toContainText('not cross-origin isolated');
  expect(await violations()).toEqual([]);
  expect(errors).toEqual([]);
});

test('?threads=1 and ?threads=2 run WASM on that many threads and say so; a bad value is reported', async ({
  page,
}) => {
  await page.goto('/?backend=wasm&threads=1');
  await waitForGallery(page, 'mnist');
  expect(await threadsShown(page)).toBe(1);
  await expect(page.getByLabel('backend')).toContainText('SIMD · 1 thread');
  // one thread runs the plain SIMD build: no pool of pthreads beside the app's own worker
  expect(page.workers()).toHaveLength(1);
  await page.goto('/?backend=wasm&threads=2');
  await waitForGallery(page, 'mnist');
  expect(await threadsShown(page)).toBe(2);
  // the threaded build: the app's worker and tfjs-wasm's pool of 8 pthreads
  await expect.poll(() => page.workers().length).toBe(9);
  await page.goto('/?backend=wasm&threads=99');
  await waitForGallery(page, 'mnist');
  await expect(page.getByLabel('notices')).toContainText('?threads=99 is not a whole number from 1 to 8');
  expect(await threadsShown(page)).toBe(await expectedThreads(page));
});

test("the threaded build trains: finite losses that fall, equal to the bit to one thread's", async ({ browser }) => {
  const steps = 30;
  const threaded = await trainInRunner(await browser.newPage(), steps, 2);
  const single = await trainInRunner(await browser.newPage(), steps, 1);
  expect(threaded.adapter).toMatch(/ · 2 threads$/);
  expect(single.adapter).toMatch(/ · 1 thread$/);
  for (const run of [threaded, single]) {
    expect(run.losses).toHaveLength(steps);
    expect(run.losses.every(Number.isFinite)).toBe(true);
    // the fresh head's first losses are far above ln 10 ≈ 2.3; thirty steps bring them well down
    expect(mean(run.losses.slice(-5))).toBeLessThan(0.8 * mean(run.losses.slice(0, 5)));
  }
  // the same run on the threaded build over 2 threads and on the plain build: equal to the bit (XNNPACK
  // splits the work between threads, not the sums, and both builds come from one source)
  expect(threaded.losses).toEqual(single.losses);
});

test('a host without COOP/COEP gets one thread and says why; the app still trains there', async ({ page }) => {
  const server = await serveStatic(resolve(process.env.E2E_DIST ?? 'dist'), { 'Content-Security-Policy': CSP_HEADER });
  try {
    const errors = captureErrors(page);
    await page.goto(`${server.url}?backend=wasm`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await waitForGallery(page, 'mnist');
    expect(await threadsShown(page)).toBe(1);
    await expect(page.getByLabel('backend')).toContainText('1 thread (the page is not cross-origin isolated)');
    await page.getByLabel('Steps', { exact: true }).fill('10');
    await page.getByText('Advanced').click();
    await page.getByLabel('Test images per class', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 120_000 });
    await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
    expect(errors).toEqual([]);
  } finally {
    await server.stop();
  }
});

test.describe('offline', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the saved copy keeps the headers: with the server stopped the page is still isolated, on threads', async ({
    page,
  }) => {
    const root = mkdtempSync(join(tmpdir(), 'tpgm-threads-offline-'));
    cpSync(resolve(process.env.E2E_DIST ?? 'dist'), root, { recursive: true });
    const server = await serveStatic(root, { 'Content-Security-Policy': CSP_HEADER, ...ISOLATION_HEADERS });
    try {
      const errors = captureErrors(page);
      await page.goto(`${server.url}?backend=wasm`);
      await expect(page.getByTestId('offline-status')).toHaveText(/^✓ Available offline$/, { timeout: 120_000 });
      const online = await threadsShown(page);
      await server.stop();
      await page.reload();
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await waitForGallery(page, 'mnist');
      expect(await threadsShown(page)).toBe(online);
      expect(online).toBe(await expectedThreads(page));
      expect(errors).toEqual([]);
    } finally {
      await server.stop().catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
