/**
 * The one kernel tfjs-backend-wasm 4.22 lacks for training convolutions: Conv2DBackpropFilter.
 * Two routes: our SIMD tiles (filterGradSimd, below) wherever C_out is a multiple of 4, and otherwise
 * the backend's own XNNPACK Conv2D, since the gradient is a convolution itself:
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
import { heapOffset, wasmSimd } from './wasm-simd';

type Inputs = { x: tf.TensorInfo; dy: tf.TensorInfo };
type Attrs = ConvGradAttrs & { filterShape: [number, number, number, number] };
type Shape4 = [number, number, number, number];
/** What the SIMD route needs of BackendWasm: a fresh output and a view of the heap. */
type WasmHeap = tf.KernelBackend & {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
};

function conv2dBackpropFilter(args: KernelArgs) {
  const { x, dy } = args.inputs as Inputs;
  const attrs = args.attrs as unknown as Attrs;
  const { dataFormat, filterShape } = attrs;
  const backend = args.backend as WasmHeap;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports NHWC only, not ${dataFormat}`);
  // the output's size is dy's: tfjs's conv2d gradient drops the forward's dimRoundingMode, so a geometry
  // computed from the attributes alone can be a row or column short of the dy it is given
  const info = {
    ...convGeometry(x.shape as Shape4, filterShape, attrs),
    outHeight: dy.shape[1],
    outWidth: dy.shape[2],
  };
  return filterGradSimd(x, dy, filterShape, info, backend) ?? filterGradXnnpack(x, dy, filterShape, info, backend);
}

/**
 * The forward convolution's padding, with rows below and columns right added where a 'ceil' or 'round'
 * dimRoundingMode gave an output whose window runs past the padded input: zeros there, as the CPU
 * backend reads them (it skips them), so that every window lies inside the padded input in both routes.
 */
function windowPadding(info: tf.backend_util.Conv2DInfo, x: Shape4, kh: number, kw: number) {
  const { top, bottom, left, right } = info.padInfo;
  const past = (stride: number, out: number, k: number, size: number) => Math.max(0, stride * (out - 1) + k - size);
  return {
    top,
    bottom: bottom + past(info.strideHeight, info.outHeight, kh, x[1] + top + bottom),
    left,
    right: right + past(info.strideWidth, info.outWidth, kw, x[2] + left + right),
  };
}

/**
 * dW as GEMMs of our SIMD loops, with no transpose and no packing. For one filter row kh, the
 * KW·C_in values a pixel (oh, ow) meets are consecutive in the zero-padded input xp (the row
 * s·oh + kh from column s·ow on), so
 *   dW[kh] as [KW·C_in, C_out] = Σ_{n,oh,ow} xp[n, s·oh + kh, s·ow : s·ow + KW, :] ⊗ dy[n, oh, ow, :]
 * in tiles of 4 × 8 (see wasm-simd.wat), each summed over the pixels in order. Null where it does not
 * apply (C_out not a multiple of 4, not float32, no SIMD). cnn-small at batch 32 in Node, one thread:
 * 12.4 → 7.2 ms for its four filter gradients (conv1 2.2 → 0.6: the route above packs a 28 × 28
 * "filter" for 9 outputs), step 32 → 28 ms. Tiles of 6 × 8 were slower (9.9 ms: 15 vectors live, V8
 * spills). Single-threaded, unlike XNNPACK: it is kept at every thread count all the same, so that a
 * run's numbers do not depend on the threads (one thread's losses equal two threads', to the bit).
 */
export function filterGradSimd(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  filterShape: Shape4,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmHeap,
): tf.TensorInfo | null {
  const [kh, kw, ci, co] = filterShape;
  const simd = wasmSimd(backend);
  if (!simd || co % 4 !== 0 || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const { top, bottom, left, right } = windowPadding(info, x.shape as Shape4, kh, kw);
  const paddings = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const padded =
    top + bottom + left + right > 0 ? runWasmKernel('PadV2', { x }, { paddings, constantValue: 0 }, backend) : x;
  try {
    const [images, hp, wp] = padded.shape;
    const { outHeight, outWidth, strideHeight, strideWidth } = info;
    const m = kw * ci;
    const [pixel, row] = [ci * 4, wp * ci * 4];
    const x0 = heapOffset(backend, padded);
    // the last tile of a filter row reads up to 3 floats past the row's last: past the input's end too
    // (it is dropped), which must stay inside the heap
    const lastPixel = ((images - 1) * hp + strideHeight * (outHeight - 1) + kh - 1) * wp + strideWidth * (outWidth - 1);
    const end = x0 + (lastPixel * ci + Math.ceil(m / 4) * 4) * 4;
    if (end > backend.typedArrayFromHeap(padded).buffer.byteLength) return null;
    const dW = backend.makeOutput([kh, kw, ci, co], 'float32');
    const [dy0, dw0] = [heapOffset(backend, dy), heapOffset(backend, dW)];
    const walk = [images, outHeight, outWidth, hp * row, row * strideHeight, pixel * strideWidth] as const;
    for (let t = 0; t < kh; t++) {
      for (let m0 = 0; m0 < m; m0 += 4) {
        for (let c0 = 0; c0 < co; c0 += 8) {
          const tile = co - c0 >= 8 ? simd.filterGradTile4x8 : simd.filterGradTile4x4;
          const out = dw0 + ((t * m + m0) * co + c0) * 4;
          tile(x0 + t * row + m0 * 4, dy0 + c0 * 4, out, Math.min(4, m - m0), ...walk, co * 4, co * 4);
        }
      }
    }
    return dW;
  } finally {
    if (padded !== x) backend.disposeData(padded.dataId);
  }
}

/** dW as one XNNPACK convolution of the transposed input with the transposed dy (see the top). */
export function filterGradXnnpack(
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  filterShape: Shape4,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmHeap,
): tf.TensorInfo {
  const [kh, kw, ci, co] = filterShape;
  const { top, bottom, left, right } = windowPadding(info, x.shape as Shape4, kh, kw);
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
