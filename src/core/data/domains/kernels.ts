/**
 * Small filters shared by the domains, with mirror padding so that a constant image stays constant
 * (no false edges or dark rims at the border).
 */
import * as tf from '@tensorflow/tfjs';

/** Normalised 1-D Gaussian of standard deviation `sigma` pixels, radius ⌈3σ⌉. */
export function gaussian1d(sigma: number): number[] {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const w = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / sum);
}

/** Same-size 2-D filtering of every channel with `kernel` [kh, kw], mirror-padded. x: [B, H, W, C]. */
export function filterChannels(x: tf.Tensor4D, kernel: number[][]): tf.Tensor4D {
  return tf.tidy(() => {
    const kh = kernel.length;
    const kw = kernel[0].length;
    const channels = x.shape[3];
    const padded = tf.mirrorPad(
      x,
      [
        [0, 0],
        [(kh - 1) / 2, (kh - 1) / 2],
        [(kw - 1) / 2, (kw - 1) / 2],
        [0, 0],
      ],
      'symmetric',
    );
    // [kh, kw] -> [kh, kw, C, 1]: the same filter for every channel
    const k = tf.tile(tf.reshape(tf.tensor2d(kernel), [kh, kw, 1, 1]), [1, 1, channels, 1]) as tf.Tensor4D;
    return tf.depthwiseConv2d(padded, k, 1, 'valid');
  });
}
