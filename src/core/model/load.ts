/**
 * Checking a loaded tfjs LayersModel (shipped or the user's) before it is fine-tuned on a dataset:
 * its input must take the dataset's images, it must have trainable weights, and it must end in a
 * Dense head, which is then replaced by a fresh one for the dataset's classes (head.ts).
 */
import type * as tf from '@tensorflow/tfjs';

import type { Rng } from '../rng';
import { replaceHead } from './head';

/** What is wrong with `model` for images of `imageShape` ([H, W, C]); empty when it fits. */
export function modelProblems(model: tf.LayersModel, imageShape: readonly number[]): string[] {
  const problems: string[] = [];
  if (model.inputs.length !== 1)
    problems.push(`the model has ${model.inputs.length} inputs; one image input is needed`);
  const input = model.inputs[0]?.shape.slice(1) ?? [];
  const fits = input.length === imageShape.length && input.every((d, i) => d === null || d === imageShape[i]);
  if (!fits) {
    problems.push(
      `the model takes inputs of shape [${input.map((d) => d ?? '?').join(', ')}] but the dataset's images are [${imageShape.join(', ')}]`,
    );
  }
  if (model.outputs.length !== 1) problems.push(`the model has ${model.outputs.length} outputs; one is needed`);
  if (model.trainableWeights.length === 0) problems.push('the model has no trainable weights');
  const last = model.layers[model.layers.length - 1];
  if (last === undefined || last.getClassName() !== 'Dense') {
    problems.push(`the model must end in a Dense layer (its head), not ${last?.getClassName() ?? 'nothing'}`);
  }
  return problems;
}

/**
 * The model, checked, with a fresh seeded head for `numClasses`. Consumes `model`; throws with every
 * problem listed (and disposes the model) when it does not fit the dataset.
 */
export function prepareForDataset(
  model: tf.LayersModel,
  imageShape: readonly number[],
  numClasses: number,
  rng: Rng,
): tf.LayersModel {
  const problems = modelProblems(model, imageShape);
  if (problems.length > 0) {
    model.dispose();
    throw new Error(problems.join('; '));
  }
  return replaceHead(model, numClasses, rng);
}
