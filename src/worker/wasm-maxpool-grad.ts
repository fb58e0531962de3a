/**
 * A faster MaxPoolGrad for tfjs-backend-wasm 4.22, whose own kernel took ~10 of the ~56 ms of a cnn-small
 * training step at batch 32 (a Node profile). The gradient goes to the first maximum of each window, as
 * on the CPU backend (tfjs-backend-cpu's maxPoolPositions: strictly greater replaces, padding never wins):
 *   dx[n, h, w, c] = Σ_{windows (oh, ow) whose first max is (h, w)} dy[n, oh, ow, c]
 * One pass over the windows in the backend's own memory: find the max, add dy there.
 * Each window's positions are found once, not once per channel: 1.40 → 1.29 ms for [32, 14, 14, 32]
 * (Node, quiet machine); a JS loop over 200k values does not go much below ~0.9 ms.
 * The common case, a 2 × 2 pool at stride 2 without padding over a multiple of 4 channels (every pool
 * of the shipped models), runs as our SIMD loop on the heap (wasm-simd.wat): 2.15 → ~0.3 ms for
 * [32, 28, 28, 16] (Node, one thread; `npm run bench:kernels` has the figures).
 */
import * as tf from '@tensorflow/tfjs';

import { replaceWasmKernel, type KernelArgs } from './wasm-kernel';
import { heapOffset, wasmSimd } from './wasm-simd';

type Inputs = { dy: tf.TensorInfo; input: tf.TensorInfo };
type Attrs = {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};
/** What a kernel needs of BackendWasm: a fresh output and a view of a tensor in the wasm heap. */
type WasmHeap = {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
};

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const { dy, input } = args.inputs as Inputs;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as Attrs;
  const backend = args.backend as unknown as WasmHeap;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const dx = backend.makeOutput([...input.shape], 'float32');
  if (poolGrad2x2(info, dy, input, dx, args.backend)) return dx;
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  const rowStride = inWidth * C;
  const imageStride = inHeight * rowStride;
  // a window's positions inside the input, in the CPU backend's order (row by row): found once per
  // window, not once per channel, so the channel loop runs without bounds checks
  const at = new Int32Array(Math.ceil(fh / dh) * Math.ceil(fw / dw));
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - top;
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - left;
        let k = 0;
        for (let kh = 0; kh < fh; kh += dh) {
          const h = h0 + kh;
          if (h < 0 || h >= inHeight) continue;
          for (let kw = 0; kw < fw; kw += dw) {
            const w = w0 + kw;
            if (w >= 0 && w < inWidth) at[k++] = n * imageStride + h * rowStride + w * C;
          }
        }
        if (k === 0) continue;
        const gAt = ((n * outHeight + oh) * outWidth + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -1;
          let max = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < k; i++) {
            const v = x[at[i] + c];
            // strictly greater: the first maximum wins ties, and a window of NaN or −∞ passes nothing on
            if (v > max) {
              max = v;
              best = at[i] + c;
            }
          }
          if (best >= 0) out[best] += g[gAt + c];
        }
      }
    }
  }
  return dx;
}

/**
 * The 2 × 2, stride-2, unpadded pool over 4k channels, as our SIMD loop, one image at a time; false
 * (nothing written) for any other pool, or where the loop cannot run.
 */
function poolGrad2x2(
  info: tf.backend_util.Conv2DInfo,
  dy: tf.TensorInfo,
  input: tf.TensorInfo,
  dx: tf.TensorInfo,
  backend: unknown,
): boolean {
  const { batchSize, inHeight, inWidth, inChannels: C, outHeight, outWidth, padInfo } = info;
  const windows2x2 =
    info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2;
  const dilated = info.dilationHeight !== 1 || info.dilationWidth !== 1;
  // every window inside the input (an odd last row or column is left out of all windows, not padded)
  const inside = padInfo.top === 0 && padInfo.left === 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth;
  if (!windows2x2 || dilated || !inside || C % 4 !== 0 || dy.dtype !== 'float32' || input.dtype !== 'float32') {
    return false;
  }
  const simd = wasmSimd(backend);
  if (!simd) return false;
  if (2 * outHeight < inHeight || 2 * outWidth < inWidth) {
    (backend as WasmHeap).typedArrayFromHeap(dx).fill(0); // the values no window covers
  }
  const [x0, dy0, dx0] = [heapOffset(backend, input), heapOffset(backend, dy), heapOffset(backend, dx)];
  const pixel = C * 4;
  const row = inWidth * pixel;
  for (let n = 0; n < batchSize; n++) {
    const image = n * inHeight * row;
    const grads = n * outHeight * outWidth * pixel;
    simd.maxPoolGrad2x2(x0 + image, dy0 + grads, dx0 + image, outHeight, outWidth, pixel, row);
  }
  return true;
}

/** Replaces the backend's kernel once; call before `setBackend('wasm')`. */
export function registerWasmMaxPoolGrad(): void {
  replaceWasmKernel('MaxPoolGrad', maxPoolGrad);
}
