import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { makeBars, tinyConvNet } from '../../testing/synthetic';
import { crossEntropy } from '../losses';
import { TunableModel } from '../model/tunable-model';
import { DEFAULT_CONFIG, type TrainConfig } from '../spec/config';
import { Trainer } from '../train/trainer';

const plainSgd = (steps: number, batchSize: number): TrainConfig => ({
  ...DEFAULT_CONFIG,
  method: 'lp',
  steps,
  batchSize,
  schedule: 'constant',
  optimizer: { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 },
});

/** Every weight but the head's, trainable or not (BN moving statistics included). */
const backboneWeights = (m: tf.LayersModel): number[][] =>
  m.layers.slice(0, -1).flatMap((l) => l.getWeights().map((w) => Array.from(w.dataSync())));

describe('linear probe', () => {
  it('one step: head ← head − lr·∇_head L with the backbone in inference mode; the backbone is untouched', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyConvNet(2, 4, true)); // with BatchNorm: inference mode matters
    const head = model.params.filter((p) => p.isHead);
    // expected: the gradient of the mean loss over the whole set (a full batch: order does not matter)
    const grads = tf.grads((...w: tf.Tensor[]) => {
      const saved = head.map((p) => p.variable.clone());
      head.forEach((p, i) => p.variable.assign(w[i]));
      const loss = crossEntropy(model.forward(data.x, 'inference'), data.y);
      head.forEach((p, i) => p.variable.assign(saved[i]));
      return loss;
    });
    const expected = tf.tidy(() => {
      const g = grads(head.map((p) => p.variable));
      return head.map((p, i) => tf.sub(p.variable, tf.mul(0.1, g[i])).arraySync());
    });
    const before = backboneWeights(model.model);
    const trainer = new Trainer({ model, train: data, val: data, config: plainSgd(1, 16) });
    trainer.step().loss.dispose();
    expect(backboneWeights(model.model)).toEqual(before); // kernels, biases, BN γ/β and moving statistics
    head.forEach((p, i) => {
      const got = p.variable.arraySync() as number[] | number[][];
      expect(got.flat()).toEqual((expected[i] as number[] | number[][]).flat().map((v) => expect.closeTo(v, 6)));
    });
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('never changes the backbone over a run and leaks no tensor', () => {
    const data = makeBars(64, 3);
    const model = new TunableModel(tinyConvNet(4, 4, true));
    const backbone = () => model.params.filter((p) => !p.isHead).map((p) => Array.from(p.variable.dataSync()));
    const before = backbone();
    const trainer = new Trainer({ model, train: data, val: data, config: plainSgd(60, 16) });
    for (let i = 0; i < 10; i++) trainer.step().loss.dispose();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) trainer.step().loss.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backbone()).toEqual(before);
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});
