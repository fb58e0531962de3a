/**
 * d = θ̃ − θ0 and its norm n for every projected tensor at one moment, over all tensors at once
 * (flat-layout.ts), with what the projections and radius gradients of that moment need from n alone:
 * max n per tensor and the ratio's divisor n + 1e-8. TPGM projects twice and takes a radius gradient
 * at every step from the same n, so they are computed once here. Per-tensor views (metrics, tests,
 * the conformance check) are cut from the flat ones when first asked for.
 */
import * as tf from '@tensorflow/tfjs';

import type { FlatLayout } from './flat-layout';
import type { NormSpec } from './norms';
import { ratioDivisor } from './projection';

interface PerTensor {
  d: tf.Tensor[];
  n: tf.Tensor[];
  maxN: tf.Scalar[];
  divisor: tf.Tensor[];
}

export class Deviation {
  /** d of every tensor, flat: [E]. */
  readonly flatD: tf.Tensor1D;
  /** n per unit: [U]. */
  readonly unitN: tf.Tensor1D;
  /** max n per tensor: [P]. */
  readonly maxNs: tf.Tensor1D;
  /** n + 1e-8 per unit, +∞ where that is 0 (`ratioDivisor`): [U]. */
  readonly unitDivisor: tf.Tensor1D;
  private views: PerTensor | null = null;

  /** From the flat current weights θ̃ and anchors θ0 ([E] each; the caller keeps them). */
  constructor(
    readonly layout: FlatLayout,
    theta: tf.Tensor1D,
    anchor: tf.Tensor1D,
    spec: NormSpec,
  ) {
    const [flatD, unitN, maxNs, unitDivisor] = tf.tidy(() => {
      const d = tf.sub(theta, anchor) as tf.Tensor1D;
      // l2: n = ‖d‖₂ per tensor; MARS: n = Σ|d| per unit (norms.ts)
      const n = spec.norm === 'l2' ? tf.sqrt(layout.unitSum(tf.square(d))) : layout.unitSum(tf.abs(d));
      return [d, n, layout.tensorMax(n), ratioDivisor(n, { infinities: layout.unitInfinities }) as tf.Tensor1D];
    });
    this.flatD = flatD;
    this.unitN = unitN;
    this.maxNs = maxNs;
    this.unitDivisor = unitDivisor;
  }

  /** d per tensor, each of its tensor's shape. */
  get d(): readonly tf.Tensor[] {
    return this.perTensor().d;
  }

  /** n per tensor, shaped [] or [units] (norms.ts). */
  get n(): readonly tf.Tensor[] {
    return this.perTensor().n;
  }

  /** max n per tensor. */
  get maxN(): readonly tf.Scalar[] {
    return this.perTensor().maxN;
  }

  /** n + 1e-8 per tensor, shaped like n. */
  get divisor(): readonly tf.Tensor[] {
    return this.perTensor().divisor;
  }

  /**
   * The drift θ̃ wanted, [2P]: per tensor [‖d‖₂, max n] (projection.ts, `wantedDrift`), made afresh;
   * the caller owns it.
   */
  wanted(): tf.Tensor1D {
    return tf.tidy(() => {
      const l2 = tf.sqrt(this.layout.tensorSum(this.layout.unitSum(tf.square(this.flatD))));
      return tf.reshape(tf.stack([l2, this.maxNs], 1), [-1]) as tf.Tensor1D;
    });
  }

  dispose(): void {
    tf.dispose([this.flatD, this.unitN, this.maxNs, this.unitDivisor]);
    if (this.views) tf.dispose(Object.values(this.views).flat() as tf.Tensor[]);
    this.views = null;
  }

  private perTensor(): PerTensor {
    if (this.views) return this.views;
    const { layout } = this;
    const each = <T extends tf.Tensor>(f: (i: number) => T): T[] =>
      Array.from({ length: layout.sizes.length }, (_, i) => f(i));
    // kept: they live as long as the deviation, whatever tidy first asked for them
    const keep = <T extends tf.Tensor>(ts: T[]): T[] => ts.map((t) => tf.keep(t));
    this.views = {
      d: keep(layout.split(this.flatD)),
      n: keep(each((i) => layout.unitsOf(this.unitN, i))),
      maxN: keep(tf.unstack(this.maxNs) as tf.Scalar[]),
      divisor: keep(each((i) => layout.unitsOf(this.unitDivisor, i))),
    };
    return this.views;
  }
}
