import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { valuesOn } from '../testing/backend-compare';
import { registerWasmBiasKernels } from './wasm-bias-kernels';

beforeAll(() => {
  registerWasmBiasKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Moves the axes kept to the front, so the backend's own kernel sums innermost axes without a transpose of its own. */
const keptFirst = (rank: number, reduced: number) => [
  ...Array.from({ length: rank - reduced }, (_, i) => reduced + i),
  ...Array.from({ length: reduced }, (_, i) => i),
];

describe('Sum over leading axes on wasm', () => {
  const cases: { shape: number[]; axes: number[] }[] = [
    { shape: [32, 28, 28, 16], axes: [0, 1, 2] }, // cnn-small's first bias gradient
    { shape: [32, 7, 7, 64], axes: [0, 1, 2] },
    { shape: [5, 3], axes: [0] },
    { shape: [4, 3, 2, 5, 3], axes: [0, 1] },
    { shape: [7, 1, 9], axes: [1, 0] }, // unsorted axes
    { shape: [6, 0], axes: [0] }, // nothing to sum into
    { shape: [3, 5, 7, 8], axes: [0, 1, 2] }, // odd rows, 4k columns: the SIMD loop
    { shape: [1, 4], axes: [0] },
    { shape: [9, 2, 12], axes: [0] },
  ];
  it.each(cases)('gives the backend’s own sums to the bit for $shape over $axes', async (c) => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal(c.shape, 0, 1, 'float32', 5);
    const ours = tf.sum(x, c.axes);
    const kept = c.shape.length - c.axes.length;
    const innermost = Array.from({ length: c.axes.length }, (_, i) => kept + i);
    const own = tf.sum(tf.transpose(x, keptFirst(c.shape.length, c.axes.length)), innermost);
    expect(ours.shape).toEqual(own.shape);
    expect(Array.from(await ours.data())).toEqual(Array.from(await own.data()));
    tf.dispose([x, ours, own]);
  });

  it('keeps the reduced axes as 1s with keepDims, and matches the CPU backend', async () => {
    const f = () => tf.tidy(() => tf.sum(tf.randomNormal([6, 5, 4], 0, 1, 'float32', 3), [0, 1], true));
    await tf.setBackend('wasm');
    expect(tf.tidy(() => tf.sum(tf.ones([6, 5, 4]), [0, 1], true).shape)).toEqual([1, 1, 4]);
    const expected = await valuesOn('cpu', f);
    const actual = await valuesOn('wasm', f);
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('leaves every other sum to the backend: inner axes, all axes, int32', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(await tf.sum(x, 1).data())).toEqual([6, 15]);
    expect(Array.from(await tf.sum(x).data())).toEqual([21]);
    expect(Array.from(await tf.sum(x.toInt(), 0).data())).toEqual([5, 7, 9]);
    expect(Array.from(await tf.sum(x, 0).data())).toEqual([5, 7, 9]);
    tf.dispose(x);
  });

  it('sums nothing to zeros (the backend’s own kernel left the output unwritten)', async () => {
    await tf.setBackend('wasm');
    const none = tf.zeros([0, 4]);
    expect(Array.from(await tf.sum(none, 0).data())).toEqual([0, 0, 0, 0]);
    none.dispose();
  });
});

describe('Add of a bias on wasm', () => {
  const cases: { x: number[]; b: number[]; biasFirst?: boolean }[] = [
    { x: [32, 28, 28, 16], b: [16] }, // cnn-small's first layer
    { x: [3, 5, 7, 8], b: [8] },
    { x: [5, 4], b: [4], biasFirst: true }, // b + x
    { x: [2, 3, 12], b: [12] },
    { x: [4, 6], b: [6] }, // 6 columns: the backend's own Add
    { x: [4, 8], b: [1, 8] }, // a rank-2 b: the backend's own Add
  ];
  it.each(cases)('equals the CPU backend to the bit for $x + $b', async (c) => {
    const f = () =>
      tf.tidy(() => {
        const x = tf.randomNormal(c.x, 0, 3, 'float32', 11);
        const b = tf.randomNormal(c.b, 0, 1, 'float32', 12);
        return c.biasFirst ? tf.add(b, x) : tf.add(x, b);
      });
    const expected = await valuesOn('cpu', f);
    const actual = await valuesOn('wasm', f);
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('leaves every other Add to the backend: same shapes, int32, scalars', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor2d([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(Array.from(await tf.add(a, a).data())).toEqual([2, 4, 6, 8, 10, 12, 14, 16]);
    expect(Array.from(await tf.add(a.toInt(), tf.tensor1d([1, 1, 1, 1], 'int32')).data())).toEqual([
      2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(Array.from(await tf.add(a, 1).data())).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    tf.dispose(a);
  });

  it('takes the gradient of a bias as the CPU backend does, and leaves no tensor behind', async () => {
    const f = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([6, 5, 5, 8], 0, 1, 'float32', 4);
        const b = tf.randomNormal([8], 0, 1, 'float32', 5);
        return tf.grad((bias) => tf.sum(tf.relu(tf.add(x, bias))))(b);
      });
    const expected = await valuesOn('cpu', f);
    const before = tf.memory().numTensors;
    const actual = await valuesOn('wasm', f);
    expect(tf.memory().numTensors).toBe(before);
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });
});
