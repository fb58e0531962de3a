/** Gaussian blur of standard deviation σ pixels (separable: a row pass, then a column pass). */
import * as tf from '@tensorflow/tfjs';

import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';
import { filterChannels, gaussian1d } from './kernels';

export const blur: Domain = {
  id: 'blur',
  name: 'Blur',
  description: 'Out of focus: a Gaussian blur smears every stroke.',
  severity: DOMAIN_SEVERITY.blur,
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
