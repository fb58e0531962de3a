/**
 * The optimiser half of one training step: L = CE(f(x; θ), y) in training mode, g = ∂L/∂θ for the
 * trainable tensors, θ ← optimiser(θ, g, lr). The method's hook runs after it (see trainer.ts).
 */
import * as tf from '@tensorflow/tfjs';

import type { Batch } from '../data/labelled-set';
import { crossEntropy } from '../losses';
import type { ForwardMode, TunableModel } from '../model/tunable-model';
import type { Optimizer } from '../optim/optimizer';

/** tfjs gives no gradient for a variable the loss does not depend on: that is a zero gradient, kept in `grads` for disposal. */
function missingGradient(v: tf.Variable, grads: tf.NamedTensorMap): tf.Tensor {
  const zero = tf.zerosLike(v);
  grads[v.name] = zero;
  return zero;
}

/** Returns the batch loss before the step; the caller owns it (read it back once per log interval). */
export function optimizerStep(
  model: TunableModel,
  variables: readonly tf.Variable[],
  optimizer: Optimizer,
  batch: Batch,
  lr: number,
  mode: ForwardMode = 'train',
): tf.Scalar {
  const { value, grads } = tf.variableGrads(
    () => crossEntropy(model.forward(batch.x, mode), batch.y),
    variables as tf.Variable[],
  );
  const ordered = variables.map((v) => grads[v.name] ?? missingGradient(v, grads));
  optimizer.step(ordered, lr);
  tf.dispose(Object.values(grads));
  return value;
}
