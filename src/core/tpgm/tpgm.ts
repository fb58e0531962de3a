/**
 * TPGM state for one run: a learned radius γ per projected tensor (the official code calls them
 * constraints), their persistent Adam state, and the two operations of ../shared/METHODS.md §1:
 * `updateRadii` (the inner problem, on a validation batch, model in inference mode) and
 * `projectWeights` (θ ← θ0 + r ⊙ d). Both read the unprojected weights θ̃ through a `Deviation`
 * measured once after the optimiser step, so every projection starts from θ̃.
 */
import * as tf from '@tensorflow/tfjs';

import type { Batch } from '../data/labelled-set';
import { crossEntropy } from '../losses';
import type { Param, TunableModel } from '../model/tunable-model';
import { ScalarAdam } from '../optim/scalar-adam';
import { RADIUS_ADAM, type Mars1dMode, type NormMode } from '../spec/config';
import type { StateReader, StateWriter, Stateful } from '../train/run-state';
import { deviationNorm, unitInner, type NormSpec } from './norms';
import { clampRadius, initialRadius, project, projectionRatio, radiusGradient, ratioDivisor } from './projection';

export interface TpgmOptions {
  norm: NormMode;
  mars1d: Mars1dMode;
  radiusLr: number;
}

/**
 * d = θ̃ − θ0 and its norm n for every projected tensor, at one moment, with what the projections and
 * radius gradients of that moment need from n alone (max n, the ratio's divisor n + 1e-8); owns its tensors.
 */
export interface Deviation {
  readonly d: readonly tf.Tensor[];
  readonly n: readonly tf.Tensor[];
  readonly maxN: readonly tf.Scalar[];
  readonly divisor: readonly tf.Tensor[];
  dispose(): void;
}

/** What one radius step measured; the caller owns (and disposes) the tensors. */
export interface RadiusStep {
  /** Validation loss at θ̂(γ) before the step. */
  loss: tf.Scalar;
  /** ∂L/∂γ per projected tensor. */
  grads: tf.Scalar[];
}

export class Tpgm implements Stateful {
  /** γ, one scalar per projected tensor, in `params` order. */
  readonly radii: readonly tf.Variable[];
  private readonly adam: ScalarAdam;
  /** The norm the radii bound. */
  readonly spec: NormSpec;
  private initialized = false;
  /** Mean projection ratio r per tensor at the last projection, [P]; kept for metrics. */
  private lastRatios: tf.Tensor1D | null = null;

  constructor(
    private readonly model: TunableModel,
    readonly params: readonly Param[],
    private readonly options: TpgmOptions,
  ) {
    if (params.length === 0) throw new Error('TPGM needs at least one projected tensor');
    this.spec = { norm: options.norm, mars1d: options.mars1d };
    this.radii = params.map(() => tf.tidy(() => tf.variable(tf.scalar(0), false)));
    this.adam = new ScalarAdam(this.radii, RADIUS_ADAM);
  }

  get isInitialized(): boolean {
    return this.initialized;
  }

  /** Measure d = θ̃ − θ0 and n from the current (unprojected) weights. */
  measureDeviation(): Deviation {
    const d = this.params.map((p) => tf.tidy(() => tf.sub(p.variable, p.anchor)));
    const n = d.map((di) => deviationNorm(di, this.spec));
    const maxN = n.map((ni) => tf.max(ni) as tf.Scalar);
    const divisor = n.map(ratioDivisor);
    return { d, n, maxN, divisor, dispose: () => tf.dispose([...d, ...n, ...maxN, ...divisor]) };
  }

  /** γ ← min(n)/2 for every tensor (done by the first `updateRadii`). */
  initializeRadii(dev: Deviation): void {
    tf.tidy(() => this.radii.forEach((r, i) => r.assign(initialRadius(dev.n[i]))));
    this.initialized = true;
  }

