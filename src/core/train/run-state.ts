/**
 * A run's state, saved so that it can continue exactly where it was: every tensor that changes while
 * it trains (weights, BatchNorm statistics, optimiser moments, radii …) and every host number (step,
 * RNG states, batch order, Adam's t), each by name. Each stateful part writes itself with `saveState`
 * and reads itself back with `loadState` (the Stateful contract), under its own prefix, so that a part
 * never needs to know where it sits in the run. Restoring checks each tensor's shape against the tensor
 * it replaces, so a checkpoint of another model or method is refused by name.
 */
import * as tf from '@tensorflow/tfjs';

import type { SavedState, SavedTensor } from '../spec/saved-state';

export type { SavedState, SavedTensor };

export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

export interface Stateful {
  saveState(w: StateWriter): void;
  /** Only on a freshly made part of the same run (same model, method and settings). */
  loadState(r: StateReader): void;
}

/** Collects copies of the state's tensors (it owns them until `read` or `dispose`) and its host numbers. */
export class StateWriter {
  private constructor(
    private readonly prefix: string,
    private readonly tensors: Map<string, tf.Tensor>,
    private readonly host: Record<string, number[]>,
  ) {}

  static create(): StateWriter {
    return new StateWriter('', new Map(), {});
  }

  /** A view that writes its names under `prefix/`. */
  within(prefix: string): StateWriter {
    return new StateWriter(`${this.prefix}${prefix}/`, this.tensors, this.host);
  }

  private key(name: string): string {
    const key = this.prefix + name;
    if (this.tensors.has(key) || key in this.host) throw new CheckpointError(`"${key}" is saved twice`);
    return key;
  }

  tensor(name: string, t: tf.Tensor): void {
    if (t.dtype !== 'float32' && t.dtype !== 'int32') throw new CheckpointError(`"${name}" is ${t.dtype}`);
    this.tensors.set(this.key(name), tf.clone(t));
  }

  numbers(name: string, values: ArrayLike<number>): void {
    this.host[this.key(name)] = Array.from(values);
  }

  /** Reads every tensor back (without blocking the device queue) and frees the copies. */
  async read(): Promise<SavedState> {
    try {
      const entries = [...this.tensors.entries()];
      const values = await Promise.all(entries.map(([, t]) => t.data()));
      return this.assemble(entries, values);
    } finally {
      this.dispose();
    }
  }

  /** As `read`, synchronously (tests and the CPU backend). */
  readSync(): SavedState {
    try {
      const entries = [...this.tensors.entries()];
      return this.assemble(
        entries,
        entries.map(([, t]) => t.dataSync()),
      );
    } finally {
      this.dispose();
    }
  }

  private assemble(entries: [string, tf.Tensor][], values: ArrayLike<number>[]): SavedState {
    const tensors: Record<string, SavedTensor> = {};
    entries.forEach(([key, t], i) => {
      const v = values[i];
      tensors[key] = {
        shape: [...t.shape],
        dtype: t.dtype as SavedTensor['dtype'],
        values: t.dtype === 'int32' ? Int32Array.from(v) : Float32Array.from(v),
      };
    });
    return { tensors, host: { ...this.host } };
  }

  dispose(): void {
    tf.dispose([...this.tensors.values()]);
    this.tensors.clear();
  }
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Reads a SavedState back into freshly made parts; every mismatch is a CheckpointError naming the entry. */
export class StateReader {
  private constructor(
    private readonly prefix: string,
    private readonly state: SavedState,
  ) {}

  static of(state: SavedState): StateReader {
    return new StateReader('', state);
  }

  within(prefix: string): StateReader {
    return new StateReader(`${this.prefix}${prefix}/`, this.state);
  }

  has(name: string): boolean {
    const key = this.prefix + name;
    return key in this.state.tensors || key in this.state.host;
  }

  /** The saved tensor `name`, which must have `like`'s shape and dtype; the caller owns it. */
  tensor(name: string, like: tf.Tensor): tf.Tensor {
    const key = this.prefix + name;
    const saved = this.state.tensors[key];
    if (saved === undefined) throw new CheckpointError(`the checkpoint has no "${key}"`);
    if (!sameShape(saved.shape, like.shape) || saved.dtype !== like.dtype)
      throw new CheckpointError(
        `"${key}" is ${saved.dtype} [${saved.shape.join(', ')}] in the checkpoint, ${like.dtype} [${like.shape.join(', ')}] here`,
      );
    return tf.tensor(saved.values, saved.shape, saved.dtype);
  }

  /** v ← the saved tensor `name`. */
  assign(name: string, v: tf.Variable): void {
    const t = this.tensor(name, v);
    v.assign(t);
    t.dispose();
  }

  numbers(name: string, length?: number): number[] {
    const key = this.prefix + name;
    const values = this.state.host[key];
    if (values === undefined) throw new CheckpointError(`the checkpoint has no "${key}"`);
    if (length !== undefined && values.length !== length)
      throw new CheckpointError(`"${key}" holds ${values.length} numbers, ${length} expected`);
    return values;
  }

  number(name: string): number {
    return this.numbers(name, 1)[0];
  }
}
