import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';

import { expect, test, type Page } from '@playwright/test';

import { CSP_HEADER } from '../vite.config';
import { recordViolations } from './helpers/csp';
import { captureErrors, waitForGallery } from './helpers/page';
import { serveStatic, type StaticServer } from './helpers/static-server';

/**
 * Offline use (issue #13): after one visit the service worker has saved every file of the build, and
 * with the server stopped a reload shows the app, a run trains and the recordings replay; a new build
 * replaces the saved files (only those that changed are downloaded) and opens on the next load.
 * Each test serves its own copy of the build (E2E_DIST, else dist) from a server it starts and stops
 * itself; service workers are allowed here only (playwright.config.ts blocks them elsewhere).
 */
test.use({ serviceWorkers: 'allow' });

const DIST = resolve(process.env.E2E_DIST ?? 'dist');
const SW_FILE = '/service-worker.js';

/** The build over a static server with the app's CSP header (the header `vite preview` sends). */
const serve = (root: string): Promise<StaticServer> => serveStatic(root, { 'Content-Security-Policy': CSP_HEADER });

/** Every file under `root`, as the URL path it is served at. */
function filesOf(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(root, f)).isFile())
    .map((f) => `/${relative(root, join(root, f)).split(sep).join('/')}`)
    .sort();
}

/** A fresh copy of a build in a temporary folder (the test may replace its files). */
function copyOf(build: string): string {
  const root = mkdtempSync(join(tmpdir(), 'tpgm-offline-'));
  cpSync(build, root, { recursive: true });
  return root;
}

/** The URL paths (without Workbox's `__WB_REVISION__` query) of every response in Cache Storage. */
const cachedPaths = (page: Page): Promise<string[]> =>
  page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys())
      for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
    return paths.sort();
  });

/** Records every text the offline line shows, from the page's first script on; call before `goto`. */
async function recordOfflineTexts(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { offlineTexts: string[] };
    w.offlineTexts = [];
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="offline-status"]')?.textContent ?? null;
      if (text !== null && text !== w.offlineTexts.at(-1)) w.offlineTexts.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { offlineTexts: string[] }).offlineTexts);
}

test('after one visit, with the server stopped, a reload shows the app, a run trains and the recordings replay', async ({
  page,
}) => {
  const root = copyOf(DIST);
  const server = await serve(root);
  try {
    const errors = captureErrors(page);
    const violations = await recordViolations(page);
    const texts = await recordOfflineTexts(page);
    await page.goto(server.url);
    const status = page.getByTestId('offline-status');
    await expect(status).toHaveText(/^✓ Available offline$/, { timeout: 120_000 });
    expect((await texts()).some((t) => /Saving for offline use… \d+ %/.test(t))).toBe(true);
    // every file of the build is saved (the worker's bundle and .wasm, models, datasets, recordings…)
    expect(await cachedPaths(page)).toEqual(filesOf(root).filter((f) => f !== SW_FILE));
    // installable: the manifest parses, and has what Chrome asks for (name, start_url, a standalone
    // display, PNG icons of 192 and 512 px). Chrome's own verdict cannot be read here: every
    // Playwright context is a private window, which Chrome reports as its only installability error.
    const cdp = await page.context().newCDPSession(page);
    const { url: manifestUrl, errors: manifestErrors } = await cdp.send('Page.getAppManifest');
    expect(manifestErrors).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(root, new URL(manifestUrl).pathname), 'utf8')) as {
      icons: { src: string; sizes: string; type: string }[];
    };
    expect(manifest).toMatchObject({ name: 'TPGM Playground', start_url: './', display: 'standalone' });
    for (const size of [192, 512]) {
      const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.type === 'image/png');
      const png = readFileSync(join(root, icon?.src ?? 'missing'));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], `${size} px icon`).toEqual([size, size]); // IHDR
    }
    expect(await violations()).toEqual([]);

    await server.stop();
    await expect(fetch(server.url)).rejects.toThrow(); // truly gone, not just slow
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));
    await page.reload();
    await waitForGallery(page, 'mnist');
    await expect(status).toHaveText(/^✓ Available offline$/);
    // the default run, made short: the default model and dataset, TPGM, 20 steps
    await page.getByLabel('Steps', { exact: true }).fill('20');
    await page.getByText('Advanced').click();
    await page.getByLabel('Test images per class', { exact: true }).fill('20');
    await page.getByLabel('Evaluate every (steps)', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('run-state')).toHaveAttribute('data-state', 'finished', { timeout: 150_000 });
    await expect(page.getByLabel('runs table').locator('tbody tr')).toHaveCount(1);
    expect(await violations()).toEqual([]);
    // the lecture view (a URL with a query) and every shipped recording, still offline
    await page.goto(`${server.url}?view=lecture`);
    await expect(page.getByTestId('replay-source')).toContainText('recorded');
    await expect(page.getByTestId('recording-problems')).toHaveCount(0);
    expect(await violations()).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await server.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
});

test('a new build replaces the saved files, downloading only what changed, and opens on the next load', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // the second build: the same sources with another build name, so the main bundle's hash changes
  const next = mkdtempSync(join(tmpdir(), 'tpgm-offline-next-'));
  execFileSync('npx', ['vite', 'build', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, VITE_BUILD_ID: 'e2e-update' },
    stdio: 'pipe', // its output only when it fails (in the error)
  });
  const root = copyOf(DIST);
  const server = await serve(root);
  const mainBundle = (dir: string): string =>
    /\/assets\/main-[\w-]+\.js/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))![0];
  try {
    const errors = captureErrors(page);
    const oldMain = mainBundle(root);
    const newMain = mainBundle(next);
    expect(newMain).not.toBe(oldMain);
    await page.goto(server.url);
    const status = page.getByTestId('offline-status');
    await expect(status).toHaveText(/^✓ Available offline$/, { timeout: 120_000 });
    await expect(status).not.toHaveAttribute('data-build', 'e2e-update');

    // deploy the second build in place of the first, then load the page again
    rmSync(root, { recursive: true, force: true });
    cpSync(next, root, { recursive: true });
    server.requests.length = 0;
    await page.reload();
    await expect(status).toContainText('a new version is saved and opens on the next load', { timeout: 120_000 });
    // the page was not reloaded under the user: it still runs the first build
    await expect(status).not.toHaveAttribute('data-build', 'e2e-update');
    expect(server.requests).toContain(newMain);
    // unchanged files (same revision) were not downloaded again
    expect(server.requests.filter((p) => /^\/(datasets|models|recordings)\//.test(p))).toEqual([]);
    expect(await cachedPaths(page)).toEqual(filesOf(root).filter((f) => f !== SW_FILE));

    await server.stop();
    await page.reload();
    await expect(status).toHaveAttribute('data-build', 'e2e-update');
    await expect(status).toHaveText(/^✓ Available offline$/);
    expect(await page.evaluate(() => Array.from(document.scripts, (s) => new URL(s.src).pathname))).toContain(newMain);
    await waitForGallery(page, 'mnist');
    expect(errors).toEqual([]);
  } finally {
    await server.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    rmSync(next, { recursive: true, force: true });
  }
});
