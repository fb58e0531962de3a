/**
 * Adam (Kingma & Ba) with bias correction and optional decoupled weight decay (AdamW):
 *   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ − lr·λθ − lr · m̂ / (√v̂ + ε),
 *   m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t). One state (t, m, v) for the optimiser's whole life.
 * Used for the model weights, and through ScalarAdam for TPGM's and FTP's radii (ε = 1e-8 there, not
 * tfjs' default 1e-7). Over all variables at once, as SGD (sgd.ts): gradients and weights concatenated
 * into one vector [E], the rule once, the result split back; the same float32 operations on every
 * element, so the same values to the bit with one decay for all (with decays that differ, a variable
 * without decay subtracts lr·0·θ, which can flip a zero's sign, and is NaN where θ is already ±∞).
 */
import * as tf from '@tensorflow/tfjs';

import type { AdamConfig } from '../spec/config';
import type { StateReader, StateWriter } from '../train/run-state';
import { FlatVariables } from './flat-variables';
import type { Optimizer } from './optimizer';

export class Adam implements Optimizer {
  private readonly flat: FlatVariables;
  /** The moments of every variable, flat: [E]. */
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;
  /** λ: one number when every variable has the same, else one per element in double precision ([E]). */
  private readonly decay: number | Float64Array;
  private t = 0;

  constructor(
    variables: readonly tf.Variable[],
    private readonly config: Omit<AdamConfig, 'kind' | 'lr'>,
    /** Weight decay per variable (methods set 0 where they regularise otherwise); `config.weightDecay` by default. */
    decays: readonly number[] = variables.map(() => config.weightDecay),
  ) {
    if (decays.length !== variables.length) throw new Error('one weight decay per variable');
    this.flat = new FlatVariables(variables);
    this.m = this.flat.zeros();
    this.v = this.flat.zeros();
    this.decay = decays.every((d) => d === decays[0]) ? decays[0] : this.flat.expand(decays);
  }

  /** Number of steps taken (the t of the bias correction). */
  get numSteps(): number {
    return this.t;
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    this.stepAt(grads, lr, this.t + 1);
  }

  /** A step whose bias correction uses the caller's step count `t` (FTP corrects with the run's global step). */
  stepAt(grads: readonly tf.Tensor[], lr: number, t: number): void {
    const { beta1, beta2, epsilon } = this.config;
    this.t = t;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    tf.tidy(() => {
      const theta = this.flat.values();
      const g = this.flat.join(grads);
      const m: tf.Tensor1D = tf.add(tf.mul(beta1, this.m), tf.mul(1 - beta1, g));
      const v: tf.Tensor1D = tf.add(tf.mul(beta2, this.v), tf.mul(1 - beta2, tf.square(g)));
      this.m.assign(m);
      this.v.assign(v);
      const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
      // lr·λ in double precision, then rounded once to float32, as the per-variable rule did
      const { decay } = this;
      const lrDecay = typeof decay === 'number' ? lr * decay : tf.tensor1d(Float32Array.from(decay, (d) => lr * d));
      const decayed = decay === 0 ? theta : tf.sub(theta, tf.mul(lrDecay, theta));
      this.flat.assign(tf.sub(decayed, tf.mul(lr, update)) as tf.Tensor1D);
    });
  }

  /** t, and each variable's moments under its own names, as checkpoints have always held them. */
  saveState(w: StateWriter): void {
    w.numbers('t', [this.t]);
    this.flat.save(w, 'm', this.m);
    this.flat.save(w, 'v', this.v);
  }

  loadState(r: StateReader): void {
    this.t = r.number('t');
    this.flat.load(r, 'm', this.m);
    this.flat.load(r, 'v', this.v);
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}
