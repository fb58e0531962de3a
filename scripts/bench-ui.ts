/**
 * `npm run bench:ui -- [--skip-build] [--runs 2] [--port 4190] [--out-dir /tmp/benchdist] [--keep-trace DIR]
 *   [--timeout-min 15] [--cpu-profile]`
 * How the live panel feels during the default run: builds the app (into --out-dir, never dist/), serves
 * it with `vite preview`, and in headless Chromium at 1024×768 presses Start `--runs` times, each in a
 * fresh page, measuring the time to the first accuracy points, each evaluation, the main thread's tasks
 * (Chrome trace) and the ETA's error; plus the main and worker chunks' sizes. Writes
 * docs/results/ui-benchmarks.json and BENCHMARKS.md's section "Live feedback and the main thread".
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from '@playwright/test';
import { build, preview } from 'vite';

import { chromiumLaunchOptions } from './lib/chromium';
import { measureRun } from './lib/ui-bench-page';
import {
  spliceSection,
  summariseRun,
  uiBenchSection,
  UI_RESULTS,
  type UiBenchResults,
  type UiBenchRun,
} from './lib/ui-bench-report';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

const VIEWPORT = { width: 1024, height: 768 };

/** The entry chunk index.html loads (with the chunks it preloads) and the worker chunk, raw and gzip (level 9, as servers ship it). */
function bundleSizes(outDir: string): UiBenchResults['bundle'] {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const mainFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((x) => x[1]);
  const workerFiles = readdirSync(join(outDir, 'assets'))
    .filter((f) => /^trainer\.worker-.*\.js$/.test(f))
    .map((f) => `assets/${f}`);
  const size = (file: string, role: 'main' | 'worker') => {
    const bytes = readFileSync(join(outDir, file));
    return { file, role, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
  };
  return [...mainFiles.map((f) => size(f, 'main')), ...workerFiles.map((f) => size(f, 'worker'))];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outDir = option(args, '--out-dir', '/tmp/benchdist');
  const port = Number(option(args, '--port', '4190'));
  const numRuns = Number(option(args, '--runs', '2'));
  const keepTrace = option(args, '--keep-trace', '');
  const timeoutMs = Number(option(args, '--timeout-min', '15')) * 60_000;
  // V8's sampling profiler in the trace (with --keep-trace, shows which JS a long task ran; it costs time)
  const moreCategories = args.includes('--cpu-profile') ? ['disabled-by-default-v8.cpu_profiler'] : [];

  if (!args.includes('--skip-build')) {
    console.log(`building the app into ${outDir} (vite build)…`);
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  const bundle = bundleSizes(outDir);
  const server = await preview({ build: { outDir }, preview: { port, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch(chromiumLaunchOptions);
  const runs: UiBenchRun[] = [];
  let backend = 'unknown';
  let config: Record<string, string> = {};
  try {
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    for (let i = 0; i < numRuns; i++) {
      console.log(`run ${i + 1}/${numRuns}…`);
      const run = await measureRun(browser, url, { viewport: VIEWPORT, timeoutMs, log: console.log, moreCategories });
      if (keepTrace) {
        mkdirSync(keepTrace, { recursive: true });
        writeFileSync(join(keepTrace, `ui-trace-${i + 1}.json`), JSON.stringify({ traceEvents: run.events }));
      }
      ({ backend, config } = run);
      const summary = summariseRun(run);
      runs.push(summary);
      const t = summary.tasks;
      console.log(
        `  θ0 point ${(summary.toTheta0Ms ?? NaN).toFixed(0)} ms, finished ${summary.toFinishedMs.toFixed(0)} ms; ` +
          `tasks p50 ${t.p50Ms.toFixed(1)} / p95 ${t.p95Ms.toFixed(1)} / max ${t.maxMs.toFixed(0)} ms, ${t.numLong} over 50 ms`,
      );
    }
    const results: UiBenchResults = {
      date: new Date().toISOString(),
      machine: { cpuModel: cpus()[0]?.model ?? 'CPU', cpuCount: cpus().length },
      chromium: browser.version(),
      backend,
      viewport: VIEWPORT,
      config,
      command: `npm run bench:ui${numRuns === 2 ? '' : ` -- --runs ${numRuns}`}`,
      bundle,
      runs,
    };
    writeFileSync(UI_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    const doc = existsSync('BENCHMARKS.md') ? readFileSync('BENCHMARKS.md', 'utf8') : '# Benchmarks\n';
    writeFileSync('BENCHMARKS.md', spliceSection(doc, uiBenchSection(results)));
    console.log(`wrote ${UI_RESULTS} and BENCHMARKS.md's section`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
