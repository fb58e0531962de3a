/**
 * A faster Conv2DBackpropInput for tfjs-backend-wasm 4.22, whose own kernel is a plain loop outside
 * XNNPACK (measured: 54 of the 87 ms of a cnn-small training step at batch 32). At stride 1 the input
 * gradient is itself a convolution, so it runs on the backend's XNNPACK Conv2D:
 *   dx[n,h,w,ci] = Σ_{kh,kw,co} dy[n, h − kh + top, w − kw + left, co] · W[kh,kw,ci,co]
 * is dy convolved with W flipped in space and transposed to [kh,kw,co,ci], padded by k − 1 − pad.
 * Strided convolutions keep the backend's own kernel.
 */
import type * as tf from '@tensorflow/tfjs';

import {
  conv2dPadded,
  convGeometry,
  replaceWasmKernel,
  runWasmKernel,
  type ConvGradAttrs,
  type KernelArgs,
} from './wasm-kernel';

type Inputs = { dy: tf.TensorInfo; filter: tf.TensorInfo };
type Attrs = ConvGradAttrs & { inputShape: [number, number, number, number] };
/** The wasm backend's way to make a tensor from values inside a kernel (BackendWasm.makeOutput). */
type WasmOutputs = {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
};

function inputGradAsConv(args: KernelArgs): tf.TensorInfo | null {
  const { dy, filter } = args.inputs as Inputs;
  const attrs = args.attrs as unknown as Attrs;
  const { strides, dataFormat, inputShape } = attrs;
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  if (dataFormat !== 'NHWC' || sh !== 1 || sw !== 1) return null;
  const backend = args.backend as tf.KernelBackend;
  const [kh, kw] = filter.shape;
  const info = convGeometry(inputShape, filter.shape as [number, number, number, number], { ...attrs, strides: 1 });
  const { top, bottom, left, right } = info.padInfo;
  // an explicit pad beyond k − 1 would need a crop as well: leave it to the backend's kernel
  if (Math.max(top, bottom) > kh - 1 || Math.max(left, right) > kw - 1) return null;
  // W flipped in space is W's kh·kw positions in reverse order, W[k] → W[kk − 1 − k]: the product with the
  // anti-diagonal permutation matrix, exact (one 1 per row), and one XNNPACK matmul — wasm's Reverse and
  // Gather each took ~1 ms for a 3×3×64×64 filter, as long as the convolution itself
  const [, , ci, co] = filter.shape;
  const kk = kh * kw;
  const antiDiagonal = Float32Array.from({ length: kk * kk }, (_, i) =>
    Math.floor(i / kk) + (i % kk) === kk - 1 ? 1 : 0,
  );
  const permutation = (backend as unknown as WasmOutputs).makeOutput([1, kk, kk], 'float32', undefined, antiDiagonal);
  const positions = runWasmKernel('Reshape', { x: filter }, { shape: [1, kk, ci * co] }, backend);
  const flipped = runWasmKernel(
    'BatchMatMul',
    { a: permutation, b: positions },
    { transposeA: false, transposeB: false },
    backend,
  );
  const units = runWasmKernel('Reshape', { x: flipped }, { shape: [kk, ci, co] }, backend);
  const swapped = runWasmKernel('Transpose', { x: units }, { perm: [0, 2, 1] }, backend);
  const transposed = runWasmKernel('Reshape', { x: swapped }, { shape: [kh, kw, co, ci] }, backend);
  const dx = conv2dPadded(dy, transposed, [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], 1, backend);
  for (const t of [permutation, positions, flipped, units, swapped, transposed]) backend.disposeData(t.dataId);
  return dx;
}

/** Replaces the backend's kernel once (the original still runs strided convolutions); call before `setBackend('wasm')`. */
export function registerWasmInputGrad(): void {
  replaceWasmKernel('Conv2DBackpropInput', inputGradAsConv);
}
