/**
 * L2-SP (../shared/METHODS.md §4; Li et al., ICML 2018): the loss pulls the backbone towards the
 * pre-trained weights and keeps the new head small; no plain weight decay:
 *   L + (α/2)·Σ_backbone ‖θ − θ0‖² + (β/2)·‖θ_head‖²
 */
import * as tf from '@tensorflow/tfjs';

import type { Param } from '../model/tunable-model';
import { singlePhase, type MethodDefinition } from './method';

/** (α/2)·Σ_backbone ‖θ − θ0‖² + (β/2)·‖θ_head‖², differentiable in the live weights. */
export function l2SpPenalty(params: readonly Param[], alpha: number, beta: number): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Scalar = tf.scalar(0);
    for (const p of params) {
      const sq = p.isHead ? tf.sum(tf.square(p.variable)) : tf.sum(tf.squaredDifference(p.variable, p.anchor));
      total = tf.add(total, tf.mul(p.isHead ? beta / 2 : alpha / 2, sq));
    }
    return total;
  });
}

export const l2Sp: MethodDefinition = {
  id: 'l2-sp',
  create: (ctx) => {
    const { model, config } = ctx;
    const { alpha, beta } = config.l2Sp;
    return {
      phases: singlePhase(ctx, model.params, 'train', () => 0),
      lossTerm: () => l2SpPenalty(model.params, alpha, beta),
      afterStep: () => undefined,
      afterTraining: () => undefined,
      radiusView: () => null,
      dispose: () => undefined,
    };
  },
};
