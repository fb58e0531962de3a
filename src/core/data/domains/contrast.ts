/** Low contrast: every pixel pulled towards its image's mean, x' = m + (1 − s)·(x − m). */
import * as tf from '@tensorflow/tfjs';

import type { Domain } from './domain';

export const contrast: Domain = {
  id: 'contrast',
  name: 'Low contrast',
  description: 'Washed out: strokes and background pulled towards the same grey.',
  severity: { min: 0, max: 0.95, default: 0.7, step: 0.05, label: 'contrast reduction' },
  apply: (x, s) =>
    tf.tidy(() => {
      const m = tf.mean(x, [1, 2, 3], true); // [B, 1, 1, 1]
      return tf.add(m, tf.mul(1 - s, tf.sub(x, m)));
    }),
};
