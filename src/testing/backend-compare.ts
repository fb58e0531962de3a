/** Comparing a computation across tfjs backends (our wasm kernels against the CPU backend). */
import * as tf from '@tensorflow/tfjs';

/** Runs `f` on `backend` and returns its result's values. */
export async function valuesOn(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

/** max |a − e| / max |e|. */
export function maxRelError(a: Float32Array, e: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    num = Math.max(num, Math.abs(a[i] - e[i]));
    den = Math.max(den, Math.abs(e[i]));
  }
  return num / den;
}
