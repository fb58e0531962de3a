/** Gaussian blur of standard deviation σ pixels (separable: a row pass, then a column pass). */
import * as tf from '@tensorflow/tfjs';

import type { Domain } from './domain';
import { filterChannels, gaussian1d } from './kernels';

export const blur: Domain = {
  id: 'blur',
  name: 'Blur',
  description: 'Out of focus: a Gaussian blur smears every stroke.',
  severity: { min: 0.3, max: 3, default: 1.5, step: 0.1, label: 'blur σ (pixels)' },
  apply: (x, sigma) =>
    tf.tidy(() => {
      const g = gaussian1d(sigma);
      const rows = filterChannels(x, [g]); // along W
      return tf.clipByValue(
        filterChannels(
          rows,
          g.map((v) => [v]),
        ),
        0,
        1,
      ); // along H
    }),
};
