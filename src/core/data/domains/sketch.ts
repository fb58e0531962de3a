/**
 * Sketch: the Sobel edge magnitude of the greyscale image, normalised per image so the strongest edge
 * is white — outlines instead of filled strokes (DomainNet Sketch). x' = (1 − s)·x + s·edges.
 * A constant image has no edges, so its sketch is blank.
 */
import * as tf from '@tensorflow/tfjs';

import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';
import { filterChannels } from './kernels';

const SOBEL_X = [
  [-1, 0, 1],
  [-2, 0, 2],
  [-1, 0, 1],
];
const SOBEL_Y = [
  [-1, -2, -1],
  [0, 0, 0],
  [1, 2, 1],
];

export const sketch: Domain = {
  id: 'sketch',
  name: 'Sketch',
  description: 'Outlines only: the edges of each shape, like a pencil sketch.',
  severity: DOMAIN_SEVERITY.sketch,
  apply: (x, s) =>
    tf.tidy(() => {
      const grey = tf.mean<tf.Tensor4D>(x, 3, true); // [B, H, W, C] -> [B, H, W, 1]
      const gx = filterChannels(grey, SOBEL_X);
      const gy = filterChannels(grey, SOBEL_Y);
      const magnitude = tf.sqrt(tf.add(tf.square(gx), tf.square(gy)));
      const peak = tf.maximum(tf.max(magnitude, [1, 2, 3], true), 1e-6); // [B, 1, 1, 1]
      const edges = tf.div(magnitude, peak);
      const edgesC = tf.tile(edges, [1, 1, 1, x.shape[3]]);
      return tf.add(tf.mul(1 - s, x), tf.mul(s, edgesC));
    }),
};
