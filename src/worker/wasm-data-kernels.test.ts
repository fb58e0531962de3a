import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { valuesOn } from '../testing/backend-compare';
import { copySlice } from './wasm-data-kernels';
import { registerWasmKernels } from './wasm-kernels';

beforeAll(() => {
  registerWasmKernels(); // all of them: the training step below needs the convolution gradients
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** 0, 1, 2, … in `shape`: every value says where it came from. */
const counting = (shape: number[], dtype: 'float32' | 'int32') =>
  tf.range(0, tf.util.sizeFromShape(shape), 1, dtype).reshape(shape);

describe('Slice on wasm', () => {
  const cases: { shape: number[]; begin: number[]; size: number[] }[] = [
    { shape: [10], begin: [3], size: [4] },
    { shape: [10], begin: [0], size: [10] },
    { shape: [5, 7], begin: [1, 2], size: [3, 4] }, // rows of a matrix: not contiguous
    { shape: [5, 7], begin: [2, 0], size: [2, 7] }, // whole rows: one run
    { shape: [4, 5, 6], begin: [1, 0, 0], size: [2, 5, 6] },
    { shape: [4, 5, 6], begin: [0, 1, 0], size: [4, 3, 6] }, // whole last axis: runs of 3 × 6
    { shape: [4, 5, 6], begin: [1, 2, 3], size: [3, 3, 2] },
    { shape: [16, 30, 30, 32], begin: [0, 0, 0, 0], size: [16, 3, 3, 32] }, // the filter gradient's crop
    { shape: [3, 4, 5, 6, 7], begin: [1, 1, 0, 2, 3], size: [2, 2, 5, 3, 4] }, // rank 5
    { shape: [3, 1, 5], begin: [0, 0, 1], size: [-1, -1, -1] }, // −1: to the end
    { shape: [4, 4], begin: [1, 1], size: [0, 2] }, // empty
  ];
  it.each(cases)('matches the CPU backend for $shape from $begin, size $size', async (c) => {
    for (const dtype of ['float32', 'int32'] as const) {
      const f = () => tf.tidy(() => tf.slice(counting(c.shape, dtype), c.begin, c.size));
      const expected = await valuesOn('cpu', f);
      const actual = await valuesOn('wasm', f);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });

  it('passes the gradient of a crop back to where it came from', async () => {
    const f = () =>
      tf.tidy(() =>
        tf.grad((x) => tf.sum(tf.mul(tf.slice(x, [1, 0, 2], [2, 3, 2]), 3)))(counting([3, 3, 5], 'float32')),
      );
    expect(Array.from(await valuesOn('wasm', f))).toEqual(Array.from(await valuesOn('cpu', f)));
  });

  it('copies a scalar', () => {
    const out = new Float32Array(1);
    copySlice(Float32Array.of(4), [], [], [], out);
    expect(out[0]).toBe(4);
  });
});

describe('GatherV2 on wasm', () => {
  const cases: { shape: number[]; indices: number[] | number[][]; axis?: number }[] = [
    { shape: [128, 28, 28, 1], indices: [5, 0, 127, 5, 64, 3, 3, 100] }, // a batch of images, repeats
    { shape: [10], indices: [9, 0, 4] }, // a vector (TPGM's per-unit ratios)
    {
      shape: [6, 5],
      indices: [
        [1, 2, 3],
        [5, 0, 0],
      ],
    }, // 2-D indices: out is [2, 3, 5]
    { shape: [4, 3], indices: [] }, // nothing picked
    { shape: [4, 3, 2], indices: [2, 0], axis: 1 }, // another axis: the backend's own kernel
  ];
  it.each(cases)('matches the CPU backend for $shape at $indices (axis $axis)', async (c) => {
    for (const dtype of ['float32', 'int32'] as const) {
      const f = () =>
        tf.tidy(() => tf.gather(counting(c.shape, dtype), tf.tensor(c.indices, undefined, 'int32'), c.axis ?? 0));
      const expected = await valuesOn('cpu', f);
      const actual = await valuesOn('wasm', f);
      expect(Array.from(actual)).toEqual(Array.from(expected));
    }
  });

  it('refuses an index outside the axis, as the CPU backend does, and leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = counting([4, 3], 'float32');
    const bad = tf.tensor1d([1, 4], 'int32');
    const before = tf.memory().numTensors;
    const data = tf.backend().numDataIds(); // the wasm heap's allocations, tensors or not
    expect(() => tf.gather(x, bad)).toThrow(/index value 4 is not in \[0, 3\]/);
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.backend().numDataIds()).toBe(data);
    tf.dispose([x, bad]);
  });
});

describe('Identity on wasm', () => {
  it('shares the data, which outlives the input', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.engine().runKernel('Identity', { x }) as tf.Tensor;
    expect(y.dataId).toBe(x.dataId);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    y.dispose();
  });

  /** Three SGD steps of a ReLU convolution; the weights after them. */
  const train = async (leaks?: (before: tf.MemoryInfo, after: tf.MemoryInfo) => void) => {
    const w = tf.variable(tf.randomNormal([3, 3, 2, 4], 0, 1, 'float32', 1));
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
    const step = () =>
      tf.tidy(() => {
        const g = tf.grad((v) => tf.sum(tf.relu(tf.conv2d(x, v as tf.Tensor4D, 1, 'same'))))(w);
        w.assign(tf.sub(w, tf.mul(g, 0.01)));
      });
    step();
    const before = tf.memory();
    for (let i = 0; i < 3; i++) step();
    leaks?.(before, tf.memory());
    const values = await w.data();
    tf.dispose([w, x]);
    return values as Float32Array;
  };

  it('trains as the CPU backend does, and leaves no tensor and no wasm memory behind', async () => {
    await tf.setBackend('cpu');
    const expected = await train();
    await tf.setBackend('wasm');
    const actual = await train((before, after) => {
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numBytes).toBe(before.numBytes);
    });
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });
});
