/** Inverted polarity: x' = (1 − s)·x + s·(1 − x); s = 1 is the photographic negative. */
import * as tf from '@tensorflow/tfjs';

import type { Domain } from './domain';

export const inverted: Domain = {
  id: 'inverted',
  name: 'Inverted',
  description: 'Dark strokes on a light background: the negative of every pixel.',
  severity: { min: 0, max: 1, default: 1, step: 0.05, label: 'blend towards 1 − x' },
  apply: (x, s) => tf.tidy(() => tf.add(tf.mul(1 - s, x), tf.mul(s, tf.sub(1, x)))),
};
