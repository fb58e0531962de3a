/**
 * The fine-tuning method contract. One training step is: forward/backward on a training batch
 * (cross-entropy plus the method's `lossTerm`), the optimiser step on the current phase's tensors, then
 * the method's `afterStep` hook (TPGM: radii + projection; FTP, SPD: their own corrections).
 * A method is a definition (id, text for the UI) plus a factory for one run's state.
 */
import type * as tf from '@tensorflow/tfjs';

import type { Batch } from '../data/labelled-set';
import type { ForwardMode, Param, TunableModel } from '../model/tunable-model';
import type { MethodId, TrainConfig } from '../spec/config';
import type { NormSpec } from '../tpgm/norms';
import type { StateReader, StateWriter } from '../train/run-state';

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
  /** γ per tensor, in `params` order: a scalar each, or one vector [P]. */
  readonly radii: readonly tf.Tensor[] | tf.Tensor1D;
  /** Mean projection ratio r per tensor at the last projection, [P], or null. */
  readonly meanRatios: tf.Tensor1D | null;
  /**
   * The drift the last projection was given, [2P]: per tensor `wantedDrift` of the unprojected θ̃
   * ([‖θ̃−θ0‖₂, max n]), or null before the first projection. Computed when asked (the caller owns the
   * tensor), so a step pays nothing for it; absent for methods that do not keep θ̃.
   */
  wanted?(): tf.Tensor1D | null;
  /** The norm γ bounds, so a deviation can be shown in the same units. */
  readonly norm: NormSpec;
}

/**
 * A stretch of the run with one optimiser: LP-FT has two (probe, then fine-tune), every other method
 * one. A new phase starts a fresh optimiser state and its own schedule over its own steps.
 */
export interface Phase {
  /** Shown in the UI ("probe", "fine-tune"). */
  readonly name: string;
  /** Steps in this phase; a run's phases add up to `config.steps`. */
  readonly steps: number;
  /** Tensors the optimiser updates. */
  readonly trainable: readonly Param[];
  /** 'inference' keeps BatchNorm on (and its) moving statistics. */
  readonly forwardMode: ForwardMode;
  /** Peak learning rate of this phase's schedule. */
  readonly lr: number;
  /** The optimiser's weight decay for each of `trainable` (methods that replace plain decay set 0). */
  readonly weightDecay: readonly number[];
}

/** What `afterStep` sees of the step just taken; the tensors are freed when it returns. */
export interface StepState {
  /** 0-based index of the step. */
  readonly step: number;
  readonly phase: Phase;
  /** ∂L/∂θ at the pre-step weights θ_t, one per `phase.trainable`. */
  readonly grads: readonly tf.Tensor[];
  /** θ_t, the weights before the optimiser step, one per `phase.trainable`; only if `keepPreStepWeights`. */
  readonly before: readonly tf.Tensor[] | null;
}

/** Weights to evaluate after training, one point each (WiSE-FT's α sweep); `restore` puts back the method's choice. */
export interface Sweep {
  readonly label: string;
  readonly values: readonly number[];
  apply(value: number): void;
  restore(): void;
}

export interface MethodRun {
  readonly phases: readonly Phase[];
  /** An extra term added to the training loss inside the gradient tape (L2-SP's penalty). */
  lossTerm?(): tf.Scalar;
  /** Ask the trainer for θ_t in `StepState.before` (a copy per step: only methods that need it). */
  readonly keepPreStepWeights?: boolean;
  /** Called after each optimiser step; may change the weights. */
  afterStep(state: StepState): void;
  /** Called once after the last step (post-hoc methods do their work here). */
  afterTraining(): void;
  /** The radii, for methods that have them. */
  radiusView(): RadiusView | null;
  /** One radius update on a validation batch and a projection, with no weights step (TPGM's "radii step"). */
  radiusStep?(): void;
  /** Points to evaluate after training, for methods that have a one-parameter family. */
  sweep?(): Sweep;
  /**
   * The state the method carries from one step to the next (TPGM's radii and their optimiser, FTP's
   * previous deviation), for checkpoints; absent for methods whose only state is the weights.
   * Saved between steps, loaded into a freshly created run.
   */
  saveState?(w: StateWriter): void;
  loadState?(r: StateReader): void;
  dispose(): void;
}

export interface MethodDefinition {
  readonly id: MethodId;
  create(ctx: MethodContext): MethodRun;
}

/** The phase of a method that trains `trainable` for the whole run with the optimiser's own lr and decay. */
export function singlePhase(
  ctx: MethodContext,
  trainable: readonly Param[] = ctx.model.params,
  forwardMode: ForwardMode = 'train',
  weightDecay: (p: Param) => number = () => ctx.config.optimizer.weightDecay,
): Phase[] {
  const { config } = ctx;
  return [
    {
      name: 'fine-tune',
      steps: config.steps,
      trainable,
      forwardMode,
      lr: config.optimizer.lr,
      weightDecay: trainable.map(weightDecay),
    },
  ];
}
