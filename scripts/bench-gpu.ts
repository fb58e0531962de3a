/**
 * `npm run bench:gpu [-- --parity-steps 5] [--timed-steps 20] [--methods full-ft,tpgm] [--out file.json]
 *   [--reference earlier.json]`
 * The core Trainer (FT and TPGM, the shipped cnn-small-mnist with a seeded fresh head, batch 32, recipe
 * B1, seed 0, seeded random images) on tfjs-backend-webgpu in Node through Dawn's Node bindings (npm
 * `webgpu`), beside the WASM backend (with the app's own kernels) and the CPU backend (issue #16).
 * Per backend and method: the median step time after a 2-step warm-up (each step timed to its loss read
 * back), kernels per step (core/train/kernel-count.ts, the step after the timed ones), and the parity of
 * the first losses against the CPU backend's (scripts/lib/gpu-parity.ts). The CPU backend's step takes
 * ~20 s here, so its median is of its parity steps; `--reference` takes its rows from an earlier report
 * of the same setup instead (scripts/lib/gpu-reference.ts), for a machine lent by the minute. Exit code:
 * 0 all PASS with WebGPU measured; 1 a parity FAIL or an error; 2 no WebGPU adapter (the WASM and CPU
 * rows are still measured and checked).
 */
import '@tensorflow/tfjs-backend-wasm';

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

import * as tf from '@tensorflow/tfjs';

import { METHOD_IDS, type MethodId } from '../src/core/spec/config';
import { METHOD_INFO } from '../src/core/spec/method-catalog';
import { median } from '../src/core/stats';
import { kernelsOfStep, type KernelCount } from '../src/core/train/kernel-count';
import { registerWasmKernels } from '../src/worker/wasm-kernels';
import { benchConfig, shippedModel, timedSteps, withBenchTrainer, type SteppedRun } from './lib/bench-trainer';
import {
  benchExitCode,
  compareLosses,
  parityLine,
  PARITY_TOLERANCE,
  toleranceText,
  verdictLine,
  type Parity,
} from './lib/gpu-parity';
import { referenceFromReport, REPORT_FORMAT, type BenchSetup } from './lib/gpu-reference';
import { setUpNodeWebGpu } from './lib/webgpu-node';

const MODEL = 'cnn-small-mnist';
const SEED = 0;
const WARMUP = 2;

type Backend = 'webgpu' | 'wasm' | 'cpu';

interface Row {
  backend: Backend;
  method: MethodId;
  run: SteppedRun;
  /** Median of the step times after the warm-up, ms. */
  stepMs: number;
  kernels: KernelCount;
  /** Taken from an earlier report (`--reference`), not measured in this run: that report's date. */
  recorded?: string;
}

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

