import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { maxRelError, valuesOn } from '../testing/backend-compare';
import { registerWasmFilterGrad } from './wasm-filter-grad';
import { registerWasmInputGrad } from './wasm-input-grad';

beforeAll(() => {
  registerWasmFilterGrad();
  registerWasmInputGrad();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('Conv2DBackpropInput on wasm', () => {
  const cases: {
    x: [number, number, number, number];
    k: [number, number];
    co: number;
    stride: number;
    pad: 'same' | 'valid';
  }[] = [
    { x: [2, 7, 7, 3], k: [3, 3], co: 4, stride: 1, pad: 'same' },
    { x: [2, 7, 7, 3], k: [3, 3], co: 4, stride: 1, pad: 'valid' },
    { x: [3, 8, 6, 2], k: [5, 3], co: 5, stride: 1, pad: 'same' },
    { x: [2, 6, 6, 4], k: [4, 4], co: 3, stride: 1, pad: 'same' }, // even kernel: pad 1 top, 2 bottom
    { x: [1, 5, 5, 2], k: [1, 1], co: 3, stride: 1, pad: 'valid' },
    // strided: the backend's own kernel
    { x: [3, 8, 8, 1], k: [3, 3], co: 5, stride: 2, pad: 'same' },
    { x: [3, 9, 9, 2], k: [3, 3], co: 2, stride: 2, pad: 'valid' },
  ];
  it.each(cases)(
    'matches the CPU backend for x $x, kernel $k, stride $stride, $pad',
    async ({ x, k, co, stride, pad }) => {
      const grad = () => {
        const w = tf.randomNormal([k[0], k[1], x[3], co], 0, 1, 'float32', 2) as tf.Tensor4D;
        const xs = tf.randomNormal(x, 0, 1, 'float32', 1);
        const dx = tf.grad((input) =>
          tf
            .conv2d(input as tf.Tensor4D, w, stride, pad)
            .square()
            .sum(),
        )(xs);
        tf.dispose([xs, w]);
        return dx;
      };
      const expected = await valuesOn('cpu', grad);
      const actual = await valuesOn('wasm', grad);
      expect(actual.length).toBe(expected.length);
      expect(maxRelError(actual, expected)).toBeLessThan(1e-5);
    },
  );

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const xs = tf.randomNormal([2, 6, 6, 2]);
    const w = tf.randomNormal([3, 3, 2, 3]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.grad((input) => tf.conv2d(input as tf.Tensor4D, w, 1, 'same').sum())(xs).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, w]);
  });
});
