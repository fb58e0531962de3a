import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { RADIUS_ADAM } from '../spec/config';
import { Adam } from './adam';
import { ScalarAdam } from './scalar-adam';

describe('ScalarAdam', () => {
  it('steps scalars exactly as Adam does, bias correction and given step counts included', () => {
    const start = [0.3, -1.2, 1e-8, 4];
    const a = start.map((x) => tf.variable(tf.scalar(x)));
    const b = start.map((x) => tf.variable(tf.scalar(x)));
    const adam = new Adam(a, { ...RADIUS_ADAM, weightDecay: 0 });
    const scalar = new ScalarAdam(b, RADIUS_ADAM);
    const before = tf.memory().numTensors;
    for (let step = 1; step <= 6; step++) {
      const grads = start.map((_, i) => tf.scalar(Math.sin(3 * step + i) * 10 ** (i - 2)));
      const lr = 0.01 * step;
      if (step === 4) {
        adam.stepAt(grads, lr, 9);
        scalar.stepAt(grads, lr, 9);
      } else {
        adam.step(grads, lr);
        scalar.step(grads, lr);
      }
      tf.dispose(grads);
      expect(b.map((x) => x.dataSync()[0])).toEqual(a.map((x) => x.dataSync()[0]));
    }
    expect(b.map((x) => x.dataSync()[0])).not.toEqual(start);
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    scalar.dispose();
    tf.dispose([...a, ...b]);
  });

  it('refuses a variable that is not a scalar', () => {
    const w = tf.variable(tf.zeros([2]));
    expect(() => new ScalarAdam([w], RADIUS_ADAM)).toThrow(/scalar/);
    w.dispose();
  });
});
