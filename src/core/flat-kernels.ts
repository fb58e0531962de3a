/**
 * The kernels TPGM's flat bookkeeping (tpgm/flat-layout.ts) and the flat SGD step (optim/sgd.ts) lean
 * on, made fast where tfjs's are not.
 * UnsortedSegmentSum on the CPU and WASM backends, a norm per unit over all projected tensors at once:
 *   out[s, j] = Σ_{i : ids[i] = s} x[i, j]        ids outside [0, numSegments) are dropped, as in TF
 * tfjs-backend-wasm 4.22 has no such kernel, and the CPU backend's runs four ops per segment over the
 * whole input (seconds for a 200k-value MLP with 400 units); this is one pass over x.
 * GatherV2 of a vector by a vector on WASM, each element's unit's ratio: out[i] = x[indices[i]]. The
 * backend's own took ~4 ms for cnn-small's 60k elements (a Node profile); every other gather, and
 * every gather on the other backends, runs the backend's own kernel.
 * SplitV of a vector on WASM, the projected vector back into its tensors: the backend's own slices
 * each part through a `readSync` of the whole input, a copy of all of it per part (out of a
 * SharedArrayBuffer in the threaded build): in the browser that made TPGM's step 1.75 × FT's instead
 * of 1.1 × (a worker CPU profile). Here each part is one copy of its own values.
 * WebGL and WebGPU keep their shader kernels throughout.
 */
import * as tf from '@tensorflow/tfjs';

type Values = Float32Array | Int32Array;

/** What a CPU-side backend offers a kernel (tfjs-backend-cpu's and tfjs-backend-wasm's, structurally). */
interface CpuBackend {
  readSync(dataId: tf.DataId): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Values): tf.TensorInfo;
}
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Values;
}

/** Sums the rows of `xs` (rows × inner) into `out` (numSegments × inner, zeroed first) by `ids`. */
function sumSegments(xs: ArrayLike<number>, ids: ArrayLike<number>, out: Values, inner: number): void {
  out.fill(0);
  const segments = out.length / Math.max(inner, 1);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= segments) continue;
    for (let j = 0, from = i * inner, to = s * inner; j < inner; j++) out[to + j] += xs[from + j];
  }
}

function geometry(args: { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap }) {
  const { x, segmentIds } = args.inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = (args.attrs as unknown as { numSegments: number }).numSegments;
  if (x.dtype !== 'float32' && x.dtype !== 'int32')
    throw new Error(`UnsortedSegmentSum sums float32 or int32, not ${x.dtype}`);
  const rows = tf.util.sizeFromShape(segmentIds.shape);
  const inner = rows === 0 ? 1 : tf.util.sizeFromShape(x.shape) / rows;
  const shape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  return { x, segmentIds, inner, shape, size: numSegments * inner };
}

const onCpu: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as CpuBackend;
  const { x, segmentIds, inner, shape, size } = geometry(args);
  const out = x.dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  sumSegments(backend.readSync(x.dataId) as Values, backend.readSync(segmentIds.dataId) as Int32Array, out, inner);
  return backend.makeTensorInfo(shape, x.dtype, out);
};

const onWasm: tf.KernelFunc = (args) => {
  const backend = args.backend as unknown as WasmBackend;
  const { x, segmentIds, inner, shape } = geometry(args);
  const out = backend.makeOutput(shape, x.dtype);
  sumSegments(
    backend.typedArrayFromHeap(x),
    backend.typedArrayFromHeap(segmentIds),
    backend.typedArrayFromHeap(out),
    inner,
  );
  return out;
};

/** x[indices] for a vector x and a vector of indices; null for any other gather. */
function gatherVector(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | null {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { batchDims } = args.attrs as unknown as { batchDims?: number };
  if (x.shape.length !== 1 || indices.shape.length !== 1 || (batchDims ?? 0) !== 0) return null;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
  const backend = args.backend as unknown as WasmBackend;
  const size = x.shape[0];
  // checked before the output is allocated, which nothing would free after a throw
  for (const k of backend.typedArrayFromHeap(indices)) {
    if (!(k >= 0 && k < size)) throw new Error(`GatherV2: index ${k} is not in [0, ${size - 1}]`);
  }
  const out = backend.makeOutput([indices.shape[0]], x.dtype);
  const xs = backend.typedArrayFromHeap(x); // views after makeOutput, which may grow the heap
  const at = backend.typedArrayFromHeap(indices);
  const values = backend.typedArrayFromHeap(out);
  for (let i = 0; i < at.length; i++) values[i] = xs[at[i]];
  return out;
}

/** The parts of a vector, each a copy of its own values; null for any other split. */
function splitVector(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo[] | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { numOrSizeSplits } = args.attrs as unknown as { numOrSizeSplits: number[] | number };
  if (x.shape.length !== 1 || (x.dtype !== 'float32' && x.dtype !== 'int32')) return null;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, 0);
  const backend = args.backend as unknown as WasmBackend;
  let at = 0;
  return sizes.map((size) => {
    const part = backend.makeOutput([size], x.dtype);
    // the heap view is taken after makeOutput, which may grow (and so replace) the heap
    backend.typedArrayFromHeap(part).set(backend.typedArrayFromHeap(x).subarray(at, at + size));
    at += size;
    return part;
  });
}

let registered = false;

/** Registers the kernels once (replacing the backends' own); cheap to call again. */
export function registerFlatKernels(): void {
  if (registered) return;
  registered = true;
  if (tf.getKernel('UnsortedSegmentSum', 'cpu')) tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'cpu', kernelFunc: onCpu });
  if (tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.unregisterKernel('UnsortedSegmentSum', 'wasm');
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: onWasm });
  const gather = tf.getKernel('GatherV2', 'wasm');
  if (gather) {
    tf.unregisterKernel('GatherV2', 'wasm');
    tf.registerKernel({ ...gather, kernelFunc: (args) => gatherVector(args) ?? gather.kernelFunc(args) });
  }
  const split = tf.getKernel('SplitV', 'wasm');
  if (split) {
    tf.unregisterKernel('SplitV', 'wasm');
    tf.registerKernel({ ...split, kernelFunc: (args) => splitVector(args) ?? split.kernelFunc(args) });
  }
}
