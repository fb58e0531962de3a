/** Rotation by a fixed angle about the image centre (tf.image.rotateWithOffset), black fill. */
import * as tf from '@tensorflow/tfjs';

import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';

export const rotate: Domain = {
  id: 'rotate',
  name: 'Rotate',
  description: 'Every image turned by the same angle, as if the camera were tilted.',
  severity: DOMAIN_SEVERITY.rotate,
  apply: (x, degrees) =>
    tf.tidy(() => tf.clipByValue(tf.image.rotateWithOffset(x, (degrees * Math.PI) / 180, 0), 0, 1)),
};
