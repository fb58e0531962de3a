/**
 * Measurements of a model: accuracy and loss on a labelled set, and per-layer statistics — radius γ,
 * deviation ‖θ − θ0‖₂, its ratio to ‖θ0‖₂, the mean projection ratio r, and the drift the step wanted
 * before the projection (‖θ̃ − θ0‖). Each function does its
 * work on the device and reads back once per call (`await data()`); the worker packs them into one read.
 */
import * as tf from '@tensorflow/tfjs';

import type { LabelledSet } from './data/labelled-set';
import { crossEntropy, numCorrect } from './losses';
import type { RadiusView } from './methods/method';
import type { Param, TunableModel } from './model/tunable-model';
import type { LayerStat } from './spec/layer-stat';
import { deviationNorm } from './tpgm/norms';

export interface Evaluation {
  /** Top-1 accuracy in [0, 1]. */
  accuracy: number;
  /** Mean cross-entropy (nats). */
  loss: number;
  count: number;
}

/**
 * [Σ correct, Σ loss] over `set` in inference mode, in batches, left on the device (the caller owns it);
 * with `numClasses`, followed by the confusion counts, row-major [true class][predicted class] (C² more
 * values, summed on the device: onehot(y)ᵀ · onehot(argmax z) per batch), so a final evaluation gives
 * the per-class errors in the same single read-back. With `predictions`, followed by the predicted class
 * of every image in order (n more values: argmax z, which the confusion counts already compute), so the
 * images behind each confusion cell can be found later without running the model again.
 */
export function evaluationTotals(
  model: TunableModel,
  set: LabelledSet,
  batchSize = 256,
  numClasses: number | null = null,
  predictions = false,
): tf.Tensor1D {
  const n = set.y.shape[0];
  let totals: tf.Tensor1D = tf.zeros([2 + (numClasses === null ? 0 : numClasses * numClasses)]);
  const predicted: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const next = tf.tidy(() => {
        const x = tf.slice(set.x, start, size);
        const y = tf.slice(set.y, start, size);
        const logits = model.forward(x, 'inference');
        const parts: tf.Tensor1D[] = [
          tf.stack([tf.cast(numCorrect(logits, y), 'float32'), tf.mul(crossEntropy(logits, y), size)]) as tf.Tensor1D,
        ];
        const classes = predictions || numClasses !== null ? tf.argMax(logits, 1) : null; // not in live evaluations
        if (classes && predictions) predicted.push(tf.keep(tf.cast(classes as tf.Tensor1D, 'float32')));
        if (classes && numClasses !== null) {
          const truth = tf.oneHot(tf.cast(y, 'int32'), numClasses).toFloat();
          const guessed = tf.oneHot(classes, numClasses).toFloat();
          parts.push(tf.reshape<tf.Rank.R1>(tf.matMul(truth, guessed, true, false), [-1]));
        }
        return tf.add<tf.Tensor1D>(totals, parts.length === 1 ? parts[0] : tf.concat(parts));
      });
      totals.dispose();
      totals = next;
    }
  } catch (err) {
    tf.dispose([totals, ...predicted]); // nothing of a failed evaluation is left on the device
    throw err;
  }
  if (!predictions) return totals;
  const all = tf.concat([totals, ...predicted]);
  tf.dispose([totals, ...predicted]);
  return all;
}

/** The confusion counts `values[at …]` as rows [true class][predicted class]. */
export function confusionFrom(values: ArrayLike<number>, at: number, numClasses: number): number[][] {
  return Array.from({ length: numClasses }, (_, t) =>
    Array.from({ length: numClasses }, (_, p) => values[at + t * numClasses + p]),
  );
}

/** Accuracy and mean loss from `[Σ correct, Σ loss]` of `count` examples. */
export function evaluationFrom(correct: number, lossSum: number, count: number): Evaluation {
  return { accuracy: correct / count, loss: lossSum / count, count };
}

/** Accuracy and mean loss over `set`, in inference mode, in batches of `batchSize`; one readback. */
export async function evaluate(model: TunableModel, set: LabelledSet, batchSize = 256): Promise<Evaluation> {
  const totals = evaluationTotals(model, set, batchSize);
  const values = await totals.data(); // the one readback
  totals.dispose();
  return evaluationFrom(values[0], values[1], set.y.shape[0]);
}

/** Per-tensor statistics packed in one vector on the device (decode with `decodeLayerStats`). */
export function layerStatsTensor(model: TunableModel, radii: RadiusView | null): tf.Tensor1D {
  return tf.tidy(() => {
    const norms = model.params.map((p) => tf.stack([tf.norm(tf.sub(p.variable, p.anchor)), tf.norm(p.anchor)]));
    const rows = [tf.reshape(tf.stack(norms), [-1])]; // [P, 2] -> [2P]
    if (radii) {
      const gamma = radii.radii;
      rows.push(gamma instanceof tf.Tensor ? gamma : tf.stack(gamma.map((r) => tf.reshape(r, []))));
      rows.push(radii.meanRatios ?? tf.fill([radii.params.length], Number.NaN));
      rows.push(tf.stack(radii.params.map((p) => tf.max(deviationNorm(tf.sub(p.variable, p.anchor), radii.norm)))));
      rows.push(radii.wanted?.() ?? tf.fill([2 * radii.params.length], Number.NaN));
    }
    return tf.concat(rows) as tf.Tensor1D;
  });
}

/** The LayerStats of `layerStatsTensor`'s values. */
export function decodeLayerStats(
  model: TunableModel,
  radii: RadiusView | null,
  values: ArrayLike<number>,
): LayerStat[] {
  const params: readonly Param[] = model.params;
  const radiusIndex = new Map(radii?.params.map((p, i) => [p, i]) ?? []);
  const numRadii = radii?.params.length ?? 0;
  return params.map((p, i) => {
    const deviation = values[2 * i];
    const anchorNorm = values[2 * i + 1];
    const j = radiusIndex.get(p);
    const ratio = j === undefined ? null : values[2 * params.length + numRadii + j];
    const wanted = (k: 0 | 1): number | null => {
      const v = j === undefined ? Number.NaN : values[2 * params.length + 3 * numRadii + 2 * j + k];
      return Number.isNaN(v) ? null : v;
    };
    return {
      name: p.name,
      isHead: p.isHead,
      deviation,
      anchorNorm,
      relativeDeviation: anchorNorm > 0 ? deviation / anchorNorm : deviation > 0 ? Number.POSITIVE_INFINITY : 0,
      radius: j === undefined ? null : values[2 * params.length + j],
      boundedDeviation: j === undefined ? null : values[2 * params.length + 2 * numRadii + j],
      projectionRatio: ratio === null || Number.isNaN(ratio) ? null : ratio,
      wantedDeviation: wanted(0),
      wantedBoundedDeviation: wanted(1),
    };
  });
}

/** Per-tensor statistics for every trainable tensor of `model`, with radii where `radii` has them; one readback. */
export async function layerStats(model: TunableModel, radii: RadiusView | null): Promise<LayerStat[]> {
  const packed = layerStatsTensor(model, radii);
  const values = await packed.data(); // the one readback
  packed.dispose();
  return decodeLayerStats(model, radii, values);
}
