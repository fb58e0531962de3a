/**
 * Deviation norms of TPGM (../shared/METHODS.md §1), for d = θ − θ0 in TF.js layouts
 * (conv [kh, kw, in, out], dense [in, out]):
 *   l2:   n = ‖d‖₂                                   -> [] (one scalar per tensor)
 *   mars: n_j = Σ over every axis but the last of |d| -> [out] (one L1 norm per output unit j)
 *         1-D tensors: ‖d‖₁ -> [] ('vector', official now) or |d| -> [n] ('elementwise', first commit)
 * No gradient flows through norms: they are computed from constants.
 */
import * as tf from '@tensorflow/tfjs';

import type { Mars1dMode, NormMode } from '../spec/config';

export interface NormSpec {
  norm: NormMode;
  mars1d: Mars1dMode;
}

/**
 * The axes a norm reduces over for a tensor of `rank`: every axis (one scalar), all but the last
 * (one value per output unit), or none (element-wise). The radius gradient reduces ⟨g, d⟩ the same way.
 */
export function unitAxes(rank: number, spec: NormSpec): number[] {
  const all = Array.from({ length: rank }, (_, i) => i);
  if (spec.norm === 'l2') return all;
  if (rank === 0) return [];
  if (rank === 1) return spec.mars1d === 'vector' ? [0] : [];
  return all.slice(0, -1);
}

/** n: the norm of the deviation `d` under `spec`, shaped [] or [units] (broadcasts over d's last axis). */
export function deviationNorm(d: tf.Tensor, spec: NormSpec): tf.Tensor {
  return tf.tidy(() => {
    if (spec.norm === 'l2') return tf.sqrt(tf.sum(tf.square(d))); // ‖d‖₂
    const axes = unitAxes(d.rank, spec);
    return axes.length === 0 ? tf.abs(d) : tf.sum(tf.abs(d), axes); // Σ_axes |d|
  });
}

/** ⟨g, d⟩ reduced per unit like `deviationNorm` (no absolute value): the numerator of ∂L/∂γ. */
export function unitInner(g: tf.Tensor, d: tf.Tensor, spec: NormSpec): tf.Tensor {
  return tf.tidy(() => {
    const gd = tf.mul(g, d);
    const axes = unitAxes(d.rank, spec);
    return axes.length === 0 ? gd : tf.sum(gd, axes);
  });
}
