/**
 * One fine-tuning run in core terms: seeded batches of the training set, the optimiser, the schedule
 * and the method. `step()` does a whole step (optimiser step, then the method's hook) and returns the
 * training loss as a device scalar: nothing is read back here, so the caller decides when to sync.
 * A method with several phases (LP-FT) gets a fresh optimiser and schedule at each phase boundary.
 */
import * as tf from '@tensorflow/tfjs';

import { BatchSampler } from '../data/batch-sampler';
import { assertLabelledSet, type Batch, type LabelledSet } from '../data/labelled-set';
import type { MethodRun, Phase } from '../methods/method';
import { getMethod } from '../methods/registry';
import type { TunableModel } from '../model/tunable-model';
import { createOptimizer } from '../optim/create-optimizer';
import type { Optimizer } from '../optim/optimizer';
import { createRng, type Rng } from '../rng';
import { learningRate } from '../schedule';
import type { TrainConfig } from '../spec/config';
import { validateConfig } from '../spec/config-validation';
import { CheckpointError, type StateReader, type StateWriter, type Stateful } from './run-state';
import { optimizerStep } from './train-step';

export interface TrainerInput {
  model: TunableModel;
  config: TrainConfig;
  /** The fine-tuning set (ID domain). */
  train: LabelledSet;
  /** The ID validation split used by methods that learn on held-out data (TPGM's radii). */
  val: LabelledSet;
  /** Applied to every training batch's images (pre-training's style augmentation); seeded by the run. */
  augment?: (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D;
}

export interface StepResult {
  /** 0-based index of the step just taken. */
  step: number;
  lr: number;
  /** The phase the step belonged to ("fine-tune", or LP-FT's "probe"). */
  phase: string;
  /** Training-batch loss before the step; owned by the caller. */
  loss: tf.Scalar;
}

export class Trainer implements Stateful {
  readonly method: MethodRun;
  private optimizer: Optimizer | null = null;
  private variables: tf.Variable[] = [];
  /** Index into `method.phases` of the current optimiser, and the step its phase starts at. */
  private phaseIndex = -1;
  private phaseStart = 0;
  private readonly trainBatches: BatchSampler;
  private readonly valBatches: BatchSampler;
  private readonly augmentRng: Rng;
  private stepIndex = 0;
  private finished = false;

