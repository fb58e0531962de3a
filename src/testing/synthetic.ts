/**
 * Small synthetic vision tasks and tiny models for Node tests: oriented bars on an 8×8 canvas
 * (4 classes: horizontal, vertical, diagonal, anti-diagonal) at random positions with Gaussian noise.
 * Seeded end to end, so a test that trains on them is reproducible.
 */
import * as tf from '@tensorflow/tfjs';

import type { LabelledSet } from '../core/data/labelled-set';
import { createRng, type Rng } from '../core/rng';

export const BARS_SIZE = 8;
export const BARS_CLASSES = 4;

function drawBar(img: Float32Array, cls: number, rng: Rng): void {
  const s = BARS_SIZE;
  const len = 5;
  const r0 = rng.int(s - len + 1);
  const c0 = rng.int(s - len + 1);
  const fixed = rng.int(s);
  for (let k = 0; k < len; k++) {
    const [r, c] =
      cls === 0
        ? [fixed, c0 + k]
        : cls === 1
          ? [r0 + k, fixed]
          : cls === 2
            ? [r0 + k, c0 + k]
            : [r0 + k, c0 + len - 1 - k];
    img[r * s + c] = 1;
  }
}

/** `n` bar images [n, 8, 8, 1] with labels; `noise` is the Gaussian σ added to every pixel. */
export function makeBars(n: number, seed: number, noise = 0.2): LabelledSet {
  const rng = createRng(seed);
  const pixels = new Float32Array(n * BARS_SIZE * BARS_SIZE);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % BARS_CLASSES;
    labels[i] = cls;
    const img = pixels.subarray(i * BARS_SIZE * BARS_SIZE, (i + 1) * BARS_SIZE * BARS_SIZE);
    drawBar(img, cls, rng);
    for (let p = 0; p < img.length; p++) img[p] += noise * rng.normal();
  }
  return {
    x: tf.tensor4d(pixels, [n, BARS_SIZE, BARS_SIZE, 1]),
    y: tf.tensor1d(labels, 'int32'),
    numClasses: BARS_CLASSES,
  };
}

/**
 * conv3×3(4) → ReLU → maxpool → conv3×3(8) → ReLU → GAP → dense head; seeded initialisation.
 * Kept this small because tfjs' CPU Conv2DBackpropFilter is slow (~200 ns per multiply-add).
 */
export function tinyConvNet(seed: number, numClasses = BARS_CLASSES, batchNorm = false): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 10 + k });
  const input = tf.input({ shape: [BARS_SIZE, BARS_SIZE, 1] });
  let h = tf.layers
    .conv2d({
      name: 'conv1',
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: batchNorm ? 'linear' : 'relu',
      kernelInitializer: init(1),
    })
    .apply(input) as tf.SymbolicTensor;
  if (batchNorm) {
    h = tf.layers.batchNormalization({ name: 'bn1' }).apply(h) as tf.SymbolicTensor;
    h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
  }
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .conv2d({
      name: 'conv2',
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: init(2),
    })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'fc', units: numClasses, kernelInitializer: init(3) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits });
}
