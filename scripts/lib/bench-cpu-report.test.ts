import { describe, expect, it } from 'vitest';

import { nativeRatio, threadSection, torchBatch32 } from './bench-cpu-report';
import type { ThreadTiming } from './bench-threads';

const timing = (threads: number, ft: number[], tpgm: number[]): ThreadTiming => ({
  threads,
  adapter: `WebAssembly (XNNPACK) · SIMD · ${threads} thread${threads > 1 ? 's' : ''}`,
  ftMs: [...ft].sort((a, b) => a - b)[1],
  tpgmMs: [...tpgm].sort((a, b) => a - b)[1],
  ftRoundsMs: ft,
  tpgmRoundsMs: tpgm,
  load1: [1, 1.2, 0.9],
});

describe('the WASM step against PyTorch', () => {
  it('takes the median of each round’s ratio, so a drift of the machine cancels', () => {
    // the machine slows down 2× in the last round for both: the ratio stays 2.5
    expect(nativeRatio(timing(1, [20, 20, 40], [30, 30, 60]), [8, 8, 16])).toBe(2.5);
  });

  it('says met at the best thread count, and not met above the target', () => {
    const one = timing(1, [20, 20, 20], [25, 25, 25]);
    const two = timing(2, [15, 15, 15], [20, 20, 20]);
    expect(threadSection([one, two], [8, 8, 8])).toMatch(/— met: 1\.88 × at 2 thread\(s\)/);
    // the app's default on 2 cores is one thread: its figure is said too
    expect(threadSection([one, two], [8, 8, 8])).toMatch(/at one thread, the app's default .*, 2\.50 × — not met\./);
    expect(threadSection([one, two], [8, 8, 8])).toMatch(/2 threads take FT to 0\.75 ×/);
    expect(threadSection([one], [8, 8, 8])).toMatch(/— not met: 2\.50 × at 1 thread\(s\)/);
    expect(threadSection([one], undefined)).toMatch(/not measured/);
  });

  it('keeps PyTorch’s batch-32 steps and skips a round it could not measure', () => {
    const run = (ms: number) => [
      { batch: 32, medianStepMs: ms, framework: 'PyTorch', threads: 1 },
      { batch: 64, medianStepMs: 2 * ms, framework: 'PyTorch', threads: 1 },
    ];
    expect(torchBatch32([run(8), 'not measured: no PyTorch', run(9)])).toEqual([8, 9]);
  });
});
