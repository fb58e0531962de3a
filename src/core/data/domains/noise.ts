/** Additive Gaussian noise: x' = clip(x + σ·z, 0, 1), z ~ N(0, 1) from the seeded RNG. */
import * as tf from '@tensorflow/tfjs';

import { createRng } from '../../rng';
import type { Domain } from './domain';

export const noise: Domain = {
  id: 'noise',
  name: 'Noise',
  description: 'Gaussian noise on every pixel, as from a bad sensor.',
  severity: { min: 0, max: 1, default: 0.45, step: 0.05, label: 'noise σ' },
  apply: (x, sigma, seed) => {
    const rng = createRng(seed).fork('noise');
    const z = new Float32Array(x.size);
    for (let i = 0; i < z.length; i++) z[i] = rng.normal();
    return tf.tidy(() => tf.clipByValue(tf.add<tf.Tensor4D>(x, tf.mul(sigma, tf.tensor4d(z, x.shape))), 0, 1));
  },
};
