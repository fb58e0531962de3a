/**
 * Endless seeded mini-batches from a LabelledSet: a fresh permutation every epoch, drawn from the run's
 * RNG (never Math.random), so the same seed gives the same batches. Batches are gathered on the device.
 */
import * as tf from '@tensorflow/tfjs';

import { permutation, type Rng } from '../rng';
import type { StateReader, StateWriter, Stateful } from '../train/run-state';
import { setSize, type Batch, type LabelledSet } from './labelled-set';

export class BatchSampler implements Stateful {
  private order: Int32Array;
  private cursor = 0;
  private epochCount = 0;

  constructor(
    private readonly set: LabelledSet,
    private readonly rng: Rng,
  ) {
    this.order = permutation(setSize(set), rng);
  }

  /** Completed passes over the set. */
  get epochs(): number {
    return this.epochCount;
  }

  /** Indices of the next `batchSize` examples; a batch never spans two epochs' permutations twice. */
  nextIndices(batchSize: number): Int32Array {
    const n = this.order.length;
    const size = Math.min(batchSize, n);
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      if (this.cursor === n) {
        this.order = permutation(n, this.rng);
        this.cursor = 0;
        this.epochCount += 1;
      }
      out[i] = this.order[this.cursor++];
    }
    return out;
  }

  /** Where the sampler is: this epoch's order, the place in it, and the RNG that draws the next order. */
  saveState(w: StateWriter): void {
    w.numbers('order', this.order);
    w.numbers('cursor', [this.cursor]);
    w.numbers('epochs', [this.epochCount]);
    w.numbers('rng', [this.rng.state()]);
  }

  loadState(r: StateReader): void {
    const order = Int32Array.from(r.numbers('order', this.order.length));
    const cursor = r.number('cursor');
    if (!Number.isInteger(cursor) || cursor < 0 || cursor > order.length)
      throw new Error(`a batch cursor of ${cursor} does not fit a set of ${order.length}`);
    this.order = order;
    this.cursor = cursor;
    this.epochCount = r.number('epochs');
    this.rng.setState(r.number('rng'));
  }

  /** The next batch; the caller owns the tensors. */
  next(batchSize: number): Batch {
    const idx = this.nextIndices(batchSize);
    return tf.tidy(() => {
      const indices = tf.tensor1d(idx, 'int32');
      return { x: tf.gather(this.set.x, indices), y: tf.gather(this.set.y, indices) };
    });
  }
}
