/**
 * Adam over a list of scalar variables (TPGM's and FTP's radii, one per projected tensor), with the
 * state of all of them stacked in one vector: element by element the update of `Adam` without weight
 * decay, in about fifteen kernels per step instead of about fifteen per scalar. Radii take a step at
 * every training step, where each kernel's fixed cost shows beside a small model's own step.
 */
import * as tf from '@tensorflow/tfjs';

import type { AdamConfig } from '../config';

export class ScalarAdam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private t = 0;

  constructor(
    private readonly scalars: readonly tf.Variable[],
    private readonly config: Pick<AdamConfig, 'beta1' | 'beta2' | 'epsilon'>,
  ) {
    if (scalars.some((s) => s.rank !== 0)) throw new Error('ScalarAdam steps scalar variables only');
    this.m = tf.tidy(() => tf.variable(tf.zeros([scalars.length]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([scalars.length]), false));
  }

  step(grads: readonly tf.Scalar[], lr: number): void {
    this.stepAt(grads, lr, this.t + 1);
  }

  /** A step whose bias correction uses the caller's step count `t` (FTP corrects with the run's global step). */
  stepAt(grads: readonly tf.Scalar[], lr: number, t: number): void {
    const { beta1, beta2, epsilon } = this.config;
    this.t = t;
    const bc1 = 1 - beta1 ** t;
    const bc2 = 1 - beta2 ** t;
    tf.tidy(() => {
      const g = tf.stack([...grads]);
      // m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  γ ← γ − lr · m̂ / (√v̂ + ε)
      const m = tf.add(tf.mul(beta1, this.m), tf.mul(1 - beta1, g));
      const v = tf.add(tf.mul(beta2, this.v), tf.mul(1 - beta2, tf.square(g)));
      this.m.assign(m);
      this.v.assign(v);
      const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
      const stepped = tf.unstack(tf.sub(tf.stack([...this.scalars]), tf.mul(lr, update)));
      this.scalars.forEach((s, i) => s.assign(stepped[i]));
    });
  }

  dispose(): void {
    tf.dispose([this.m, this.v]);
  }
}
