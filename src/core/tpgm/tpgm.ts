/**
 * TPGM state for one run: a learned radius γ per projected tensor (the official code calls them
 * constraints), their persistent Adam state, and the two operations of ../shared/METHODS.md §1:
 * `updateRadii` (the inner problem, on a validation batch, model in inference mode) and
 * `projectWeights` (θ ← θ0 + r ⊙ d). Both read the unprojected weights θ̃ through a `Deviation`
 * measured once after the optimiser step, so every projection starts from θ̃.
 * The bookkeeping runs over all projected tensors at once (flat-layout.ts): γ is one vector [P], and
 * deviations, ratios, projections and radius gradients are a few kernels each, whatever P is.
 */
import * as tf from '@tensorflow/tfjs';

import type { Batch } from '../data/labelled-set';
import { crossEntropy } from '../losses';
import type { Param, TunableModel } from '../model/tunable-model';
import { Adam } from '../optim/adam';
import { RADIUS_ADAM, type Mars1dMode, type NormMode } from '../spec/config';
import type { StateReader, StateWriter, Stateful } from '../train/run-state';
import { Deviation } from './deviation';
import { FlatLayout } from './flat-layout';
import type { NormSpec } from './norms';
import { clampRadius, project, projectionRatio, radiusGradientTermsOfRatio } from './projection';

export { Deviation } from './deviation';

export interface TpgmOptions {
  norm: NormMode;
  mars1d: Mars1dMode;
  radiusLr: number;
}

/** What one radius step measured; the caller owns (and disposes) the tensors. */
export interface RadiusStep {
  /** Validation loss at θ̂(γ) before the step. */
  loss: tf.Scalar;
  /** ∂L/∂γ per projected tensor, [P]. */
  grads: tf.Tensor1D;
}

export class Tpgm implements Stateful {
  /** γ, one per projected tensor in `params` order: [P]. */
  readonly gamma: tf.Variable<tf.Rank.R1>;
  private readonly adam: Adam;
  /** The norm the radii bound. */
  readonly spec: NormSpec;
  private readonly layout: FlatLayout;
  /** θ0 of every projected tensor, flat: [E]. */
  private readonly anchor: tf.Tensor1D;
  private initialized = false;
  /** r per unit at the last projection, [U], kept for metrics: their means per tensor are taken when
   * metrics ask (every evaluation), not in every step, two kernels fewer a step. */
  private lastRatios: tf.Tensor1D | null = null;
  private lastMeans: tf.Tensor1D | null = null;

  constructor(
    private readonly model: TunableModel,
    readonly params: readonly Param[],
    private readonly options: TpgmOptions,
  ) {
    if (params.length === 0) throw new Error('TPGM needs at least one projected tensor');
    this.spec = { norm: options.norm, mars1d: options.mars1d };
    this.layout = new FlatLayout(
      params.map((p) => p.variable.shape),
      this.spec,
    );
    this.anchor = tf.keep(this.layout.flatten(params.map((p) => p.anchor)));
    this.gamma = tf.tidy(() => tf.variable(tf.zeros([params.length]), false));
    this.adam = new Adam([this.gamma], { ...RADIUS_ADAM, weightDecay: 0 });
  }

  get isInitialized(): boolean {
    return this.initialized;
  }

  /** Measure d = θ̃ − θ0 and n from the current (unprojected) weights. */
  measureDeviation(): Deviation {
    const theta = this.layout.flatten(this.params.map((p) => p.variable));
    try {
      return new Deviation(this.layout, theta, this.anchor, this.spec);
    } finally {
      theta.dispose();
    }
  }

  /** γ ← min(n)/2 for every tensor (done by the first `updateRadii`). */
  initializeRadii(dev: Deviation): void {
    this.setGamma(tf.tidy(() => tf.div(this.layout.tensorMin(dev.unitN), 2)));
    this.initialized = true;
  }

  /** Set the radii by hand (fixtures, MARS-SP); counts as initialised. */
  setRadii(values: readonly number[]): void {
    if (values.length !== this.params.length)
      throw new Error(`expected ${this.params.length} radii, got ${values.length}`);
    this.setGamma(tf.tensor1d([...values]));
    this.initialized = true;
  }