  /** Set the radii by hand (fixtures, MARS-SP); counts as initialised. */
  setRadii(values: readonly number[]): void {
    if (values.length !== this.radii.length)
      throw new Error(`expected ${this.radii.length} radii, got ${values.length}`);
    tf.tidy(() => this.radii.forEach((r, i) => r.assign(tf.scalar(values[i]))));
    this.initialized = true;
  }

  /**
   * One step of the inner problem: clamp γ, write θ̂(γ) into the model, L = CE on the validation batch
   * in inference mode, ∂L/∂γ by the closed form, Adam step on γ. Leaves θ̂(γ_before) in the model.
   */
  updateRadii(dev: Deviation, x: tf.Tensor, y: tf.Tensor1D): RadiusStep {
    if (!this.initialized) this.initializeRadii(dev);
    this.writeProjection(dev, false);
    const vars = this.model.variables(this.params);
    const { value, grads } = tf.variableGrads(() => crossEntropy(this.model.forward(x, 'inference'), y), vars);
    const radiusGrads = tf.tidy(() =>
      this.params.map((p, i) =>
        radiusGradient(this.radii[i], dev.divisor[i], unitInner(grads[p.variable.name], dev.d[i], this.spec)),
      ),
    );
    tf.dispose(Object.values(grads));
    this.adam.step(radiusGrads, this.options.radiusLr);
    return { loss: value, grads: radiusGrads };
  }

  /**
   * `iterations` radius steps on fresh validation batches, then project: one TPGM "update" of the schedule.
   * From `from` (the caller keeps and frees it) or from the current weights.
   */
  updateRadiiAndProject(iterations: number, nextBatch: () => Batch, from?: Deviation): void {
    const dev = from ?? this.measureDeviation();
    try {
      for (let i = 0; i < iterations; i++) {
        const batch = nextBatch();
        const result = this.updateRadii(dev, batch.x, batch.y);
        tf.dispose([batch.x, batch.y, result.loss, ...result.grads]);
      }
      this.writeProjection(dev);
    } finally {
      if (!from) dev.dispose();
    }
  }

  /** θ ← θ0 + r ⊙ d with the current radii (clamped in place first). */
  projectWeights(dev: Deviation): void {
    if (!this.initialized) throw new Error('projectWeights before the first updateRadii: radii are not initialised');
    this.writeProjection(dev);
  }

  /** Mean projection ratio r per tensor at the last projection, [P], or null before the first. */
  get meanRatios(): tf.Tensor1D | null {
    return this.lastRatios;
  }

  /** γ, the radius optimiser's moments and whether γ was initialised (the mean ratios are metrics only). */
  saveState(w: StateWriter): void {
    w.numbers('initialized', [this.initialized ? 1 : 0]);
    this.radii.forEach((r, i) => w.tensor(`radius/${i}`, r));
    this.adam.saveState(w.within('adam'));
  }

  loadState(r: StateReader): void {
    this.initialized = r.number('initialized') === 1;
    this.radii.forEach((radius, i) => r.assign(`radius/${i}`, radius));
    this.adam.loadState(r.within('adam'));
  }

  dispose(): void {
    this.adam.dispose();
    tf.dispose([...this.radii]);
    this.lastRatios?.dispose();
  }

  /** θ ← θ0 + r ⊙ d, clamping γ first; the mean ratios are kept for metrics unless `keepRatios` is false. */
  private writeProjection(dev: Deviation, keepRatios = true): void {
    const project1 = (p: Param, i: number): tf.Tensor => {
      const radius = this.radii[i];
      radius.assign(clampRadius(radius, dev.maxN[i]));
      const r = projectionRatio(radius, dev.divisor[i]);
      p.variable.assign(project(p.anchor, dev.d[i], r));
      return r;
    };
    if (!keepRatios) {
      tf.tidy(() => this.params.forEach((p, i) => project1(p, i)));
      return;
    }
    const means = tf.tidy(() => tf.stack(this.params.map((p, i) => tf.mean(project1(p, i)))) as tf.Tensor1D);
    this.lastRatios?.dispose();
    this.lastRatios = means;
  }
}
