/**
 * SGD with (Nesterov) momentum and coupled weight decay, exactly as torch.optim.SGD (dampening 0):
 *   g ← g + λθ;  b ← μb + g;  g ← g + μb (Nesterov) or b;  θ ← θ − lr·g
 * over all variables at once: their gradients and values are concatenated into one vector [E], the
 * rule runs once on it, and the result is split back. Per variable it was 8 kernels (10 variables in
 * cnn-small: 80 of FT's 146 kernels a step); flat it is 11, whatever the number of variables, with
 * the same float32 operations on every element (so the same values, to the bit, with one decay for
 * all; with decays that differ, a variable without decay adds λθ = 0·θ, which can flip a zero's sign,
 * and is NaN where θ is already ±∞, so a diverged weight's momentum turns NaN rather than staying ±∞:
 * the run has failed either way, and the trainer's loss check stops it).
 */
import * as tf from '@tensorflow/tfjs';

import { registerFlatKernels } from '../flat-kernels';
import type { SgdConfig } from '../spec/config';
import type { StateReader, StateWriter } from '../train/run-state';
import type { Optimizer } from './optimizer';

/** The tensors flattened and concatenated, in order: [E]. */
const flatten = (ts: readonly tf.Tensor[]): tf.Tensor1D =>
  tf.tidy(() =>
    ts.length === 1 ? tf.reshape(ts[0], [-1]) : tf.concat(ts.map((t) => tf.reshape(t, [-1]))),
  ) as tf.Tensor1D;

export class Sgd implements Optimizer {
  /** The momentum buffer b of every variable, flat: [E]. */
  private readonly buffer: tf.Variable<tf.Rank.R1>;
  private readonly sizes: number[];
  /** λ: one number when every variable has the same, else one per element ([E]). */
  private readonly decay: number | tf.Tensor1D;

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly config: Omit<SgdConfig, 'kind' | 'lr'>,
    /** Weight decay per variable (methods set 0 where they regularise otherwise); `config.weightDecay` by default. */
    decays: readonly number[] = variables.map(() => config.weightDecay),
  ) {
    if (decays.length !== variables.length) throw new Error('one weight decay per variable');
    if (variables.length === 0) throw new Error('SGD needs at least one variable');
    registerFlatKernels(); // SplitV of a vector in one copy per part on WASM
    this.sizes = variables.map((v) => v.size);
    const total = this.sizes.reduce((a, b) => a + b, 0);
    this.buffer = tf.tidy(() => tf.variable(tf.zeros([total]), false));
    const uniform = decays.every((d) => d === decays[0]);
    this.decay = uniform
      ? decays[0]
      : tf.keep(tf.tensor1d(this.sizes.flatMap((n, i) => new Array<number>(n).fill(decays[i]))));
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const { momentum, nesterov } = this.config;
    tf.tidy(() => {
      const theta = flatten(this.variables);
      let g: tf.Tensor1D = flatten(grads);
      if (this.decay !== 0) g = tf.add(g, tf.mul(this.decay, theta));
      if (momentum !== 0) {
        const b: tf.Tensor1D = tf.add(tf.mul(momentum, this.buffer), g);
        this.buffer.assign(b);
        g = nesterov ? tf.add(g, tf.mul(momentum, b)) : b;
      }
      this.assignAll(tf.sub(theta, tf.mul(lr, g)) as tf.Tensor1D);
    });
  }

  /** Each variable's momentum buffer under its own name, as checkpoints have always held them. */
  saveState(w: StateWriter): void {
    const parts = this.parts(this.buffer);
    parts.forEach((b, i) => w.tensor(`momentum/${i}`, b));
    tf.dispose(parts);
  }

  loadState(r: StateReader): void {
    const saved: tf.Tensor[] = [];
    try {
      this.variables.forEach((v, i) => saved.push(r.tensor(`momentum/${i}`, v)));
      tf.tidy(() => this.buffer.assign(flatten(saved)));
    } finally {
      tf.dispose(saved); // also those read before an entry was missing or misshapen
    }
  }

  dispose(): void {
    this.buffer.dispose();
    if (typeof this.decay !== 'number') this.decay.dispose();
  }

  /** [E] back into one tensor per variable, each of its shape. */
  private parts(flat: tf.Tensor1D): tf.Tensor[] {
    return tf.tidy(() =>
      (this.sizes.length === 1 ? [flat] : tf.split(flat, this.sizes)).map((t, i) =>
        tf.reshape(t, this.variables[i].shape),
      ),
    );
  }

  private assignAll(flat: tf.Tensor1D): void {
    this.parts(flat).forEach((t, i) => this.variables[i].assign(t));
  }
}
