import { describe, expect, it } from 'vitest';

import { gpuRecordSection, type GpuRecord } from './bench-gpu-record';

const setup = { model: 'cnn-small-mnist', seed: 0, batch: 32, recipe: 'B1', parity: 5, planned: 26 };
const row = (backend: string, method: string, stepMs: number, dispatches: number, recorded?: string) => ({
  backend,
  method,
  stepMs,
  kernels: { dispatches },
  ...(recorded ? { recorded } : {}),
});
const torch = (device: string, ms: number) => ({
  framework: 'PyTorch 2.11',
  device,
  threads: 1,
  batch: 32,
  medianStepMs: ms,
});

/** Two runs; `tpgmMs` is WebGPU TPGM's step in each, `pass` the parity of WebGPU TPGM in each. */
function record(tpgmMs: [number, number], pass: [boolean, boolean], cudaMs = 2): GpuRecord {
  const run = (i: 0 | 1) => ({
    benchGpu: {
      machine: 'Node v20, 16 × Xeon',
      setup,
      described: { webgpu: 'Dawn · nvidia-h200' },
      rows: [
        row('webgpu', 'full-ft', 16 + i, 77),
        row('webgpu', 'tpgm', tpgmMs[i], 192),
        row('wasm', 'full-ft', 40, 77),
        row('cpu', 'full-ft', 15000, 77, '2026-12-04'),
        row('cpu', 'tpgm', 16000, 192, '2026-12-04'),
      ],
      // one parity per non-CPU row, in the rows' order
      parities: [
        { pass: true, worstGap: 1e-6 },
        { pass: pass[i], worstGap: pass[i] ? 2e-7 : 0.5 },
        { pass: true, worstGap: 3e-6 },
      ],
    },
    torchCuda: torch('NVIDIA H200', cudaMs),
    torchCpu1Thread: torch('cpu', 12),
  });
  return { format: 'tpgm-gpu-record/1', recorded: '2026-12-04', gpu: 'H200', how: 'by hand', runs: [run(0), run(1)] };
}

describe('gpuRecordSection: BENCHMARKS.md’s section from a recorded GPU run', () => {
  it('tables every run’s measured rows (not the referenced CPU rows) with their medians, kernels and parity', () => {
    const md = gpuRecordSection(record([30, 34], [true, true]));
    expect(md).toMatch(/^### On a real GPU \(recorded 2026-12-04, not re-measured by this command\)/);
    expect(md).toContain(
      '| webgpu | FT | 16.0, 17.0 | 16.5 | 77 | 0.21 | PASS: 2 of 2 runs within tolerance (largest gap 1.0e-6 nats) |',
    );
    expect(md).toContain(
      '| webgpu | TPGM | 30.0, 34.0 | 32.0 | 192 | 0.17 | PASS: 2 of 2 runs within tolerance (largest gap 2.0e-7 nats) |',
    );
    expect(md).toContain(
      '| wasm | FT | 40.0, 40.0 | 40.0 | 77 |  | PASS: 2 of 2 runs within tolerance (largest gap 3.0e-6 nats) |',
    );
    expect(md).not.toMatch(/\| cpu \|/);
    expect(md).not.toContain('| wasm | TPGM');
    expect(md).toContain('| PyTorch 2.11, CUDA (NVIDIA H200) | FT | 2.0, 2.0 | 2.0 |');
    expect(md).toContain("TPGM's takes\n1.94 × FT's, for 2.49 × its kernels");
    expect(md).toContain('— not met (32.0 ms against 2.0 ms on CUDA and 12.0 ms on one CPU thread)');
  });

  it('says FAIL when one run’s parity failed, and met when TPGM is no slower than PyTorch on CUDA', () => {
    expect(gpuRecordSection(record([30, 34], [true, false]))).toContain(
      '| webgpu | TPGM | 30.0, 34.0 | 32.0 | 192 | 0.17 | FAIL: 1 of 2 runs within tolerance (largest gap 5.0e-1 nats) |',
    );
    expect(gpuRecordSection(record([30, 34], [true, true], 40))).toMatch(/same machine — met\.\n$/);
  });

  it('refuses a record of another format', () => {
    expect(() => gpuRecordSection({ ...record([1, 1], [true, true]), format: 'x/2' })).toThrow(/format x\/2/);
  });
});
