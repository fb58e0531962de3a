/**
 * Style augmentation for pre-training a robust "foundation" (../shared/EXPERIMENT.md, design B): every
 * image restyled at random each time it is seen — 20 % clean; else one of inverted / sketch / noise
 * σ∈[0.2, 0.6] / blur σ∈[0.8, 2] / texture / low contrast, and 30 % of those get a second op; then
 * contrast ×[0.6, 1.4] and brightness ±0.15, clipped to [0, 1].
 * Severities are drawn once per op per batch (images sharing an op share it), contrast and brightness
 * per image. Tensor ops, so it runs on the training backend.
 */
import * as tf from '@tensorflow/tfjs';

import type { Rng } from '../rng';
import type { DomainId } from '../spec/domain-ids';
import { DOMAINS } from './domains/registry';

interface StyleOp {
  domain: DomainId;
  severity: [number, number];
}

export const STYLE_OPS: readonly StyleOp[] = [
  { domain: 'inverted', severity: [1, 1] },
  { domain: 'sketch', severity: [1, 1] },
  { domain: 'noise', severity: [0.2, 0.6] },
  { domain: 'blur', severity: [0.8, 2] },
  { domain: 'texture', severity: [1, 1] },
  { domain: 'contrast', severity: [0.5, 0.8] },
];

export const STYLE_PROBABILITIES = { clean: 0.2, secondOp: 0.3, contrast: [0.6, 1.4], brightness: 0.15 } as const;

const uniform = (rng: Rng, [lo, hi]: readonly [number, number] | readonly number[]): number =>
  lo + (hi - lo) * rng.next();

/** One round: image i gets op choice[i] (−1 = unchanged). Groups by op, then restores the order. */
function applyRound(x: tf.Tensor4D, choice: Int32Array, rng: Rng, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const order: number[] = [];
    const parts: tf.Tensor4D[] = [];
    for (let op = -1; op < STYLE_OPS.length; op++) {
      const idx = Array.from(choice.keys()).filter((i) => choice[i] === op);
      if (idx.length === 0) continue;
      const sub = tf.gather(x, tf.tensor1d(idx, 'int32'));
      const spec = STYLE_OPS[op];
      parts.push(op < 0 ? sub : DOMAINS[spec.domain].apply(sub, uniform(rng, spec.severity), seed + op));
      order.push(...idx);
    }
    const inverse = new Int32Array(order.length);
    order.forEach((src, k) => (inverse[src] = k));
    return tf.gather(tf.concat(parts), tf.tensor1d(inverse, 'int32'));
  });
}

/**
 * A restyled copy of the batch. x: [B, H, W, C] in [0, 1]; the same rng state gives the same output.
 */
export function styleBatch(x: tf.Tensor4D, rng: Rng): tf.Tensor4D {
  const b = x.shape[0];
  const first = new Int32Array(b);
  const second = new Int32Array(b).fill(-1);
  for (let i = 0; i < b; i++) {
    first[i] = rng.next() < STYLE_PROBABILITIES.clean ? -1 : rng.int(STYLE_OPS.length);
    if (first[i] >= 0 && rng.next() < STYLE_PROBABILITIES.secondOp) second[i] = rng.int(STYLE_OPS.length);
  }
  const contrast = Float32Array.from({ length: b }, () => uniform(rng, STYLE_PROBABILITIES.contrast));
  const brightness = Float32Array.from({ length: b }, () =>
    uniform(rng, [-STYLE_PROBABILITIES.brightness, STYLE_PROBABILITIES.brightness]),
  );
  const seed = rng.int(2 ** 30);
  return tf.tidy(() => {
    const once = applyRound(x, first, rng, seed);
    const twice = applyRound(once, second, rng, seed + 100);
    const m = tf.mean(twice, [1, 2, 3], true); // [B, 1, 1, 1]
    const c = tf.tensor4d(contrast, [b, 1, 1, 1]);
    const shifted = tf.add<tf.Tensor4D>(tf.add(m, tf.mul(c, tf.sub(twice, m))), tf.tensor4d(brightness, [b, 1, 1, 1]));
    return tf.clipByValue(shifted, 0, 1);
  });
}