function count(args: string[], name: string, fallback: number, min: number): number {
  const v = Number(option(args, name, String(fallback)));
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${v}`);
  return v;
}

/** Sets `backend` (its boolean too: tf.setBackend can fail quietly) and says what it is. */
async function useBackend(backend: Backend): Promise<void> {
  const ok = await tf.setBackend(backend);
  if (!ok || tf.getBackend() !== backend) throw new Error(`tf.setBackend('${backend}') did not take effect`);
}

async function wasmDescription(): Promise<string> {
  await useBackend('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return (
    `WebAssembly (XNNPACK) · ${simd ? 'SIMD' : 'no SIMD'} · ${threads ? 'multi-threaded' : 'one thread'}, ` +
    "with the app's own kernels (src/worker/wasm-kernels.ts)"
  );
}

/**
 * The first `steps` steps of `method` on `backend`, each timed, then one counted step. Every backend's
 * run plans `planned` steps, so that all follow the same learning-rate schedule (cosine over the run).
 */
async function measure(backend: Backend, method: MethodId, steps: number, planned: number): Promise<Row> {
  await useBackend(backend);
  const model = await shippedModel(MODEL, SEED);
  try {
    return await withBenchTrainer(model, benchConfig(method, planned), async (trainer) => {
      const run = await timedSteps(trainer, steps);
      const kernels = await kernelsOfStep(trainer, steps);
      return { backend, method, run, stepMs: median(run.stepMs.slice(WARMUP)), kernels };
    });
  } finally {
    model.dispose();
  }
}

function table(rows: readonly Row[], parity: number): string {
  const lines = [
    `| backend | method | median step ms | steps timed | kernels per step (compute / all calls) | losses, steps 1–${parity} |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const losses = r.run.losses.slice(0, parity).map((l) => l.toPrecision(6));
    const timed = r.recorded ? `recorded ${r.recorded.slice(0, 10)}` : String(r.run.stepMs.length - WARMUP);
    lines.push(
      `| ${r.backend} | ${METHOD_INFO[r.method].short} | ${r.stepMs.toFixed(1)} | ${timed} | ` +
        `${r.kernels.dispatches} / ${r.kernels.kernels} | ${losses.join(' ')} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const parity = count(args, '--parity-steps', 5, WARMUP + 1);
  const timed = count(args, '--timed-steps', 20, 1);
  const methods = option(args, '--methods', 'full-ft,tpgm').split(',') as MethodId[];
  const unknown = methods.filter((m) => !METHOD_IDS.includes(m));
  if (unknown.length > 0) throw new Error(`unknown methods: ${unknown.join(', ')} (known: ${METHOD_IDS.join(', ')})`);
  const out = option(args, '--out', '');
  const setup: BenchSetup = { model: MODEL, seed: SEED, batch: 32, recipe: 'B1', parity, planned: parity + timed + 1 };
  const referenceFile = option(args, '--reference', '');
  const reference = referenceFile
    ? referenceFromReport(JSON.parse(readFileSync(referenceFile, 'utf8')), setup, methods)
    : null;
  if (reference && !reference.ok) throw new Error(`--reference ${referenceFile}: ${reference.reason}`);
  const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;
  console.log(
    `bench:gpu · ${MODEL} (shipped, fresh head seeded ${SEED}), batch 32, recipe B1, seed ${SEED}, seeded random ` +
      `28×28 images · ${parity} parity steps, then ${timed} more timed (CPU: none), warm-up ${WARMUP} · ` +
      machine,
  );

  registerWasmKernels();
  const gpu = await setUpNodeWebGpu();
  const backends = (['webgpu', 'wasm', 'cpu'] as const).filter(
    (b) => (b !== 'webgpu' || gpu.ok) && (b !== 'cpu' || !reference),
  );
  const described: Record<Backend, string> = {
    webgpu: gpu.ok ? `Dawn (npm webgpu) · ${gpu.adapter}` : `not measured: ${gpu.reason}`,
    wasm: await wasmDescription(),
    cpu:
      'tfjs CPU backend (plain JavaScript), the parity reference' +
      (reference?.ok ? `, recorded ${reference.date} (${reference.machine}) in ${referenceFile}` : ''),
  };
  for (const b of ['webgpu', 'wasm', 'cpu'] as const) console.log(`${b}: ${described[b]}`);

  const rows: Row[] = [];
  for (const backend of backends) {
    for (const method of methods) {
      const t0 = performance.now();
      const steps = backend === 'cpu' ? parity : parity + timed;
      const row = await measure(backend, method, steps, parity + timed + 1);
      rows.push(row);
      const s = ((performance.now() - t0) / 1000).toFixed(0);
      console.log(`  ${backend} · ${METHOD_INFO[method].short}: ${row.stepMs.toFixed(1)} ms a step (${s} s in all)`);
    }
  }
  if (reference?.ok) {
    for (const r of reference.rows) {
      const kernels = { ...r.kernels, byName: [] };
      rows.push({
        backend: 'cpu',
        method: r.method,
        run: { losses: r.losses, stepMs: [] },
        stepMs: r.stepMs,
        kernels,
        recorded: reference.date,
      });
    }
  }
  console.log(`\n${table(rows, parity)}\n`);

  console.log(
    `parity against the CPU backend, first ${parity} losses, same seed and batches, allowed ${toleranceText()}:`,
  );
  const parities: Parity[] = [];
  for (const r of rows.filter((row) => row.backend !== 'cpu')) {
    const reference = rows.find((row) => row.backend === 'cpu' && row.method === r.method)!;
    const p = compareLosses(r.run.losses.slice(0, parity), reference.run.losses.slice(0, parity));
    parities.push(p);
    console.log(parityLine(`${r.backend} · ${METHOD_INFO[r.method].short}`, p));
  }
  const outcome = { gpuMeasured: gpu.ok, parities };
  console.log(verdictLine(outcome));
  if (out) {
    const report = {
      format: REPORT_FORMAT,
      date: new Date().toISOString(),
      machine,
      setup,
      described,
      tolerance: PARITY_TOLERANCE,
    };
    writeFileSync(out, `${JSON.stringify({ ...report, rows, parities }, null, 2)}\n`);
    console.log(`wrote ${out}`);
  }
  const code = benchExitCode(outcome);
  if (!gpu.ok) {
    const why =
      gpu.missing === 'no-adapter'
        ? ' (this machine has no GPU that Dawn can use: Dawn needs a GPU with a Vulkan driver and libvulkan.so.1, ' +
          "and says above why it found none, if it knows; Debian's lavapipe is too old for Dawn)"
        : '';
    const exit = code === 2 ? 'no WebGPU backend measured' : 'a parity check failed';
    console.error(`\n${gpu.reason}${why}; the WASM and CPU rows were still measured. Exit code ${code}: ${exit}.`);
  }
  return code;
}

main().then(
  // exit at once: a live Dawn instance can keep Node's event loop open
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
