import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { valuesOn } from '../testing/backend-compare';
import { registerWasmMaxPoolGrad } from './wasm-maxpool-grad';

beforeAll(() => {
  registerWasmMaxPoolGrad();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

type Case = {
  x: [number, number, number, number];
  f: number | [number, number];
  s: number;
  pad: 'same' | 'valid' | number;
};

/** dx of Σ (maxPool(x) · r) for a fixed random r: the gradient of every window reaches its max. */
const gradOf = (c: Case, x: () => tf.Tensor4D) => () =>
  tf.tidy(() => {
    const xs = x();
    const r = tf.randomNormal(tf.maxPool(xs, c.f, c.s, c.pad).shape, 0, 1, 'float32', 7);
    return tf.grad((input) => tf.sum(tf.mul(tf.maxPool(input as tf.Tensor4D, c.f, c.s, c.pad), r)))(xs);
  });

describe('MaxPoolGrad on wasm', () => {
  const cases: Case[] = [
    { x: [2, 28, 28, 16], f: 2, s: 2, pad: 'valid' }, // cnn-small's pools
    { x: [2, 14, 14, 32], f: 2, s: 2, pad: 'same' },
    { x: [1, 7, 7, 3], f: 2, s: 2, pad: 'same' }, // odd: the last window is padded
    { x: [1, 7, 7, 3], f: 2, s: 2, pad: 'valid' }, // odd: the last row and column are left out
    { x: [2, 9, 9, 2], f: 3, s: 2, pad: 'same' }, // overlapping windows
    { x: [2, 8, 6, 3], f: 3, s: 1, pad: 'valid' },
    { x: [1, 10, 10, 1], f: [3, 2], s: 3, pad: 1 }, // explicit padding, a non-square window
    // the SIMD loop's cases: 2 × 2, stride 2, unpadded, 4k channels
    { x: [2, 7, 9, 8], f: 2, s: 2, pad: 'valid' }, // the last row and column in no window
    { x: [3, 4, 6, 12], f: 2, s: 2, pad: 'same' }, // even sizes: 'same' pads nothing
    { x: [1, 5, 5, 4], f: 2, s: 2, pad: 'same' }, // odd: padded, so not the loop's
  ];
  it.each(cases)('matches the CPU backend for x $x, window $f, stride $s, $pad', async (c) => {
    const grad = gradOf(c, () => tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D);
    const expected = await valuesOn('cpu', grad);
    const actual = await valuesOn('wasm', grad);
    expect(actual.length).toBe(expected.length);
    expect(Array.from(actual).some((v) => v !== 0)).toBe(true);
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 5));
  });

  it('gives a tied window’s gradient to its first maximum, as the CPU backend does', async () => {
    // after a ReLU many windows are all zeros: ties everywhere
    const c: Case = { x: [2, 8, 8, 4], f: 2, s: 2, pad: 'valid' };
    const grad = gradOf(c, () => tf.relu(tf.round(tf.randomNormal(c.x, 0, 1, 'float32', 2))) as tf.Tensor4D);
    const expected = await valuesOn('cpu', grad);
    const actual = await valuesOn('wasm', grad);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('passes nothing from a window of NaN or −∞, and never picks a NaN, as the CPU backend', async () => {
    // one 2 × 2 window per channel, 4 channels: the loop's case
    const windows = [
      [NaN, 1, 2, 0],
      [-Infinity, -Infinity, -Infinity, -Infinity],
      [3, NaN, 3, NaN],
      [NaN, NaN, NaN, NaN],
    ];
    const c: Case = { x: [1, 2, 2, 4], f: 2, s: 2, pad: 'valid' };
    const values = [0, 1, 2, 3].flatMap((p) => windows.map((w) => w[p]));
    const grad = gradOf(c, () => tf.tensor4d(values, c.x));
    const expected = await valuesOn('cpu', grad);
    const actual = await valuesOn('wasm', grad);
    expect(Array.from(actual)).toEqual(Array.from(expected));
    expect(Array.from(actual).filter((v) => v !== 0)).toHaveLength(2); // channels 0 and 2
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 6, 6, 2]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.grad((input) => tf.maxPool(input as tf.Tensor4D, 2, 2, 'valid').sum())(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
