/**
 * Three kernels of tfjs-backend-wasm 4.22 that move data they need not move, replaced:
 * - Identity copied the whole tensor. The tape and tfjs-layers call it on every activation of a
 *   training step (a 100k-value copy after each of cnn-small's convolutions; ~2.7 ms of a ~50 ms step
 *   in a Node profile). Here it shares the data and counts one more reference, as Reshape on this
 *   backend and Identity on the CPU and WebGPU backends do; no wasm kernel writes into its inputs.
 * - Slice read the whole input out of the heap (`readSync`, a copy of all of it, from the
 *   SharedArrayBuffer in the threaded build) to copy out a part. Conv2DBackpropFilter crops through it
 *   every step. Here the part is copied straight from the heap, one contiguous run at a time:
 *     out[i₀, …, i_{r−1}] = x[b₀ + i₀, …, b_{r−1} + i_{r−1}]
 * - GatherV2 along the first axis (the batch sampler picks 32 images out of the training set every
 *   step) went element by element: 0.8 ms for 32 MNIST images (Node). Here each picked row is one copy:
 *     out[i, …] = x[indices[i], …]
 * Strings keep the backend's own kernels; so do gathers along other axes or with batch dimensions.
 */
import * as tf from '@tensorflow/tfjs';

import { replaceWasmKernel, type KernelArgs } from './wasm-kernel';

type Values = Float32Array | Int32Array | Uint8Array;
/** What these kernels need of BackendWasm. */
type WasmData = {
  incRef(dataId: tf.DataId): void;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Values;
};

function identity(args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') return null;
  (args.backend as WasmData).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * The slice `begin`, `size` of `x` (row-major `shape`) into `out`: the innermost axes that are taken
 * whole, with the first one that is not, form one contiguous run; the axes outside it are walked.
 */
export function copySlice(x: Values, shape: number[], begin: number[], size: number[], out: Values): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const strides = shape.map((_, a) => shape.slice(a + 1).reduce((p, n) => p * n, 1));
  let inner = rank - 1; // the axes after `inner` are taken whole, so from `inner` on a row is one run
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--;
  const run = size[inner] * strides[inner];
  const count = tf.util.sizeFromShape(size.slice(0, inner));
  const index = new Array<number>(inner).fill(0);
  for (let r = 0; r < count; r++) {
    let from = begin[inner] * strides[inner];
    for (let a = 0; a < inner; a++) from += (begin[a] + index[a]) * strides[a];
    out.set(x.subarray(from, from + run), r * run);
    for (let a = inner - 1; a >= 0 && ++index[a] === size[a]; a--) index[a] = 0; // last axis fastest
  }
}

function slice(args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { begin, size } = args.attrs as unknown as { begin: number | number[]; size?: number | number[] };
  if (x.dtype === 'string') return null;
  const [from, length] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
  const backend = args.backend as WasmData;
  const out = backend.makeOutput(length, x.dtype);
  if (tf.util.sizeFromShape(length) === 0) return out;
  // views are taken after makeOutput, which may grow (and so replace) the heap
  copySlice(backend.typedArrayFromHeap(x), x.shape, from, length, backend.typedArrayFromHeap(out));
  return out;
}

function gatherRows(args: KernelArgs): tf.TensorInfo | null {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
  if (x.dtype === 'string' || indices.dtype !== 'int32' || batchDims !== 0 || x.shape.length === 0) return null;
  if (tf.util.parseAxisParam(axis, x.shape)[0] !== 0) return null;
  const backend = args.backend as WasmData;
  const rows = x.shape[0];
  const row = tf.util.sizeFromShape(x.shape.slice(1));
  // as the CPU backend: an index outside the axis is an error, not a row of zeros; checked before
  // the output is allocated, which nothing would free after a throw
  for (const k of backend.typedArrayFromHeap(indices)) {
    if (!(k >= 0 && k < rows)) throw new Error(`GatherV2: the index value ${k} is not in [0, ${rows - 1}]`);
  }
  const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
  const picked = backend.typedArrayFromHeap(indices); // views after makeOutput, which may grow the heap
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  for (let i = 0; i < picked.length; i++) to.set(from.subarray(picked[i] * row, (picked[i] + 1) * row), i * row);
  return out;
}

/** Replaces the backend's Identity, Slice and GatherV2 once; call before `setBackend('wasm')`. */
export function registerWasmDataKernels(): void {
  replaceWasmKernel('Identity', identity);
  replaceWasmKernel('Slice', slice);
  replaceWasmKernel('GatherV2', gatherRows);
}
