/** Inverted polarity: x' = (1 − s)·x + s·(1 − x); s = 1 is the photographic negative. */
import * as tf from '@tensorflow/tfjs';

import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';

export const inverted: Domain = {
  id: 'inverted',
  name: 'Inverted',
  description: 'Dark strokes on a light background: the negative of every pixel.',
  severity: DOMAIN_SEVERITY.inverted,
  apply: (x, s) => tf.tidy(() => tf.add(tf.mul(1 - s, x), tf.mul(s, tf.sub(1, x)))),
};