  constructor(private readonly input: TrainerInput) {
    const { model, config, train, val } = input;
    const issues = validateConfig(config);
    if (issues.length > 0) {
      throw new Error(`invalid config: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    }
    assertLabelledSet(train, 'training set');
    assertLabelledSet(val, 'validation set');
    if (train.numClasses !== model.numClasses) {
      throw new Error(`the model's head has ${model.numClasses} classes but the data has ${train.numClasses}`);
    }
    const rng = createRng(config.seed);
    this.trainBatches = new BatchSampler(train, rng.fork('train-batches'));
    this.valBatches = new BatchSampler(val, rng.fork('val-batches'));
    this.augmentRng = rng.fork('augment');
    this.method = getMethod(config.method).create({
      model,
      config,
      nextValBatch: (size) => this.valBatches.next(size),
    });
    const planned = this.method.phases.reduce((sum, p) => sum + p.steps, 0);
    if (planned !== config.steps) {
      this.method.dispose();
      throw new Error(`the method's phases cover ${planned} steps, not the run's ${config.steps}`);
    }
  }

  /** The phase of step `step`, starting its optimiser when the step opens a new phase. */
  private phaseFor(step: number): Phase {
    const { phases } = this.method;
    while (this.phaseIndex < 0 || step >= this.phaseStart + phases[this.phaseIndex].steps) {
      if (this.phaseIndex >= 0) this.phaseStart += phases[this.phaseIndex].steps;
      this.phaseIndex += 1;
      const phase = phases[this.phaseIndex];
      if (phase.steps === 0) continue;
      this.optimizer?.dispose();
      this.variables = this.input.model.variables(phase.trainable);
      this.optimizer = createOptimizer(
        { ...this.input.config.optimizer, lr: phase.lr },
        this.variables,
        phase.weightDecay,
      );
    }
    return phases[this.phaseIndex];
  }

  get stepsDone(): number {
    return this.stepIndex;
  }

  get done(): boolean {
    return this.stepIndex >= this.input.config.steps;
  }

  /** One optimiser step plus the method's hook. */
  step(): StepResult {
    if (this.done || this.finished) throw new Error('the run is over: all steps are done');
    const { config, model } = this.input;
    const step = this.stepIndex;
    const phase = this.phaseFor(step);
    const lr = learningRate(config.schedule, phase.lr, step - this.phaseStart, phase.steps);
    const batch = this.augmented(this.trainBatches.next(config.batchSize));
    // θ_t for methods that compare it with the stepped weights (SPD): one copy per step
    const before = this.method.keepPreStepWeights ? this.variables.map((v) => tf.clone(v)) : null;
    let outcome: ReturnType<typeof optimizerStep>;
    try {
      outcome = optimizerStep(model, this.variables, this.optimizer as Optimizer, batch, lr, {
        // frozen BatchNorm statistics: normalise with θ0's moving statistics, and never update them
        mode: config.freezeBnStats ? 'inference' : phase.forwardMode,
        lossTerm: this.method.lossTerm?.bind(this.method),
      });
    } catch (err) {
      tf.dispose(before ?? []);
      throw err;
    } finally {
      batch.x.dispose();
      batch.y.dispose();
    }
    try {
      this.method.afterStep({ step, phase, grads: outcome.grads, before });
    } catch (err) {
      outcome.loss.dispose();
      throw err;
    } finally {
      tf.dispose([...outcome.grads, ...(before ?? [])]);
    }
    this.stepIndex += 1;
    return { step, lr, phase: phase.name, loss: outcome.loss };
  }

  /** Whether `radiusStep` is possible: the method has radii learned on their own (TPGM). */
  get canStepRadii(): boolean {
    return this.method.radiusStep !== undefined;
  }

  /** One radius update and projection with no weights step, for methods that have one (TPGM). */
  radiusStep(): void {
    if (this.finished) throw new Error('the run is over');
    if (!this.method.radiusStep) throw new Error(`${this.input.config.method} has no radii to step on their own`);
    this.method.radiusStep();
  }

  private augmented(batch: Batch): Batch {
    const { augment } = this.input;
    if (!augment) return batch;
    if (batch.x.rank !== 4) throw new Error('augmentation needs image batches [B, H, W, C]');
    const x = augment(batch.x as tf.Tensor4D, this.augmentRng);
    batch.x.dispose();
    return { x, y: batch.y };
  }

  /**
   * Everything the next step depends on: the weights, the step, the phase's optimiser, the method's
   * state and the three random streams (training batches, validation batches, augmentation). A run
   * restored from it into a fresh Trainer (same model, data and config) takes the same steps after.
   */
  saveState(w: StateWriter): void {
    if (this.finished) throw new CheckpointError('a finished run has no next step to save');
    w.numbers('step', [this.stepIndex]);
    this.input.model.saveState(w.within('model'));
    this.optimizer?.saveState(w.within('optimizer'));
    this.method.saveState?.(w.within('method'));
    this.trainBatches.saveState(w.within('train-batches'));
    this.valBatches.saveState(w.within('val-batches'));
    w.numbers('augment-rng', [this.augmentRng.state()]);
  }

  /** Continue from a saved state; only before the first step of this Trainer. */
  loadState(r: StateReader): void {
    if (this.stepIndex !== 0 || this.optimizer !== null)
      throw new CheckpointError('a checkpoint is loaded into a fresh run, before its first step');
    const step = r.number('step');
    if (!Number.isInteger(step) || step < 0 || step > this.input.config.steps)
      throw new CheckpointError(`the checkpoint is at step ${step}; this run has ${this.input.config.steps}`);
    this.input.model.loadState(r.within('model'));
    // the optimiser of the phase the last step belonged to; a phase starting at `step` makes its own
    if (step > 0) {
      this.phaseFor(step - 1);
      // read through a cast: the check above narrowed `this.optimizer` to null, and phaseFor set it
      (this.optimizer as Optimizer | null)?.loadState(r.within('optimizer'));
    }
    this.method.loadState?.(r.within('method'));
    this.trainBatches.loadState(r.within('train-batches'));
    this.valBatches.loadState(r.within('val-batches'));
    this.augmentRng.setState(r.number('augment-rng'));
    this.stepIndex = step;
  }

  /** Run the method's post-training work once (post-hoc TPGM), after the last step or when stopped early; idempotent. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.method.afterTraining();
  }

  /** Frees optimiser and method state; the model and data belong to the caller. */
  dispose(): void {
    this.optimizer?.dispose();
    this.method.dispose();
  }
}
