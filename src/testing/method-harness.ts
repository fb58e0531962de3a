/**
 * Helpers for the per-method tests: a tiny dense network whose every number can be followed by hand,
 * full-batch plain-SGD configs (the batch is the whole set, so the batch order cannot matter), the
 * cross-entropy gradient at the current weights, and weights as plain arrays.
 */
import * as tf from '@tensorflow/tfjs';

import type { LabelledSet } from '../core/data/labelled-set';
import { crossEntropy } from '../core/losses';
import type { RadiusView } from '../core/methods/method';
import type { ForwardMode, Param, TunableModel } from '../core/model/tunable-model';
import { DEFAULT_CONFIG, type MethodId, type TrainConfig } from '../core/spec/config';
import { BARS_CLASSES, BARS_SIZE } from './synthetic';

/** flatten [8, 8, 1] → fc1 (6, ReLU) → fc2 (5, ReLU) → head (4): three blocks, seeded. */
export function tinyDenseNet(seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 10 + k });
  const input = tf.input({ shape: [BARS_SIZE, BARS_SIZE, 1] });
  let h = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
  h = tf.layers
    .dense({ name: 'fc1', units: 6, activation: 'relu', kernelInitializer: init(1), biasInitializer: init(4) })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .dense({ name: 'fc2', units: 5, activation: 'relu', kernelInitializer: init(2), biasInitializer: init(5) })
    .apply(h) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ name: 'head', units: BARS_CLASSES, kernelInitializer: init(3) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: logits });
}

/** `method` with plain full-batch SGD (no momentum, no decay, constant lr) over `steps` steps. */
export function plainConfig(
  method: MethodId,
  steps: number,
  batchSize: number,
  patch: Partial<TrainConfig> = {},
): TrainConfig {
  return {
    ...DEFAULT_CONFIG,
    method,
    steps,
    batchSize,
    schedule: 'constant',
    optimizer: { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: false, weightDecay: 0 },
    ...patch,
  };
}

/** ∂CE/∂θ over the whole set at the current weights, one flat array per param. */
export function ceGrads(
  model: TunableModel,
  data: LabelledSet,
  params: readonly Param[],
  mode: ForwardMode = 'train',
): number[][] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(
      () => crossEntropy(model.forward(data.x, mode), data.y as tf.Tensor1D),
      params.map((p) => p.variable),
    );
    return params.map((p) => Array.from((grads[p.variable.name] ?? tf.zerosLike(p.variable)).dataSync()));
  });
}

export const flat = (t: tf.Tensor): number[] => Array.from(t.dataSync());
export const weightsOf = (params: readonly Param[]): number[][] => params.map((p) => flat(p.variable));
export const anchorsOf = (params: readonly Param[]): number[][] => params.map((p) => flat(p.anchor));

/**
 * MARS norm of a flat tensor with `shape` (TF.js layout, output units on the last axis): one L1 norm per
 * output unit, or the whole-vector L1 for 1-D tensors.
 */
export function unitL1(values: readonly number[], shape: readonly number[]): number[] {
  if (shape.length <= 1) return [values.reduce((s, v) => s + Math.abs(v), 0)];
  const units = shape[shape.length - 1];
  const n = new Array<number>(units).fill(0);
  values.forEach((v, i) => (n[i % units] += Math.abs(v)));
  return n;
}

/** The unit index of each element (for broadcasting a per-unit value back). */
export const unitOf = (i: number, shape: readonly number[]): number =>
  shape.length <= 1 ? 0 : i % shape[shape.length - 1];

/** The largest element-wise difference between two lists of flat arrays. */
export function maxAbsDiff(actual: readonly number[][], expected: readonly number[][]): number {
  let worst = 0;
  actual.forEach((a, i) => a.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected[i][j])))));
  return worst;
}

/** The radii a method's view shows, as numbers in `params` order (a vector [P] or a scalar each). */
export function radiiOf(view: RadiusView | null): number[] {
  if (!view) return [];
  const r = view.radii;
  return r instanceof tf.Tensor ? Array.from(r.dataSync()) : r.map((x) => x.dataSync()[0]);
}
