/**
 * The optimiser half of one training step: L = CE(f(x; θ), y) (+ the method's extra term) in the
 * phase's forward mode, g = ∂L/∂θ for the trainable tensors, θ ← optimiser(θ, g, lr). The method's
 * hook runs after it, with g (see trainer.ts).
 */
import * as tf from '@tensorflow/tfjs';

import type { Batch } from '../data/labelled-set';
import { crossEntropy } from '../losses';
import type { ForwardMode, TunableModel } from '../model/tunable-model';
import type { Optimizer } from '../optim/optimizer';

export interface StepOutcome {
  /** Cross-entropy of the batch before the step (the extra term left out, so methods compare). */
  loss: tf.Scalar;
  /** ∂L/∂θ per variable, in `variables` order; the caller disposes them. */
  grads: tf.Tensor[];
}

export interface StepOptions {
  mode: ForwardMode;
  /** Added to the cross-entropy inside the tape (L2-SP). */
  lossTerm?: () => tf.Scalar;
}

export function optimizerStep(
  model: TunableModel,
  variables: readonly tf.Variable[],
  optimizer: Optimizer,
  batch: Batch,
  lr: number,
  options: StepOptions,
): StepOutcome {
  const kept: { ce?: tf.Scalar } = {};
  const { value, grads } = tf.variableGrads(() => {
    const ce = tf.keep(crossEntropy(model.forward(batch.x, options.mode), batch.y));
    kept.ce = ce;
    return options.lossTerm ? tf.add(ce, options.lossTerm()) : ce;
  }, variables as tf.Variable[]);
  const ce = kept.ce as tf.Scalar;
  // tfjs gives no gradient for a variable the loss does not depend on: that is a zero gradient
  const ordered = variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
  optimizer.step(ordered, lr);
  if (value !== ce) value.dispose();
  return { loss: ce, grads: ordered };
}
