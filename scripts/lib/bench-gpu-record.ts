/**
 * BENCHMARKS.md's section on a real GPU, from a recorded file (docs/results/bench-gpu-h200.json):
 * `npm run bench:gpu` and PyTorch's FT step run on a lent GPU machine (scripts/bench-gpu-machine.sh).
 * `npm run benchmarks` runs where there is no GPU, so it re-renders this section from the record and
 * says it is recorded, with the date, the machine and the configuration that produced it.
 */
import { existsSync, readFileSync } from 'node:fs';

import { median } from '../../src/core/stats';
import { RESULTS } from './bench-comparisons';
import type { Parity } from './gpu-parity';
import type { BenchSetup } from './gpu-reference';

export const GPU_RECORD = `${RESULTS}/bench-gpu-h200.json`;

interface TorchStepRecord {
  framework: string;
  device: string;
  threads: number;
  batch: number;
  medianStepMs: number;
}

interface BenchGpuRow {
  backend: string;
  method: string;
  stepMs: number;
  recorded?: string;
  kernels: { dispatches: number };
}

/** A `bench:gpu --out` report, the parts read here. */
interface BenchGpuReport {
  machine: string;
  setup: BenchSetup;
  described: Record<string, string>;
  rows: BenchGpuRow[];
  parities: Pick<Parity, 'pass' | 'worstGap'>[];
}

/** The record's shape (format tpgm-gpu-record/1): one entry per call on the GPU machine. */
export interface GpuRecord {
  format: string;
  recorded: string;
  gpu: string;
  how: string;
  runs: { benchGpu: BenchGpuReport; torchCuda: TorchStepRecord; torchCpu1Thread: TorchStepRecord }[];
}

/** bench:gpu's warm-up steps (scripts/bench-gpu.ts), left out of each median. */
const WARMUP = 2;
const METHOD_NAMES: Record<string, string> = { 'full-ft': 'FT', tpgm: 'TPGM' };
const one = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const list = (vs: readonly number[]): string => vs.map(one).join(', ');

/** The measured (not referenced) rows of every run for one backend and method, in run order. */
function stepsOf(record: GpuRecord, backend: string, method: string): BenchGpuRow[] {
  return record.runs.flatMap((r) =>
    r.benchGpu.rows.filter((row) => row.backend === backend && row.method === method && !row.recorded),
  );
}

/** Every run's parity for one backend and method (the report lists parities in its measured rows' order). */
function paritiesOf(record: GpuRecord, backend: string, method: string): BenchGpuReport['parities'] {
  return record.runs.flatMap(({ benchGpu }) => {
    const compared = benchGpu.rows.filter((row) => row.backend !== 'cpu');
    const i = compared.findIndex((row) => row.backend === backend && row.method === method);
    return i >= 0 && benchGpu.parities[i] ? [benchGpu.parities[i]] : [];
  });
}

/** The section, in markdown; throws on a record of another format. */
export function gpuRecordSection(record: GpuRecord): string {
  if (record.format !== 'tpgm-gpu-record/1') throw new Error(`unknown GPU record format ${record.format}`);
  const first = record.runs[0].benchGpu;
  const s = first.setup;
  const lines = [
    '| backend | method | step ms, each run | median | kernels per step | ms per kernel (GPU) | parity with the CPU backend |',
    '|---|---|---|---|---|---|---|',
  ];
  const medians: Record<string, number> = {};
  const kernelsOf: Record<string, number> = {};
  for (const backend of ['webgpu', 'wasm']) {
    for (const method of ['full-ft', 'tpgm']) {
      const rows = stepsOf(record, backend, method);
      if (rows.length === 0) continue;
      const times = rows.map((r) => r.stepMs);
      const mid = median(times);
      const kernels = rows[0].kernels.dispatches;
      medians[`${backend}/${method}`] = mid;
      kernelsOf[`${backend}/${method}`] = kernels;
      const parities = paritiesOf(record, backend, method);
      const passed = parities.filter((p) => p.pass).length;
      const verdict = passed === rows.length ? 'PASS' : 'FAIL';
      const gap = Math.max(...parities.map((p) => p.worstGap));
      lines.push(
        `| ${backend} | ${METHOD_NAMES[method] ?? method} | ${list(times)} | ${one(mid)} | ${kernels} | ` +
          `${backend === 'webgpu' ? (mid / kernels).toFixed(2) : ''} | ${verdict}: ${passed} of ${rows.length} runs within tolerance (largest gap ${gap.toExponential(1)} nats) |`,
      );
    }
  }
  const cuda = record.runs.map((r) => r.torchCuda.medianStepMs);
  const cpu1 = record.runs.map((r) => r.torchCpu1Thread.medianStepMs);
  const torch = record.runs[0];
  lines.push(
    `| ${torch.torchCuda.framework}, CUDA (${torch.torchCuda.device}) | FT | ${list(cuda)} | ${one(median(cuda))} | | | |`,
    `| ${torch.torchCpu1Thread.framework}, CPU, 1 thread | FT | ${list(cpu1)} | ${one(median(cpu1))} | | | |`,
  );
  const ft = medians['webgpu/full-ft'];
  const tpgm = medians['webgpu/tpgm'];
  const ftKernels = kernelsOf['webgpu/full-ft'];
  const met = tpgm <= median(cuda);
  return `### On a real GPU (recorded ${record.recorded}, not re-measured by this command)

\`npm run bench:gpu\` and PyTorch's FT step on a lent machine: ${record.gpu}. ${record.runs.length} runs back to back,
each: ${s.model} (shipped, fresh head seeded ${s.seed}), recipe ${s.recipe} at batch ${s.batch}, seed ${s.seed},
seeded random images; the median of ${s.planned - 1 - WARMUP} steps after a ${WARMUP}-step warm-up, each step timed until its
loss is read back on the CPU (PyTorch's: until \`torch.cuda.synchronize()\` returns); TPGM at the app's
schedule. WebGPU is ${first.described.webgpu}; WASM runs in Node on that machine's CPU
(${first.machine}). The parity column compares the first ${s.parity} losses with the CPU backend's, recorded
beforehand (\`--reference docs/results/bench-gpu-cpu-reference.json\`). How: ${record.how}
The raw numbers are in \`${GPU_RECORD}\`.

${lines.join('\n')}

On the GPU, WebGPU's FT step takes ${one(ft)} ms, ${(ft / median(cuda)).toFixed(1)} × PyTorch's on CUDA; TPGM's takes
${(tpgm / ft).toFixed(2)} × FT's, for ${(kernelsOf['webgpu/tpgm'] / ftKernels).toFixed(2)} × its kernels: at ${(ft / ftKernels).toFixed(2)} ms a kernel, a step of this model
is bound by dispatches and read-backs, not by arithmetic (PyTorch does the same 0.7 GFLOP step in ${one(median(cuda))} ms
there), so kernels per step (§2) are what speeds it up. Target: the TPGM step on WebGPU no slower than PyTorch's
FT step at the same batch on the same machine — ${met ? 'met' : `not met (${one(tpgm)} ms against ${one(median(cuda))} ms on CUDA and ${one(median(cpu1))} ms on one CPU thread)`}.
`;
}

/** The section from the committed record, or '' where there is none. */
export function gpuRecordSectionFromResults(path = GPU_RECORD): string {
  return existsSync(path) ? gpuRecordSection(JSON.parse(readFileSync(path, 'utf8')) as GpuRecord) : '';
}
