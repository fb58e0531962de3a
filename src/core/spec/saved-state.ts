/**
 * A run's saved state as plain data (tfjs-free, so that the protocol and the page can hold it): every
 * tensor that changes while the run trains and every host number, by name. core/train/run-state.ts
 * writes and reads it; a checkpoint carries it out of the worker.
 */

/** A tensor's values on the host. */
export interface SavedTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: Float32Array | Int32Array;
}

/** What a run needs to continue: tensors and host numbers by name. Structured-cloneable. */
export interface SavedState {
  tensors: Record<string, SavedTensor>;
  host: Record<string, number[]>;
}
