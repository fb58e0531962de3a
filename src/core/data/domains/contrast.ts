/** Low contrast: every pixel pulled towards its image's mean, x' = m + (1 − s)·(x − m). */
import * as tf from '@tensorflow/tfjs';

import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';

export const contrast: Domain = {
  id: 'contrast',
  name: 'Low contrast',
  description: 'Washed out: strokes and background pulled towards the same grey.',
  severity: DOMAIN_SEVERITY.contrast,
  apply: (x, s) =>
    tf.tidy(() => {
      const m = tf.mean(x, [1, 2, 3], true); // [B, 1, 1, 1]
      return tf.add(m, tf.mul(1 - s, tf.sub(x, m)));
    }),
};
