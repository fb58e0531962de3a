/** The in-distribution domain: the images as they are. */
import * as tf from '@tensorflow/tfjs';

import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';

export const clean: Domain = {
  id: 'clean',
  name: 'Clean',
  description: 'The images as they are: the in-distribution (ID) domain.',
  severity: DOMAIN_SEVERITY.clean,
  apply: (x) => tf.clone(x),
};
