/**
 * How the WASM step scales with threads, for `npm run benchmarks`: FT and TPGM step ms of the default run
 * (cnn-small-mnist, recipe B1, batch 32) through the app's own worker in headless Chromium, on tfjs-wasm's
 * threaded build (vite preview sends COOP/COEP, so the page is cross-origin isolated) at each thread count.
 * The thread count is fixed when the backend starts, so each count has its own worker; all are open at
 * once and measured in interleaved rounds, so that a drift of the machine's load hits every count alike.
 */
import { loadavg } from 'node:os';

import { median } from '../../src/core/stats';
import { threadsInDescription } from '../../src/worker/wasm-threads';
import { ms, timingSpec } from './bench-timing';
import { openHeadlessWorker, type HeadlessWorker } from './headless-worker';
import { runSpec } from './run-spec';

export interface ThreadTiming {
  threads: number;
  /** The backend line the worker reported, e.g. "WebAssembly (XNNPACK) · SIMD · 2 threads". */
  adapter: string;
  /** Median over rounds of each round's median step ms. */
  ftMs: number;
  tpgmMs: number;
  /** Each round's median step ms, in order. */
  ftRoundsMs: number[];
  tpgmRoundsMs: number[];
  /** The machine's 1-minute load average after each round (other work skews the numbers). */
  load1: number[];
}

/**
 * FT and TPGM at each of `threadCounts` threads, `steps` steps a run, `rounds` interleaved rounds.
 * Throws when a worker does not run WASM on the threads asked for (not isolated, or no threads).
 */
export async function threadScaling(
  steps: number,
  options: {
    threadCounts?: number[];
    rounds?: number;
    skipBuild?: boolean;
    log?: (line: string) => void;
    /** Run after each round, with every worker idle (the benchmark times PyTorch's step there). */
    eachRound?: (round: number) => void;
  } = {},
): Promise<ThreadTiming[]> {
  const counts = options.threadCounts ?? [1, 2];
  const rounds = options.rounds ?? 3;
  const log = options.log ?? console.log;
  const workers: HeadlessWorker[] = [];
  try {
    for (const [i, threads] of counts.entries()) {
      const skipBuild = (options.skipBuild ?? false) || i > 0;
      const worker = await openHeadlessWorker({ backend: 'wasm', wasmThreads: threads, skipBuild, log });
      workers.push(worker);
      const got = threadsInDescription(worker.backend.adapter);
      if (worker.backend.name !== 'wasm' || got !== threads)
        throw new Error(`asked for WASM on ${threads} thread(s), the worker runs ${worker.backend.adapter}`);
    }
    const ft = counts.map(() => [] as number[]);
    const tpgm = counts.map(() => [] as number[]);
    const load1: number[] = [];
    let runId = 5000;
    for (let round = 0; round < rounds; round++) {
      for (const [i, worker] of workers.entries()) {
        ft[i].push((await runSpec(worker, runId++, timingSpec('full-ft', steps, false))).medianStepMs);
        tpgm[i].push((await runSpec(worker, runId++, timingSpec('tpgm', steps, false))).medianStepMs);
      }
      options.eachRound?.(round);
      load1.push(loadavg()[0]);
      const line = counts.map((t, i) => `${t} thr: FT ${ms(ft[i][round])}, TPGM ${ms(tpgm[i][round])}`).join(' · ');
      log(`  round ${round + 1}/${rounds}: ${line} ms per step (load ${load1[round].toFixed(2)})`);
    }
    return counts.map((threads, i) => ({
      threads,
      adapter: workers[i].backend.adapter,
      ftMs: median(ft[i]),
      tpgmMs: median(tpgm[i]),
      ftRoundsMs: ft[i],
      tpgmRoundsMs: tpgm[i],
      load1,
    }));
  } finally {
    for (const w of workers) await w.close();
  }
}
