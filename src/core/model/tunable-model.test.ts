import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';

import { tinyConvNet, makeBars } from '../../testing/synthetic';
import { createRng } from '../rng';
import { replaceHead } from './head';
import { TunableModel } from './tunable-model';

const live: TunableModel[] = [];
const wrap = (m: tf.LayersModel): TunableModel => {
  const t = new TunableModel(m);
  live.push(t);
  return t;
};
afterEach(() => {
  while (live.length) live.pop()?.dispose();
});

describe('TunableModel', () => {
  it('lists the trainable tensors under stable layer/weight names and finds the head by identity', () => {
    const model = wrap(tinyConvNet(1));
    expect(model.params.map((p) => p.name)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv2/kernel',
      'conv2/bias',
      'fc/kernel',
      'fc/bias',
    ]);
    expect(model.params.filter((p) => p.isHead).map((p) => p.name)).toEqual(['fc/kernel', 'fc/bias']);
    expect(model.head).toBe(model.model.layers[model.model.layers.length - 1]);
    // a second copy gets the same stable names though tfjs' variable names differ
    const again = wrap(tinyConvNet(1));
    expect(again.params.map((p) => p.name)).toEqual(model.params.map((p) => p.name));
    expect(again.params[0].variable.name).not.toBe(model.params[0].variable.name);
  });

  it('keeps θ0 frozen while the weights move, and can reset to it', () => {
    const model = wrap(tinyConvNet(2));
    const p = model.params[0];
    const before = Array.from(p.anchor.dataSync());
    p.variable.assign(tf.add(p.variable, 1));
    expect(Array.from(p.anchor.dataSync())).toEqual(before);
    model.resetToAnchor();
    expect(Array.from(p.variable.dataSync())).toEqual(before);
  });

  it('projects every tensor but the head by default, and honours exclusions by name', () => {
    const model = wrap(tinyConvNet(3));
    expect(model.projectedParams({ excludeHead: true, excluded: [] }).map((p) => p.name)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv2/kernel',
      'conv2/bias',
    ]);
    expect(model.projectedParams({ excludeHead: false, excluded: ['conv1/bias'] }).map((p) => p.name)).toContain(
      'fc/kernel',
    );
    expect(model.projectedParams({ excludeHead: true, excluded: ['conv1/bias'] }).map((p) => p.name)).not.toContain(
      'conv1/bias',
    );
    expect(() => model.projectedParams({ excludeHead: true, excluded: ['conv9/kernel'] })).toThrow(
      /unknown parameter "conv9\/kernel"/,
    );
  });

  it('refuses a model whose last layer is not a Dense head', () => {
    const input = tf.input({ shape: [4] });
    const m = tf.model({
      inputs: input,
      outputs: tf.layers.activation({ activation: 'softmax' }).apply(input) as tf.SymbolicTensor,
    });
    expect(() => new TunableModel(m)).toThrow(/last layer must be a Dense/);
    m.dispose();
  });

  it('replaces the head with a seeded random Dense head for N classes, keeping the backbone', () => {
    const base = tinyConvNet(4);
    const conv1Before = Array.from(base.layers[1].getWeights()[0].dataSync());
    const next = wrap(replaceHead(base, 7, createRng(9)));
    expect(next.numClasses).toBe(7);
    expect(next.param('head/kernel').variable.shape).toEqual([8, 7]);
    expect(Array.from(next.param('head/bias').variable.dataSync())).toEqual(new Array(7).fill(0));
    expect(Array.from(next.param('conv1/kernel').variable.dataSync())).toEqual(conv1Before);
    expect(next.params.filter((p) => p.isHead).map((p) => p.name)).toEqual(['head/kernel', 'head/bias']);
    // same seed, same head; another seed, another head
    const other = wrap(replaceHead(tinyConvNet(4), 7, createRng(9)));
    expect(Array.from(other.param('head/kernel').variable.dataSync())).toEqual(
      Array.from(next.param('head/kernel').variable.dataSync()),
    );
    const third = wrap(replaceHead(tinyConvNet(4), 7, createRng(10)));
    expect(Array.from(third.param('head/kernel').variable.dataSync())).not.toEqual(
      Array.from(next.param('head/kernel').variable.dataSync()),
    );
    const logits = tf.tidy(() => next.forward(tf.zeros([2, 8, 8, 1]), 'inference'));
    expect(logits.shape).toEqual([2, 7]);
    logits.dispose();
  });

  it('frees the old head and leaks nothing when the new model is disposed', () => {
    const before = tf.memory().numTensors;
    const m = new TunableModel(replaceHead(tinyConvNet(5), 3, createRng(1)));
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uses batch statistics in training mode and moving statistics in inference mode (BatchNorm)', () => {
    const model = wrap(tinyConvNet(6, 4, true));
    // BN gamma and beta are trainable tensors with their own names; moving statistics are not
    expect(model.params.map((p) => p.name)).toEqual(expect.arrayContaining(['bn1/gamma', 'bn1/beta']));
    expect(model.params.map((p) => p.name).some((n) => n.includes('moving'))).toBe(false);
    const bn = model.model.getLayer('bn1');
    const movingMean = (): number[] => Array.from(bn.getWeights()[2].dataSync());
    const data = makeBars(16, 1);
    const start = movingMean();
    tf.tidy(() => model.forward(data.x, 'inference'));
    expect(movingMean()).toEqual(start);
    const inf = tf.tidy(() => Array.from(model.forward(data.x, 'inference').dataSync()));
    const train = tf.tidy(() => Array.from(model.forward(data.x, 'train').dataSync()));
    expect(train).not.toEqual(inf);
    expect(movingMean()).not.toEqual(start);
    tf.dispose([data.x, data.y]);
  });
});
