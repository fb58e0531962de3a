/**
 * Adam (Kingma & Ba) with bias correction and optional decoupled weight decay (AdamW):
 *   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ − lr·λθ − lr · m̂ / (√v̂ + ε),
 *   m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t). One state (t, m, v) for the optimiser's whole life.
 * Used for the model weights, and through ScalarAdam for TPGM's and FTP's radii (ε = 1e-8 there, not
 * tfjs' default 1e-7).
 */
import * as tf from '@tensorflow/tfjs';

import type { AdamConfig } from '../spec/config';
import type { StateReader, StateWriter } from '../train/run-state';
import type { Optimizer } from './optimizer';

export class Adam implements Optimizer {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private t = 0;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly config: Omit<AdamConfig, 'kind' | 'lr'>,
    /** Weight decay per variable (methods set 0 where they regularise otherwise); `config.weightDecay` by default. */
    private readonly decays: readonly number[] = variables.map(() => config.weightDecay),
  ) {
    if (decays.length !== variables.length) throw new Error('one weight decay per variable');
    // tidy frees the zeros tensors; each variable keeps its own reference to the data
    this.m = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
    this.v = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)));
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
      this.variables.forEach((theta, i) => {
        const g = grads[i];
        const weightDecay = this.decays[i];
        const m = tf.add(tf.mul(beta1, this.m[i]), tf.mul(1 - beta1, g));
        const v = tf.add(tf.mul(beta2, this.v[i]), tf.mul(1 - beta2, tf.square(g)));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
        const decayed = weightDecay !== 0 ? tf.sub(theta, tf.mul(lr * weightDecay, theta)) : theta;
        theta.assign(tf.sub(decayed, tf.mul(lr, update)));
      });
    });
  }

  saveState(w: StateWriter): void {
    w.numbers('t', [this.t]);
    this.m.forEach((m, i) => w.tensor(`m/${i}`, m));
    this.v.forEach((v, i) => w.tensor(`v/${i}`, v));
  }

  loadState(r: StateReader): void {
    this.t = r.number('t');
    this.m.forEach((m, i) => r.assign(`m/${i}`, m));
    this.v.forEach((v, i) => r.assign(`v/${i}`, v));
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
