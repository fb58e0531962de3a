import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Adam } from './adam';
import { createOptimizer } from './create-optimizer';
import { Sgd } from './sgd';

const read = (t: tf.Tensor): number[] => Array.from(t.dataSync());

describe('SGD (PyTorch rules)', () => {
  it('takes Nesterov steps with coupled weight decay, by hand', () => {
    const theta = tf.variable(tf.tensor1d([1, -2]));
    const sgd = new Sgd([theta], { momentum: 0.9, nesterov: true, weightDecay: 0.1 });
    const g1 = tf.tensor1d([0.5, 0.5]);
    sgd.step([g1], 0.1);
    // g = [0.5+0.1, 0.5−0.2] = [0.6, 0.3]; b = g; step = g + 0.9 b = [1.14, 0.57]; θ = [1−0.114, −2−0.057]
    expect(read(theta)[0]).toBeCloseTo(0.886, 6);
    expect(read(theta)[1]).toBeCloseTo(-2.057, 6);
    sgd.step([g1], 0.1);
    // g = [0.5 + 0.0886, 0.5 − 0.2057] = [0.5886, 0.2943]; b = 0.9·[0.6, 0.3] + g = [1.1286, 0.5643]
    // step = g + 0.9 b = [1.60434, 0.80217]
    expect(read(theta)[0]).toBeCloseTo(0.886 - 0.160434, 6);
    expect(read(theta)[1]).toBeCloseTo(-2.057 - 0.080217, 6);
    sgd.dispose();
    tf.dispose([theta, g1]);
  });

  it('is plain gradient descent with no momentum and no decay', () => {
    const theta = tf.variable(tf.tensor1d([1]));
    const sgd = createOptimizer({ kind: 'sgd', lr: 0, momentum: 0, nesterov: false, weightDecay: 0 }, [theta]);
    const g = tf.tensor1d([2]);
    sgd.step([g], 0.25);
    expect(read(theta)[0]).toBeCloseTo(0.5, 7);
    sgd.dispose();
    tf.dispose([theta, g]);
  });
});

describe('Adam', () => {
  it('takes bias-corrected steps, by hand', () => {
    const theta = tf.variable(tf.scalar(1));
    const adam = new Adam([theta], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
    const grads = [0.5, -0.25];
    let m = 0;
    let v = 0;
    let expected = 1;
    grads.forEach((g, i) => {
      const t = i + 1;
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      expected -= (0.01 * (m / (1 - 0.9 ** t))) / (Math.sqrt(v / (1 - 0.999 ** t)) + 1e-8);
      const gt = tf.scalar(g);
      adam.step([gt], 0.01);
      gt.dispose();
      expect(theta.dataSync()[0]).toBeCloseTo(expected, 6);
    });
    expect(adam.numSteps).toBe(2);
    adam.dispose();
    theta.dispose();
  });

  it('decouples weight decay (AdamW)', () => {
    const theta = tf.variable(tf.scalar(2));
    const adam = new Adam([theta], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5 });
    const g = tf.scalar(0);
    adam.step([g], 0.1);
    // zero gradient: only the decay acts, θ ← θ − lr·λ·θ = 2 − 0.1
    expect(theta.dataSync()[0]).toBeCloseTo(1.9, 6);
    adam.dispose();
    tf.dispose([theta, g]);
  });
});
