/**
 * The one kernel tfjs-backend-wasm 4.22 lacks for training convolutions: Conv2DBackpropFilter.
 * It is a convolution itself, so it runs on the backend's own XNNPACK Conv2D:
 *   dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, s·oh + kh − top, s·ow + kw − left, ci] · dy[n,oh,ow,co]
 * is the convolution of xᵀ = x[ci,h,w,n] (batch ci, channels n) with the filter dyᵀ = dy[oh,ow,n,co],
 * dilated by the forward stride s, cropped to kh×kw and transposed back to [kh,kw,ci,co].
 * Tried and measured slower (2026-12-03, cnn-small at batch 32 in Node): im2col in JS and one XNNPACK
 * matrix product, δᵀ · patches or patchesᵀ · δ. The backend packs a product's second operand afresh on
 * every call (it caches packing by tensor, for weights), and with transposeA it leaves XNNPACK, so every
 * arrangement took longer than this route (conv4: 5.7–13.8 ms against 5.1; conv2: 5.1–6.9 against 3.0).
 */
import * as tf from '@tensorflow/tfjs';

import { conv2dPadded, convGeometry, runWasmKernel, type ConvGradAttrs, type KernelArgs } from './wasm-kernel';

type Inputs = { x: tf.TensorInfo; dy: tf.TensorInfo };
type Attrs = ConvGradAttrs & { filterShape: [number, number, number, number] };

function conv2dBackpropFilter(args: KernelArgs) {
  const { x, dy } = args.inputs as Inputs;
  const attrs = args.attrs as unknown as Attrs;
  const { dataFormat, filterShape } = attrs;
  const backend = args.backend as tf.KernelBackend;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, not ${dataFormat}`);
  const info = convGeometry(x.shape as [number, number, number, number], filterShape, attrs);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw, ci, co] = filterShape;
  const xT = runWasmKernel('Transpose', { x }, { perm: [3, 1, 2, 0] }, backend);
  const dyT = runWasmKernel('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, backend);
  const full = conv2dPadded(xT, dyT, [top, bottom], [left, right], [info.strideHeight, info.strideWidth], backend);
  const cropped = runWasmKernel('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] }, backend);
  const dW = runWasmKernel('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] }, backend);
  for (const t of [xT, dyT, full, cropped]) backend.disposeData(t.dataId);
  return dW;
}

let registered = false;

/** Registers the kernel once; safe to call before every `setBackend('wasm')`. */
export function registerWasmFilterGrad(): void {
  if (registered || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilter });
  registered = true;
}
