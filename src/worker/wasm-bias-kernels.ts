/**
 * A bias's two kernels on tfjs-backend-wasm 4.22, as our SIMD loops on the heap (wasm-simd.wat).
 *
 * Adding it: x[n, h, w, c] + b[c], the Add after every convolution and dense layer, forward and in
 * TPGM's validation pass. The backend's broadcasting Add took 0.38 ms for cnn-small's first layer
 * at batch 32 (Node); the loop adds one row of b to each row of x, the same float32 sums.
 *
 * Its gradient, the sum over the leading axes,
 *   ∂L/∂b[c] = Σ_{n,h,w} δ[n, h, w, c]      i.e. the column sums of δ viewed as [R, C]
 * The backend's Sum moves the reduced axes innermost first (a transpose of the whole gradient), then
 * sums each row: 0.56 ms for cnn-small's first bias at batch 32 (Node, one thread). Our SIMD loop
 * (wasm-simd.wat) adds the rows into C running sums in place, in row order as the backend's sum
 * does, so the sums are equal to the bit. (A product with a row of ones, tried before, measured
 * 0.06 ms on one tensor summed again and again, but 1.05 ms on fresh gradients: XNNPACK packs the
 * second operand on every new tensor.) Any other sum, any dtype but float32, and C not a multiple of
 * 4 keep the backend's kernel.
 */
import * as tf from '@tensorflow/tfjs';

import { replaceWasmKernel, type KernelArgs } from './wasm-kernel';
import { heapOffset, wasmSimd } from './wasm-simd';

type WasmHeap = {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
};

function sumLeading(args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  if (x.dtype !== 'float32') return null;
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  // only the leading axes 0 … k−1, with at least one axis kept: the bias-gradient case
  if (axes.length === 0 || axes.length >= rank || axes.some((a, i) => a !== i)) return null;
  const kept = x.shape.slice(axes.length);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const columns = tf.util.sizeFromShape(kept);
  const shape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
  const backend = args.backend as unknown as WasmHeap & tf.KernelBackend;
  if (rows === 0 || columns === 0) {
    // a sum of nothing is 0 (the backend's own Sum left such an output unwritten)
    const zeros = backend.makeOutput(shape, 'float32');
    backend.typedArrayFromHeap(zeros).fill(0);
    return zeros;
  }
  const simd = wasmSimd(backend);
  if (!simd || columns % 4 !== 0) return null;
  const out = backend.makeOutput(shape, 'float32');
  simd.columnSum(heapOffset(backend, x), heapOffset(backend, out), rows, columns * 4);
  return out;
}

/** x + b, or b + x, for b one row of x's last axis (4k floats); null for any other Add. */
function addBias(args: KernelArgs): tf.TensorInfo | null {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const [x, bias] = a.shape.length >= b.shape.length ? [a, b] : [b, a];
  const columns = x.shape[x.shape.length - 1];
  const isRow = bias.shape.length === 1 && x.shape.length >= 2 && bias.shape[0] === columns;
  if (!isRow || a.dtype !== 'float32' || b.dtype !== 'float32' || columns % 4 !== 0) return null;
  const backend = args.backend as unknown as WasmHeap;
  const simd = wasmSimd(backend);
  if (!simd) return null;
  const out = backend.makeOutput([...x.shape], 'float32');
  const rows = tf.util.sizeFromShape(x.shape) / columns;
  simd.addRows(heapOffset(backend, x), heapOffset(backend, bias), heapOffset(backend, out), rows, columns * 4);
  return out;
}

/** Replaces the backend's Sum and Add once (the originals run every other case); call before `setBackend('wasm')`. */
export function registerWasmBiasKernels(): void {
  replaceWasmKernel('Sum', sumLeading);
  replaceWasmKernel('Add', addBias);
}
