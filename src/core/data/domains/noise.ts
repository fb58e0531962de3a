/** Additive Gaussian noise: x' = clip(x + σ·z, 0, 1), z ~ N(0, 1) from the seeded RNG. */
import * as tf from '@tensorflow/tfjs';

import { createRng } from '../../rng';
import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';

export const noise: Domain = {
  id: 'noise',
  name: 'Noise',
  description: 'Gaussian noise on every pixel, as from a bad sensor.',
  severity: DOMAIN_SEVERITY.noise,
  apply: (x, sigma, seed) => {
    const rng = createRng(seed).fork('noise');
    const z = new Float32Array(x.size);
    for (let i = 0; i < z.length; i++) z[i] = rng.normal();
    return tf.tidy(() => tf.clipByValue(tf.add<tf.Tensor4D>(x, tf.mul(sigma, tf.tensor4d(z, x.shape))), 0, 1));
  },
};
