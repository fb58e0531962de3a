/**
 * One measured run of `npm run bench:ui`: opens the built app in a fresh headless page, waits until it
 * is ready, records every change of the live panel from inside the page (a MutationObserver, so the
 * times are the page's own performance.now(), not Playwright's polling) while a Chrome trace runs,
 * presses Start and waits for the run to end. Returns the raw samples and the trace's events.
 */
import { loadavg } from 'node:os';

import type { Browser, Page } from '@playwright/test';

import type { ProgressSample, StateSample, TraceEvent } from './ui-bench-stats';

/** console.timeStamp() messages: they land in the trace on the page's main thread, tying the two clocks. */
export const START_MARK = 'ui-bench:start';
export const END_MARK = 'ui-bench:end';

/** What the page recorded; every `t` is performance.now() in ms. */
export interface PageLog {
  /** When the Start button's click event ran. */
  startAt: number | null;
  states: StateSample[];
  /** Each new text of the accuracy chart's sr-only summary ("At step 80: Clean 91.2 %, …"). */
  summaries: { t: number; text: string }[];
  progress: ProgressSample[];
}

/**
 * The recorder, as source text rather than a function: tsx compiles functions with esbuild's keepNames,
 * which wraps them in a `__name` helper that does not exist in the page (tsx issue #113).
 */
const RECORDER = `(() => {
  const log = { startAt: null, states: [], summaries: [], progress: [] };
  window.__uiBench = log;
  let ended = false;
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, ' ').trim() : null);
  const record = () => {
    const t = performance.now();
    const run = document.querySelector('[data-testid=run-state]');
    if (run) {
      const state = run.getAttribute('data-state');
      const detail = text(run).replace(/^Run \\d+: [\\w-]+ — /, '');
      const last = log.states[log.states.length - 1];
      if (!last || last.state !== state || last.detail !== detail) log.states.push({ t, state, detail });
      const eta = run.getAttribute('data-eta-ms');
      const steps = document.querySelector('[data-testid=steps-done]');
      const p = { t, stepsDone: Number(text(steps) ?? NaN), etaMs: eta === null || eta === '' ? null : Number(eta) };
      const lp = log.progress[log.progress.length - 1];
      if (!lp || lp.stepsDone !== p.stepsDone || lp.etaMs !== p.etaMs) log.progress.push(p);
      if (!ended && (state === 'finished' || state === 'failed')) {
        ended = true;
        console.timeStamp('${END_MARK}');
        window.uiBenchEnded(state);
      }
    }
    const summary = text(document.querySelector('[data-testid=accuracy-summary]'));
    const ls = log.summaries[log.summaries.length - 1];
    if (summary !== null && (!ls || ls.text !== summary)) log.summaries.push({ t, text: summary });
  };
  new MutationObserver(record).observe(document.body, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ['data-state', 'data-eta-ms'],
  });
  // capture phase: the click's own task, before React's handler posts the start to the worker
  document.addEventListener('click', (e) => {
    const b = e.target instanceof Element ? e.target.closest('button') : null;
    if (b && b.textContent.trim() === 'Start' && log.startAt === null) {
      log.startAt = performance.now();
      console.timeStamp('${START_MARK}');
    }
  }, true);
})()`;

/** The trace categories of the brief: 'RunTask' and what runs inside it (devtools' timeline events). */
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

export interface PageRun {
  log: PageLog;
  events: TraceEvent[];
  /** Backend the app reports (`[data-testid=backend-name]`), e.g. "WASM". */
  backend: string;
  /** What the app says Start will run, and the form's values, read before pressing it. */
  config: Record<string, string>;
  /** The machine's 1-minute load average when Start was pressed. */
  loadBefore: number;
  pageErrors: string[];
}

/** Opens `url` at `viewport`, runs the default run to its end and returns what was recorded. */
export async function measureRun(
  browser: Browser,
  url: string,
  options: {
    viewport: { width: number; height: number };
    timeoutMs: number;
    log: (line: string) => void;
    /** More trace categories, e.g. 'disabled-by-default-v8.cpu_profiler' to see which JS a long task ran. */
    moreCategories?: string[];
  },
): Promise<PageRun> {
  // the offline service worker would save the whole build (34 MB) in the background of the measurement
  const context = await browser.newContext({ viewport: options.viewport, serviceWorkers: 'block' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  try {
    let ended: (state: string) => void = () => undefined;
    const end = new Promise<string>((resolve) => (ended = resolve));
    // a binding the recorder calls once, so Node waits without polling the page's main thread
    await page.exposeFunction('uiBenchEnded', (state: string) => ended(state));
    await page.goto(url);
    const start = page.getByRole('button', { name: 'Start', exact: true });
    await page.waitForFunction(
      () => {
        const b = Array.from(document.querySelectorAll('button')).find((x) => x.textContent?.trim() === 'Start');
        return b !== undefined && !b.disabled;
      },
      undefined,
      { timeout: 180_000, polling: 250 },
    );
    // the gallery is the worker's first job after loading; let it finish so it does not share the run's time
    await page
      .locator('[data-testid="gallery"] tr')
      .nth(7)
      .waitFor({ timeout: 60_000 })
      .catch(() => options.log('  (no gallery of 8 rows seen; starting anyway)'));
    await page.waitForTimeout(2000);
    const backend = (await page.getByTestId('backend-name').textContent())?.trim() ?? 'unknown';
    const config = await readConfig(page);
    await page.evaluate(RECORDER);
    await browser.startTracing(page, { categories: [...CATEGORIES, ...(options.moreCategories ?? [])] });
    options.log(`  start (${backend}: ${config.start ?? ''})`);
    const loadBefore = loadavg()[0];
    await start.click();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs)));
    const how = await Promise.race([end, timeout]);
    clearTimeout(timer); // else it keeps Node alive until it fires
    // let the last redraws after 'finished' land in the trace and the log
    await page.waitForTimeout(1000);
    const trace = await browser.stopTracing();
    const log = (await page.evaluate('window.__uiBench')) as PageLog;
    if (how !== 'finished') {
      const last = log.states[log.states.length - 1];
      throw new Error(`the run did not finish (${how}): last state ${last?.state ?? 'none'}, ${last?.detail ?? ''}`);
    }
    const { traceEvents } = JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] };
    return { log, events: traceEvents, backend, config, loadBefore, pageErrors };
  } finally {
    await context.close();
  }
}

/** The run's settings as the page shows them; a field the form does not have is left out. */
async function readConfig(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const start = await page
    .locator('#run-what')
    .textContent({ timeout: 2000 })
    .catch(() => null);
  if (start) out.start = start.trim();
  const fields = ['Model', 'Recipe', 'Method', 'Steps', 'Evaluate every (steps)', 'Live test images per class'];
  for (const label of fields) {
    const value = await page
      .getByLabel(label, { exact: true })
      .first()
      .inputValue({ timeout: 2000 })
      .catch(() => null);
    if (value !== null) out[label] = value;
  }
  return out;
}
