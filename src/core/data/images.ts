/**
 * From a Dataset's uint8 bytes to device tensors: x = pixels / 255 as float32 [n, H, W, C],
 * y = int32 labels [n]. The one place images cross from JS memory to the tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';

import type { Dataset } from './dataset-loader';
import type { LabelledSet } from './labelled-set';

/** Pixels of the images at `indices`, in [0, 1]: [n, H, W, C]. */
export function imagesTensor(dataset: Dataset, indices: ArrayLike<number>): tf.Tensor4D {
  const [h, w, c] = dataset.meta.imageShape;
  const size = h * w * c;
  const values = new Float32Array(indices.length * size);
  for (let k = 0; k < indices.length; k++) {
    const src = dataset.images.subarray(indices[k] * size, (indices[k] + 1) * size);
    for (let p = 0; p < size; p++) values[k * size + p] = src[p] / 255;
  }
  return tf.tensor4d(values, [indices.length, h, w, c]);
}

/** The labelled set of the images at `indices`; the caller owns the tensors. */
export function labelledSet(dataset: Dataset, indices: ArrayLike<number>): LabelledSet {
  const labels = Int32Array.from({ length: indices.length }, (_, k) => dataset.labels[indices[k]]);
  return {
    x: imagesTensor(dataset, indices),
    y: tf.tensor1d(labels, 'int32'),
    numClasses: dataset.meta.classes.length,
  };
}
