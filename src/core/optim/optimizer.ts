/**
 * The optimiser contract: a fixed list of variables, one `step` per batch with their gradients and the
 * scheduled learning rate. Hand-written (not tf.train.*) so that the update rules are PyTorch's, the
 * state is inspectable, and Adam's ε is what the spec says.
 */
import type * as tf from '@tensorflow/tfjs';

import type { OptimizerConfig } from '../config';
import { Adam } from './adam';
import { Sgd } from './sgd';

export interface Optimizer {
  /** θ ← update(θ, g, lr). `grads[i]` is the gradient of `variables[i]`; they are not disposed here. */
  step(grads: readonly tf.Tensor[], lr: number): void;
  /** Frees the optimiser state (momentum buffers, moments). */
  dispose(): void;
}

/** `weightDecay[i]` overrides the config's decay for `variables[i]`. */
export function createOptimizer(
  config: OptimizerConfig,
  variables: readonly tf.Variable[],
  weightDecay?: readonly number[],
): Optimizer {
  switch (config.kind) {
    case 'sgd':
      return new Sgd(variables, config, weightDecay);
    case 'adam':
      return new Adam(variables, config, weightDecay);
  }
}
