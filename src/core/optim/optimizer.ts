/**
 * The optimiser contract: a fixed list of variables, one `step` per batch with their gradients and the
 * scheduled learning rate. Hand-written (not tf.train.*) so that the update rules are PyTorch's, the
 * state is inspectable, and Adam's ε is what the spec says. The contract alone: the optimisers implement
 * it and create-optimizer.ts picks one, so no two of these files import each other.
 */
import type * as tf from '@tensorflow/tfjs';

import type { Stateful } from '../train/run-state';

/** Its state (moments, momentum buffers, step count) is saved and restored for checkpoints (Stateful). */
export interface Optimizer extends Stateful {
  /** θ ← update(θ, g, lr). `grads[i]` is the gradient of `variables[i]`; they are not disposed here. */
  step(grads: readonly tf.Tensor[], lr: number): void;
  /** Frees the optimiser state (momentum buffers, moments). */
  dispose(): void;
}
