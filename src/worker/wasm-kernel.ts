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