  /**
   * One step of the inner problem: clamp γ, write θ̂(γ) into the model, L = CE on the validation batch
   * in inference mode, ∂L/∂γ by the closed form, Adam step on γ. Leaves θ̂(γ_before) in the model.
   */
  updateRadii(dev: Deviation, x: tf.Tensor, y: tf.Tensor1D): RadiusStep {
    if (!this.initialized) this.initializeRadii(dev);
    const ratios = this.writeProjection(dev); // r of θ̂(γ) per unit, [U]
    try {
      const vars = this.model.variables(this.params);
      const { value, grads } = tf.variableGrads(() => crossEntropy(this.model.forward(x, 'inference'), y), vars);
      const radiusGrads = tf.tidy(() => {
        // ⟨g, d⟩ per unit, then ∂L/∂γ summed per tensor (projection.ts, radiusGradient)
        const g = this.layout.flatten(this.params.map((p) => grads[p.variable.name]));
        const inner = this.layout.unitSum(tf.mul(g, dev.flatD));
        const terms = radiusGradientTermsOfRatio(ratios, dev.unitDivisor, inner) as tf.Tensor1D;
        return this.layout.tensorSum(terms);
      });
      tf.dispose(Object.values(grads));
      this.adam.step([radiusGrads], this.options.radiusLr);
      return { loss: value, grads: radiusGrads };
    } finally {
      ratios.dispose();
    }
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
        tf.dispose([batch.x, batch.y, result.loss, result.grads]);
      }
      this.keepRatios(this.writeProjection(dev));
    } finally {
      if (!from) dev.dispose();
    }
  }

  /** θ ← θ0 + r ⊙ d with the current radii (clamped in place first). */
  projectWeights(dev: Deviation): void {
    if (!this.initialized) throw new Error('projectWeights before the first updateRadii: radii are not initialised');
    this.keepRatios(this.writeProjection(dev));
  }

  /** Mean projection ratio r per tensor at the last projection, [P], or null before the first. */
  get meanRatios(): tf.Tensor1D | null {
    if (!this.lastRatios) return null;
    const r = this.lastRatios;
    // kept: it lives until the next projection, whatever tidy first asked for it
    this.lastMeans ??= tf.keep(tf.tidy(() => this.layout.tensorMean(r)));
    return this.lastMeans;
  }

  /** γ, the radius optimiser's moments and whether γ was initialised (the mean ratios are metrics only). */
  saveState(w: StateWriter): void {
    // one scalar per tensor, as checkpoints have always held them
    w.numbers('initialized', [this.initialized ? 1 : 0]);
    const radii = tf.unstack(this.gamma);
    radii.forEach((r, i) => w.tensor(`radius/${i}`, r));
    tf.dispose(radii);
    this.adam.saveState(w.within('adam'));
  }

  loadState(r: StateReader): void {
    this.initialized = r.number('initialized') === 1;
    const like = tf.scalar(0);
    const saved = this.params.map((_, i) => r.tensor(`radius/${i}`, like));
    this.setGamma(tf.tidy(() => tf.stack(saved) as tf.Tensor1D));
    tf.dispose([like, ...saved]);
    this.adam.loadState(r.within('adam'));
  }

  dispose(): void {
    this.adam.dispose();
    tf.dispose([this.gamma, this.anchor]);
    this.layout.dispose();
    this.keepRatios(null);
  }

  /** γ ← `values` ([P]; taken over and freed). */
  private setGamma(values: tf.Tensor): void {
    this.gamma.assign(values as tf.Tensor1D);
    values.dispose();
  }

  /** θ ← θ0 + r ⊙ d, clamping γ first; returns r per unit, [U] (the caller owns it). */
  private writeProjection(dev: Deviation): tf.Tensor1D {
    const { layout } = this;
    this.setGamma(clampRadius(this.gamma, dev.maxNs));
    return tf.tidy(() => {
      const r = projectionRatio(layout.toUnits(this.gamma), dev.unitDivisor) as tf.Tensor1D;
      const projected = layout.split(project(this.anchor, dev.flatD, layout.toElements(r)) as tf.Tensor1D);
      this.params.forEach((p, i) => p.variable.assign(projected[i]));
      return r;
    });
  }

  /** Keeps `ratios` (taken over) as the last projection's, for metrics, freeing the ones before. */
  private keepRatios(ratios: tf.Tensor1D | null): void {
    tf.dispose([this.lastRatios, this.lastMeans].filter((t) => t !== null));
    this.lastRatios = ratios && tf.keep(ratios);
    this.lastMeans = null;
  }
}
