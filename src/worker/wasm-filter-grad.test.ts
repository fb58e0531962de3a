import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TunableModel } from '../core/model/tunable-model';
import { DEFAULT_CONFIG, DEFAULT_TPGM } from '../core/spec/config';
import { Trainer } from '../core/train/trainer';
import { maxRelError, valuesOn } from '../testing/backend-compare';
import { makeBars, tinyConvNet } from '../testing/synthetic';
import { registerWasmFilterGrad } from './wasm-filter-grad';

beforeAll(() => {
  registerWasmFilterGrad();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('Conv2DBackpropFilter on wasm', () => {
  const cases: {
    x: [number, number, number, number];
    k: number;
    co: number;
    stride: number;
    pad: 'same' | 'valid' | number;
  }[] = [
    { x: [2, 7, 7, 3], k: 3, co: 4, stride: 1, pad: 'same' },
    { x: [2, 7, 7, 3], k: 3, co: 4, stride: 1, pad: 'valid' },
    { x: [2, 28, 28, 1], k: 3, co: 16, stride: 1, pad: 'same' }, // cnn-small's conv1: runs of one value
    { x: [2, 7, 7, 64], k: 3, co: 64, stride: 1, pad: 'same' }, // conv4: runs of 64
    { x: [1, 6, 9, 5], k: 2, co: 3, stride: 1, pad: 'same' }, // even kernel: more padding after than before
    { x: [2, 5, 4, 3], k: 4, co: 2, stride: 1, pad: 'same' },
    { x: [1, 3, 3, 2], k: 5, co: 2, stride: 1, pad: 'same' }, // the filter wider than the image
    { x: [2, 6, 7, 2], k: 3, co: 3, stride: 1, pad: 2 }, // explicit padding: a larger output
    { x: [3, 5, 5, 4], k: 1, co: 6, stride: 1, pad: 'valid' },
    { x: [3, 8, 8, 1], k: 3, co: 5, stride: 2, pad: 'same' },
    { x: [3, 9, 9, 2], k: 3, co: 2, stride: 2, pad: 'valid' },
    { x: [2, 6, 5, 4], k: 1, co: 3, stride: 2, pad: 'same' },
    { x: [1, 10, 10, 2], k: 5, co: 3, stride: 3, pad: 'same' },
  ];
  it.each(cases)(
    'matches the CPU backend for x $x, kernel $k, stride $stride, $pad',
    async ({ x, k, co, stride, pad }) => {
      const grad = () => {
        const xs = tf.randomNormal(x, 0, 1, 'float32', 1) as tf.Tensor4D;
        const w = tf.randomNormal([k, k, x[3], co], 0, 1, 'float32', 2);
        const dW = tf.grad((f) =>
          tf
            .conv2d(xs, f as tf.Tensor4D, stride, pad)
            .square()
            .sum(),
        )(w);
        tf.dispose([xs, w]);
        return dW;
      };
      const expected = await valuesOn('cpu', grad);
      const actual = await valuesOn('wasm', grad);
      expect(actual.length).toBe(expected.length);
      expect(maxRelError(actual, expected)).toBeLessThan(1e-5);
    },
  );

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const xs = tf.randomNormal([2, 6, 6, 2]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 2, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.grad((f) => tf.conv2d(xs, f as tf.Tensor4D, 1, 'same').sum())(w).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, w]);
  });

  it('lets a TPGM run train on wasm with the losses of the CPU backend', async () => {
    const losses = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      const train = makeBars(64, 1);
      const val = makeBars(32, 2);
      const model = new TunableModel(tinyConvNet(3));
      const config = {
        ...DEFAULT_CONFIG,
        method: 'tpgm' as const,
        batchSize: 16,
        steps: 6,
        tpgm: { ...DEFAULT_TPGM, valBatchSize: 16 },
      };
      const trainer = new Trainer({ model, train, val, config });
      const out: number[] = [];
      for (let i = 0; i < config.steps; i++) {
        const { loss } = trainer.step();
        out.push((await loss.data())[0]);
        loss.dispose();
      }
      trainer.dispose();
      model.dispose();
      tf.dispose([train.x, train.y, val.x, val.y]);
      return out;
    };
    const expected = await losses('cpu');
    const actual = await losses('wasm');
    for (let i = 0; i < expected.length; i++) expect(actual[i]).toBeCloseTo(expected[i], 4);
  });
});
