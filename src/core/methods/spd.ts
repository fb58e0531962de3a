/**
 * SPD, Selective Projection Decay (../shared/METHODS.md §3; Tian et al., NeurIPS 2024). After the
 * optimiser step θ → θ̃, a tensor whose descent direction −g points back towards θ0 (c < 0: the step is
 * not consistent with the progress it has made) but whose deviation still grew is pulled back by λ times
 * the share of that growth; the others keep their step. The tensors left free (the head, by default) get
 * the optimiser's plain weight decay instead:
 *   c = −Σ g ⊙ (θ − θ0);  if c < 0: r = clamp((‖θ̃−θ0‖ − ‖θ−θ0‖)/‖θ̃−θ0‖, 0, 1), θ̃ ← θ̃ − λ·r·(θ̃−θ0)
 * The paper pairs it with Adam; the correction itself only needs θ, θ̃ and g, so any optimiser works.
 */
import * as tf from '@tensorflow/tfjs';

import { singlePhase, type MethodDefinition } from './method';

/** The SPD correction of one tensor: θ̃ − λ·r·(θ̃ − θ0) where c < 0, θ̃ elsewhere. All on the device. */
export function selectiveDecay(
  stepped: tf.Tensor,
  before: tf.Tensor,
  anchor: tf.Tensor,
  grad: tf.Tensor,
  lambda: number,
): tf.Tensor {
  return tf.tidy(() => {
    const dNew = tf.sub(stepped, anchor);
    const normNew = tf.norm(dNew);
    const normOld = tf.norm(tf.sub(before, anchor));
    const c = tf.neg(tf.sum(tf.mul(grad, tf.sub(before, anchor))));
    // ‖θ̃−θ0‖ = 0 gives r = 0 (nothing to pull back)
    const r = tf.clipByValue(tf.divNoNan(tf.sub(normNew, normOld), normNew), 0, 1);
    const factor = tf.where(tf.less(c, 0), tf.mul(lambda, r), tf.zerosLike(r));
    return tf.sub(stepped, tf.mul(factor, dNew));
  });
}

export const spd: MethodDefinition = {
  id: 'spd',
  create: (ctx) => {
    const { model, config } = ctx;
    const decayed = new Set(model.projectedParams(config.tpgm.scope));
    const phases = singlePhase(ctx, model.params, 'train', (p) => (decayed.has(p) ? 0 : config.optimizer.weightDecay));
    return {
      phases,
      keepPreStepWeights: true,
      afterStep: ({ phase, grads, before }) => {
        if (!before) throw new Error('SPD needs the pre-step weights');
        tf.tidy(() =>
          phase.trainable.forEach((p, i) => {
            if (!decayed.has(p)) return;
            p.variable.assign(selectiveDecay(p.variable, before[i], p.anchor, grads[i], config.spd.lambda));
          }),
        );
      },
      afterTraining: () => undefined,
      radiusView: () => null,
      dispose: () => undefined,
    };
  },
};
