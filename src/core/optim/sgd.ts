/**
 * SGD with (Nesterov) momentum and coupled weight decay, exactly as torch.optim.SGD (dampening 0):
 *   g ← g + λθ;  b ← μb + g;  g ← g + μb (Nesterov) or b;  θ ← θ − lr·g
 * over all variables at once (flat-variables.ts): their gradients and values are concatenated into
 * one vector [E], the rule runs once on it, and the result is split back. Per variable it was 8
 * kernels (10 variables in cnn-small: 80 of FT's 146 kernels a step); flat it is 11, whatever the
 * number of variables, with the same float32 operations on every element (so the same values, to the
 * bit, with one decay for all; with decays that differ, a variable without decay adds λθ = 0·θ, which
 * can flip a zero's sign, and is NaN where θ is already ±∞, so a diverged weight's momentum turns NaN
 * rather than staying ±∞: the run has failed either way, and the trainer's loss check stops it).
 */
import * as tf from '@tensorflow/tfjs';

import type { SgdConfig } from '../spec/config';
import type { StateReader, StateWriter } from '../train/run-state';
import { FlatVariables } from './flat-variables';
import type { Optimizer } from './optimizer';

export class Sgd implements Optimizer {
  private readonly flat: FlatVariables;
  /** The momentum buffer b of every variable, flat: [E]. */
  private readonly buffer: tf.Variable<tf.Rank.R1>;
  /** λ: one number when every variable has the same, else one per element ([E]). */
  private readonly decay: number | tf.Tensor1D;

  constructor(
    variables: readonly tf.Variable[],
    private readonly config: Omit<SgdConfig, 'kind' | 'lr'>,
    /** Weight decay per variable (methods set 0 where they regularise otherwise); `config.weightDecay` by default. */
    decays: readonly number[] = variables.map(() => config.weightDecay),
  ) {
    if (decays.length !== variables.length) throw new Error('one weight decay per variable');
    this.flat = new FlatVariables(variables);
    this.buffer = this.flat.zeros();
    this.decay = this.flat.perElement(decays);
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const { momentum, nesterov } = this.config;
    tf.tidy(() => {
      const theta = this.flat.values();
      let g: tf.Tensor1D = this.flat.join(grads);
      if (this.decay !== 0) g = tf.add(g, tf.mul(this.decay, theta));
      if (momentum !== 0) {
        const b: tf.Tensor1D = tf.add(tf.mul(momentum, this.buffer), g);
        this.buffer.assign(b);
        g = nesterov ? tf.add(g, tf.mul(momentum, b)) : b;
      }
      this.flat.assign(tf.sub(theta, tf.mul(lr, g)) as tf.Tensor1D);
    });
  }

  /** Each variable's momentum buffer under its own name, as checkpoints have always held them. */
  saveState(w: StateWriter): void {
    this.flat.save(w, 'momentum', this.buffer);
  }

  loadState(r: StateReader): void {
    this.flat.load(r, 'momentum', this.buffer);
  }

  dispose(): void {
    this.buffer.dispose();
    if (typeof this.decay !== 'number') this.decay.dispose();
  }
}
