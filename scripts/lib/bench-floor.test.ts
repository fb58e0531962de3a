import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { buildArchitecture } from '../../src/core/model/architectures';
import { createRng } from '../../src/core/rng';
import { floorMs, floorSection, stepFlops, tfjsRate, type FloorMeasurement } from './bench-floor';

describe('stepFlops', () => {
  it('counts cnn-small’s multiply-adds by hand: every layer three times, the first twice', () => {
    const model = buildArchitecture('cnn-small', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(0));
    // per image: out_h · out_w · out_c · 3 · 3 · in_c for each convolution, in · out for the head
    const conv1 = 28 * 28 * 16 * 9 * 1;
    const rest = 14 * 14 * 32 * 9 * 16 + 7 * 7 * 64 * 9 * 32 + 7 * 7 * 64 * 9 * 64 + 64 * 10;
    const { forward, step } = stepFlops(model, 32);
    expect(forward).toBe(2 * 32 * (conv1 + rest));
    expect(step).toBe(2 * 32 * (2 * conv1 + 3 * rest));
    expect(step / 1e9).toBeCloseTo(0.708, 3); // the issue's ≈ 0.7 GFLOP
    model.dispose();
  });

  it('counts an MLP’s dense layers, the first without an input gradient', () => {
    const model = buildArchitecture('mlp', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(0));
    const { forward, step } = stepFlops(model, 1);
    const first = 784 * 256;
    const rest = 256 * 128 + 128 * 10;
    expect(forward).toBe(2 * (first + rest));
    expect(step).toBe(2 * (2 * first + 3 * rest));
    model.dispose();
  });
});

describe('floorMs and tfjsRate', () => {
  it('divides the FLOPs by the faster of the two rates', () => {
    expect(floorMs(2e9, { engine: 'e', matmulGflops: 50, convGflops: 100 })).toBe(20);
  });

  it('measures a finite, positive rate on the CPU backend and leaves no tensor', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const rate = tfjsRate('cpu', 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(rate.matmulGflops).toBeGreaterThan(0);
    expect(rate.convGflops).toBeGreaterThan(0);
    expect(Number.isFinite(rate.matmulGflops + rate.convGflops)).toBe(true);
  });
});

describe('floorSection', () => {
  const floor = (torch: FloorMeasurement['torch']): FloorMeasurement => ({
    setup: 'a model',
    flops: { forward: 0.25e9, step: 0.7e9 },
    wasm: { engine: 'WASM', matmulGflops: 25, convGflops: 20 }, // fastest step: 0.7e9 / 25e9 s = 28 ms
    torch,
  });
  const torch = { engine: 'PyTorch', matmulGflops: 50, convGflops: 200 }; // 3.5 ms

  it('says the target is out of reach when even a step at WASM’s best rate is over target × PyTorch’s', () => {
    const text = floorSection(floor(torch), 44, 8, 2);
    expect(text).toContain('| WASM | 25.0 | 20.0 | 28 | 44 | 1.6 |');
    expect(text).toContain('| PyTorch | 50.0 | 200.0 | 3.5 | 8.0 | 2.3 |');
    expect(text).toContain('out of reach on this machine');
    expect(text).toContain('3.50 × PyTorch');
  });

  it('says it is within reach when it is', () => {
    expect(floorSection(floor(torch), 44, 20, 2)).toContain(
      'within reach: a WASM step at XNNPACK’s best rate would be 1.40 ×',
    );
  });

  it('says why PyTorch’s row is missing, and judges nothing without it', () => {
    const text = floorSection(floor('not measured: no PyTorch'), 44, Number.NaN, 2);
    expect(text).toContain('| PyTorch | not measured: no PyTorch |');
    expect(text).toContain('not judged');
    expect(floorSection(undefined, 44, 8, 2)).toContain('not measured in this run');
  });
});
