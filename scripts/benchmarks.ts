/**
 * `npm run benchmarks -- [--skip-build] [--steps 150] [--backend-steps 12] [--memory-steps 2000] [--tables-only]`
 * Regenerates BENCHMARKS.md (and docs/results/benchmarks.json) on this machine, through the app's own
 * worker in headless Chromium:
 *   1. the default experiment's comparison of every method over 3 seeds, from the experiment runner's
 *      results in docs/results/ (each file names the `npm run experiment` command that made it);
 *   2. speed: each method's median step time beside vanilla FT's (same model, data and backend, one run
 *      each, one after the other), and FT / TPGM on every backend (WebGPU, WebGL, CPU, WASM);
 *   3. PyTorch's plain FT step of the same model and batch on the CPU (scripts/reference/torch_step.py);
 *   4. memory: the tensors and bytes a TPGM run holds after 100 and after `--memory-steps` steps;
 *   5. issue #16: FT and TPGM on WASM at 1 and 2 threads beside PyTorch's one-thread FT step, in
 *      interleaved rounds; kernels per step of every method (WASM in Node); time to the first step and
 *      evaluation throughput on each backend (with 3.); the arithmetic floor: the step's FLOPs and
 *      WASM's and PyTorch's best rates on one thread.
 * The comparison tables also go into the fine-tuned models' cards (`--tables-only`: only that).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

import type { MemoryPoint } from '../src/worker/protocol';
import { RESULTS, recordInCards } from './lib/bench-comparisons';
import { report, type Measurements } from './lib/bench-report';
import {
  backendSpeeds,
  memoryGrowth,
  methodSpeeds,
  torchReference,
  tpgmTarget,
  type MethodSpeed,
  type TargetTiming,
} from './lib/bench-timing';
import { torchBatch32 } from './lib/bench-cpu-report';
import { threadScaling } from './lib/bench-threads';
import { openHeadlessWorker } from './lib/headless-worker';
import { kernelTable } from './lib/kernel-table';
import { floorOfCnnSmall } from './lib/bench-floor';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const skipBuild = args.includes('--skip-build');
  const steps = Number(option(args, '--steps', '150'));
  const backendSteps = Number(option(args, '--backend-steps', '12'));
  const memorySteps = Number(option(args, '--memory-steps', '2000'));
  const rounds = Number(option(args, '--rounds', '3'));
  recordInCards();
  if (args.includes('--tables-only')) return;
  if (args.includes('--report-only')) {
    // the tables of docs/results/ changed, the measurements did not: rewrite the report from the raw numbers
    writeFileSync(
      'BENCHMARKS.md',
      report(JSON.parse(readFileSync(`${RESULTS}/benchmarks.json`, 'utf8')) as Measurements),
    );
    console.log('wrote BENCHMARKS.md from the measurements in docs/results/benchmarks.json');
    return;
  }
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;

  console.log('1/7 speed per method (default backend)…');
  const worker = await openHeadlessWorker({ backend: null, skipBuild, log: console.log });
  let speeds: MethodSpeed[];
  let target: TargetTiming[];
  let memory: Map<number, MemoryPoint>;
  const defaultBackend = worker.backend;
  try {
    speeds = await methodSpeeds(worker, steps);
    console.log(`   TPGM against FT, ${rounds} interleaved rounds of ${2 * steps} steps…`);
    target = await tpgmTarget(worker, 2 * steps, rounds);
    console.log(`2/7 memory over ${memorySteps} TPGM steps…`);
    memory = await memoryGrowth(worker, memorySteps);
  } finally {
    await worker.close();
  }
  console.log('3/7 backends (with time to the first step and evaluation throughput)…');
  const backends = await backendSpeeds(backendSteps, true);
  console.log('4/7 PyTorch reference…');
  const torch = torchReference();
  console.log(`5/7 WASM at 1 and 2 threads beside PyTorch, ${rounds} interleaved rounds of ${steps} steps…`);
  const torchRounds: ReturnType<typeof torchReference>[] = [];
  const threads = await threadScaling(steps, {
    threadCounts: [1, 2],
    rounds,
    skipBuild: true,
    eachRound: () => torchRounds.push(torchReference([32])),
  });
  console.log('6/7 kernels per step of every method…');
  const kernels = await kernelTable((line) => console.log(`  ${line}`));
  console.log('7/7 the arithmetic floor: the step’s FLOPs, WASM’s and PyTorch’s best rates on one thread…');
  const floor = await floorOfCnnSmall();

  const raw: Measurements = {
    date,
    machine,
    defaultBackend,
    steps,
    speeds,
    rounds,
    target,
    backendSteps,
    backends,
    torch,
    memorySteps,
    memory: [...memory],
    threads,
    torchRounds: torchBatch32(torchRounds),
    kernels,
    floor,
  };
  writeFileSync(`${RESULTS}/benchmarks.json`, `${JSON.stringify(raw, null, 2)}\n`);
  writeFileSync('BENCHMARKS.md', report(raw));
  console.log(`wrote BENCHMARKS.md and ${RESULTS}/benchmarks.json; TPGM/FT ${target[1].ratio.toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
