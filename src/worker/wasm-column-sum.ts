/**
 * Sum over the leading axes on tfjs-backend-wasm 4.22: every bias gradient of a training step,
 *   ∂L/∂b[c] = Σ_{n,h,w} δ[n, h, w, c]
 * The backend's Sum moves the reduced axes innermost first (a transpose of the whole gradient), then
 * sums each row. Here the rows of the [R, C] view are added into C sums in one pass, in the same
 * order (r = 0, 1, …, in float32), so the sums are the backend's own to the bit. Any other sum, and
 * any dtype but float32, keeps the backend's kernel.
 */
import * as tf from '@tensorflow/tfjs';

import type { KernelArgs } from './wasm-kernel';

type WasmHeap = {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
};

/** out[c] = Σ_r x[r·C + c] over the rows of x, added in row order in float32. */
export function sumRows(x: Float32Array, columns: number, out: Float32Array): void {
  out.fill(0);
  if (columns === 0) return;
  // a float32 store rounds the double sum of two float32 values exactly as a float32 add would
  for (let from = 0; from < x.length; from += columns) {
    for (let c = 0; c < columns; c++) out[c] += x[from + c];
  }
}

function sumLeading(args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return null;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  // only the leading axes 0 … k−1, with at least one axis kept: the bias-gradient case
  if (axes.length === 0 || axes.length >= rank || axes.some((a, i) => a !== i)) return null;
  const kept = x.shape.slice(axes.length);
  const shape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const backend = args.backend as unknown as WasmHeap;
  const out = backend.makeOutput(shape, 'float32');
  // views are taken after makeOutput, which may grow (and so replace) the heap
  sumRows(backend.typedArrayFromHeap(x), tf.util.sizeFromShape(kept), backend.typedArrayFromHeap(out));
  return out;
}

let registered = false;

/** Replaces the backend's Sum once (the original still runs every other sum); call before `setBackend('wasm')`. */
export function registerWasmColumnSum(): void {
  if (registered) return;
  const original = tf.getKernel('Sum', 'wasm');
  if (!original) throw new Error('the wasm backend has no Sum kernel to replace');
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel({ ...original, kernelFunc: (a) => sumLeading(a as KernelArgs) ?? original.kernelFunc(a) });
  registered = true;
}
