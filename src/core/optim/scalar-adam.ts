/**
 * Adam over a list of scalar variables (TPGM's and FTP's radii, one per projected tensor), stepped as
 * one stacked vector: `Adam`'s own update, element by element the same, in about fifteen kernels per
 * step instead of about fifteen per scalar. Radii take a step at every training step, where each
 * kernel's fixed cost shows beside a small model's own step.
 */
import * as tf from '@tensorflow/tfjs';

import type { AdamConfig } from '../spec/config';
import type { StateReader, StateWriter } from '../train/run-state';
import { Adam } from './adam';

export class ScalarAdam {
  /** The scalars stacked, [P]: what `Adam` steps; copied from and back to the scalars around each step. */
  private readonly stacked: tf.Variable;
  private readonly adam: Adam;

  constructor(
    private readonly scalars: readonly tf.Variable[],
    config: Pick<AdamConfig, 'beta1' | 'beta2' | 'epsilon'>,
  ) {
    if (scalars.some((s) => s.rank !== 0)) throw new Error('ScalarAdam steps scalar variables only');
    this.stacked = tf.tidy(() => tf.variable(tf.zeros([scalars.length]), false));
    this.adam = new Adam([this.stacked], { ...config, weightDecay: 0 });
  }

  step(grads: readonly tf.Scalar[], lr: number): void {
    this.stepAt(grads, lr, this.adam.numSteps + 1);
  }

  /** A step whose bias correction uses the caller's step count `t` (FTP corrects with the run's global step). */
  stepAt(grads: readonly tf.Scalar[], lr: number, t: number): void {
    // the scalars change between steps (TPGM clamps its radii), so the stack is taken afresh
    tf.tidy(() => this.stacked.assign(tf.stack([...this.scalars])));
    const g = tf.stack([...grads]);
    this.adam.stepAt([g], lr, t);
    g.dispose();
    tf.tidy(() => tf.unstack(this.stacked).forEach((x, i) => this.scalars[i].assign(x)));
  }

  /** The moments and t; the stack itself is taken afresh from the scalars at every step. */
  saveState(w: StateWriter): void {
    this.adam.saveState(w);
  }

  loadState(r: StateReader): void {
    this.adam.loadState(r);
  }

  dispose(): void {
    this.adam.dispose();
    this.stacked.dispose();
  }
}
