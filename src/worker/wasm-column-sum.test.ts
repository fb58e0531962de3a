import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { valuesOn } from '../testing/backend-compare';
import { registerWasmColumnSum } from './wasm-column-sum';

beforeAll(() => {
  registerWasmColumnSum();
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
