import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { createRng } from '../rng';
import { buildArchitecture } from './architectures';
import { modelProblems, prepareForDataset } from './load';

const mnist = [28, 28, 1];

describe('checking a model for a dataset', () => {
  it('accepts a zoo network and gives it a fresh head for the classes', () => {
    const model = buildArchitecture('mlp', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(1));
    expect(modelProblems(model, mnist)).toEqual([]);
    const before = model.layers.slice(0, -1).flatMap((l) => l.getWeights().map((w) => w.arraySync()));
    const ready = prepareForDataset(model, mnist, 4, createRng(2));
    expect(ready.outputs[0].shape).toEqual([null, 4]);
    const after = ready.layers.slice(0, -1).flatMap((l) => l.getWeights().map((w) => w.arraySync()));
    expect(after).toEqual(before); // the backbone is untouched
    ready.dispose();
  });

  it('lists every problem: input shape, missing Dense head, no trainable weights', () => {
    const input = tf.input({ shape: [32, 32, 3] });
    const out = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const problems = modelProblems(model, mnist);
    expect(problems).toEqual([
      "the model takes inputs of shape [32, 32, 3] but the dataset's images are [28, 28, 1]",
      'the model has no trainable weights',
      'the model must end in a Dense layer (its head), not GlobalAveragePooling2D',
    ]);
    expect(() => prepareForDataset(model, mnist, 10, createRng(0))).toThrow(/inputs of shape \[32, 32, 3\]/);
  });

  it('accepts unknown (null) dimensions in the input shape', () => {
    const input = tf.input({ shape: [null, null, 1] });
    const pooled = tf.layers.globalAveragePooling2d({}).apply(input) as tf.SymbolicTensor;
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 3 }).apply(pooled) as tf.SymbolicTensor,
    });
    expect(modelProblems(model, mnist)).toEqual([]);
    model.dispose();
  });
});
