/** The in-distribution domain: the images as they are. */
import * as tf from '@tensorflow/tfjs';

import type { Domain } from './domain';

export const clean: Domain = {
  id: 'clean',
  name: 'Clean',
  description: 'The images as they are: the in-distribution (ID) domain.',
  severity: { min: 0, max: 0, default: 0, step: 1, label: 'none' },
  apply: (x) => tf.clone(x),
};
