/**
 * Head replacement: the fine-tuning model is the pre-trained backbone with a new, randomly initialised
 * Dense head for the target classes (as the paper does on DomainNet). Glorot-uniform kernel from the
 * project's seeded RNG (tfjs initialisers draw from their own stream), zero bias, linear logits.
 */
import * as tf from '@tensorflow/tfjs';

import type { Rng } from '../rng';

/** Glorot-uniform values: U(−a, a), a = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng.next() - 1) * a;
  return values;
}

/**
 * A new LayersModel that takes over the backbone layers (and their weights) of `model` and ends in a
 * fresh Dense(numClasses) head named `headName`. Consumes `model`: the old head's weights are freed, and
 * the old model must not be used or disposed afterwards (disposing the new one frees the backbone).
 */
export function replaceHead(model: tf.LayersModel, numClasses: number, rng: Rng, headName = 'head'): tf.LayersModel {
  if (!Number.isInteger(numClasses) || numClasses < 2) throw new Error(`a head needs ≥ 2 classes, got ${numClasses}`);
  const oldHead = model.layers[model.layers.length - 1];
  if (oldHead === undefined || oldHead.getClassName() !== 'Dense') {
    throw new Error(`the model's last layer must be a Dense head to replace, got ${oldHead?.getClassName() ?? 'none'}`);
  }
  const features = oldHead.input;
  if (Array.isArray(features)) throw new Error('the head must have one input');
  const fanIn = features.shape[features.shape.length - 1];
  if (fanIn === null) throw new Error('the head input must have a known feature size');
  const head = tf.layers.dense({ units: numClasses, name: headName });
  const logits = head.apply(features) as tf.SymbolicTensor;
  const next = tf.model({ inputs: model.inputs, outputs: logits, name: model.name });
  const kernel = tf.tensor2d(glorotUniform(fanIn, numClasses, rng), [fanIn, numClasses]);
  const bias = tf.zeros([numClasses]);
  head.setWeights([kernel, bias]);
  kernel.dispose();
  bias.dispose();
  oldHead.dispose();
  return next;
}
