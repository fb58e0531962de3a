/** What our wasm kernels share: running another of the backend's kernels from inside a kernel. */
import * as tf from '@tensorflow/tfjs';

/** The arguments tfjs passes a kernel function. */
export type KernelArgs = { inputs: tf.NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown };

/** The attributes both convolution gradients take (and one shape each: the filter's or the input's). */
export type ConvGradAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/** Runs the wasm backend's kernel `name`; the caller owns (and disposes) the output. */
export function runWasmKernel(
  name: string,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, unknown>,
  backend: tf.KernelBackend,
): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend }) as tf.TensorInfo;
}

type Shape4 = [number, number, number, number];

/** The forward convolution's geometry (padding, strides) for an NHWC input of `xShape` and `filterShape`. */
export function convGeometry(xShape: Shape4, filterShape: Shape4, attrs: ConvGradAttrs): tf.backend_util.Conv2DInfo {
  const { strides, pad, dimRoundingMode } = attrs;
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** The backend's NHWC Conv2D at stride 1 with explicit spatial padding ([top, bottom], [left, right]). */
export function conv2dPadded(
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  rows: [number, number],
  cols: [number, number],
  dilations: number | [number, number],
  backend: tf.KernelBackend,
): tf.TensorInfo {
  const pad = [[0, 0], rows, cols, [0, 0]];
  return runWasmKernel('Conv2D', { x, filter }, { strides: 1, pad, dataFormat: 'NHWC', dilations }, backend);
}

const replaced = new Set<string>();

/**
 * Replaces the wasm backend's kernel `name` by `kernel`, which may hand a case back to the original
 * by returning null (the original is kept for that). Once per name: a second call does nothing, so
 * it is safe before every `setBackend('wasm')`.
 */
export function replaceWasmKernel(name: string, kernel: (args: KernelArgs) => tf.TensorInfo | null): void {
  if (replaced.has(name)) return;
  const original = tf.getKernel(name, 'wasm');
  if (!original) throw new Error(`the wasm backend has no ${name} kernel to replace`);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: (args) => kernel(args as KernelArgs) ?? original.kernelFunc(args) });
  replaced.add(name); // only once it is in place: a failed attempt can be repeated
}
