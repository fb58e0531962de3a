/**
 * A fixed list of variables seen as one vector [E] (their values flattened and concatenated, in
 * order), so that an optimiser's rule runs once over all of them: a handful of kernels a step however
 * many variables there are, instead of a handful per variable. On a GPU a model this small is bound
 * by kernel launches (issue #16). Optimiser state lives flat here, but is saved per variable under
 * `name/i`, as checkpoints have always held it.
 */
import * as tf from '@tensorflow/tfjs';

import { registerFlatKernels } from '../flat-kernels';
import type { StateReader, StateWriter } from '../train/run-state';

/** The tensors flattened and concatenated, in order: [E]. */
const flatten = (ts: readonly tf.Tensor[]): tf.Tensor1D =>
  tf.tidy(() =>
    ts.length === 1 ? tf.reshape(ts[0], [-1]) : tf.concat(ts.map((t) => tf.reshape(t, [-1]))),
  ) as tf.Tensor1D;

export class FlatVariables {
  private readonly sizes: number[];
  readonly size: number;

  constructor(private readonly variables: readonly tf.Variable[]) {
    if (variables.length === 0) throw new Error('an optimiser needs at least one variable');
    registerFlatKernels(); // SplitV of a vector in one copy per part on WASM
    this.sizes = variables.map((v) => v.size);
    this.size = this.sizes.reduce((a, b) => a + b, 0);
  }

  /** A new state vector of zeros, [E] (the caller disposes it). */
  zeros(): tf.Variable<tf.Rank.R1> {
    return tf.tidy(() => tf.variable(tf.zeros([this.size]), false));
  }

  /** One number per variable as one number when all are equal, else per element, [E] (kept; the caller disposes it). */
  perElement(values: readonly number[]): number | tf.Tensor1D {
    if (values.every((x) => x === values[0])) return values[0];
    return tf.keep(tf.tensor1d(Float32Array.from(this.expand(values))));
  }

  /** One number per variable, repeated over its elements (in double precision), [E]. */
  expand(values: readonly number[]): Float64Array {
    const out = new Float64Array(this.size);
    let at = 0;
    this.sizes.forEach((n, i) => {
      out.fill(values[i], at, at + n);
      at += n;
    });
    return out;
  }

  /** The variables' values, [E]. */
  values(): tf.Tensor1D {
    return flatten(this.variables);
  }

  /** One tensor per variable (gradients, say), each of its variable's shape, as [E]. */
  join(tensors: readonly tf.Tensor[]): tf.Tensor1D {
    return flatten(tensors);
  }

  /** Each variable ← its part of `flat`. */
  assign(flat: tf.Tensor1D): void {
    tf.tidy(() => this.parts(flat).forEach((t, i) => this.variables[i].assign(t)));
  }

  /** `state` written per variable, as `name/i`. */
  save(w: StateWriter, name: string, state: tf.Tensor1D): void {
    const parts = this.parts(state);
    parts.forEach((t, i) => w.tensor(`${name}/${i}`, t));
    tf.dispose(parts);
  }

  /** `state` ← the per-variable `name/i` of a checkpoint; what was read is freed even when an entry fails. */
  load(r: StateReader, name: string, state: tf.Variable<tf.Rank.R1>): void {
    const saved: tf.Tensor[] = [];
    try {
      this.variables.forEach((v, i) => saved.push(r.tensor(`${name}/${i}`, v)));
      tf.tidy(() => state.assign(flatten(saved)));
    } finally {
      tf.dispose(saved);
    }
  }

  /** [E] back into one tensor per variable, each of its shape. */
  private parts(flat: tf.Tensor1D): tf.Tensor[] {
    return tf.tidy(() =>
      (this.sizes.length === 1 ? [flat] : tf.split(flat, this.sizes)).map((t, i) =>
        tf.reshape(t, this.variables[i].shape),
      ),
    );
  }
}
