/**
 * How values come back from the device, chosen per backend by the worker. `await data()` is the usual
 * advice, but on WebGPU through SwiftShader (our CI and any GPU-less machine) its mapAsync waits
 * seconds per call, while `dataSync()` reads through a canvas copy in milliseconds; in a worker a
 * synchronous read blocks no UI. Callers read once per log or evaluation interval either way.
 */
import type * as tf from '@tensorflow/tfjs';

export type ReadbackMode = 'async' | 'sync';

export type Readback = (t: tf.Tensor) => Promise<ArrayLike<number>>;

/** `await t.data()`: GPU -> CPU without blocking the thread. */
export const asyncRead: Readback = (t) => t.data();

/** `t.dataSync()`, wrapped in a promise so callers do not care which one they got. */
export const syncRead: Readback = (t) => Promise.resolve(t.dataSync());

export function readbackFor(mode: ReadbackMode): Readback {
  return mode === 'sync' ? syncRead : asyncRead;
}
