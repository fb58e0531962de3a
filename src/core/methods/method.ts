/**
 * The fine-tuning method contract. One training step is: forward/backward on a training batch, the
 * optimiser step on `trainable`, then the method's `afterStep` hook (TPGM: radii + projection).
 * A method is a definition (id, text for the UI) plus a factory for one run's state.
 */
import type * as tf from '@tensorflow/tfjs';

import type { MethodId, TrainConfig } from '../config';
import type { Batch } from '../data/labelled-set';
import type { ForwardMode, Param, TunableModel } from '../model/tunable-model';
import type { NormSpec } from '../tpgm/norms';

export interface MethodContext {
  readonly model: TunableModel;
  readonly config: TrainConfig;
  /** A batch of the ID validation split (radius data; never OOD, never the test split). */
  nextValBatch(batchSize: number): Batch;
}

/**
 * Per-tensor state a method exposes to metrics: which tensors it bounds, and their radii. Live
 * references, valid until the next step: read them (layerStats) before stepping again.
 */
export interface RadiusView {
  readonly params: readonly Param[];
  /** γ per tensor, in `params` order. */
  readonly radii: readonly tf.Tensor[];
  /** Mean projection ratio r per tensor at the last projection, [P], or null. */
  readonly meanRatios: tf.Tensor1D | null;
  /** The norm γ bounds, so a deviation can be shown in the same units. */
  readonly norm: NormSpec;
}

export interface MethodRun {
  /** Tensors the optimiser updates. */
  readonly trainable: readonly Param[];
  /** How the training forward pass runs; 'inference' keeps BatchNorm on (and its) moving statistics. Default 'train'. */
  readonly forwardMode?: ForwardMode;
  /** Called after each optimiser step (0-based `step`); may change the weights. Returns nothing to read. */
  afterStep(step: number): void;
  /** Called once after the last step (post-hoc methods do their work here). */
  afterTraining(): void;
  /** The radii, for methods that have them. */
  radiusView(): RadiusView | null;
  dispose(): void;
}

export interface MethodDefinition {
  readonly id: MethodId;
  readonly label: string;
  /** One paragraph for the UI, with the update rule. */
  readonly description: string;
  create(ctx: MethodContext): MethodRun;
}
