/**
 * A labelled set held on the device: images [N, ...inputShape] float32 and labels [N] int32.
 * The data layer (loaders, splits, domains) produces these; training and metrics consume them.
 */
import * as tf from '@tensorflow/tfjs';

export interface LabelledSet {
  /** [N, ...inputShape], float32 */
  readonly x: tf.Tensor;
  /** [N], int32 class indices */
  readonly y: tf.Tensor1D;
  readonly numClasses: number;
}

/** One mini-batch; the receiver owns (and disposes) both tensors. */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor1D;
}

export function setSize(set: LabelledSet): number {
  return set.y.shape[0];
}

/** Check that x and y agree and labels are int32, with a message that names the set. */
export function assertLabelledSet(set: LabelledSet, what: string): void {
  if (set.x.shape[0] !== set.y.shape[0]) {
    throw new Error(`${what}: ${set.x.shape[0]} images but ${set.y.shape[0]} labels`);
  }
  if (set.y.dtype !== 'int32') throw new Error(`${what}: labels must be int32, got ${set.y.dtype}`);
  if (set.y.shape[0] === 0) throw new Error(`${what} is empty`);
}

export function disposeSet(set: LabelledSet): void {
  tf.dispose([set.x, set.y]);
}
