import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Adam } from './adam';
import { Sgd } from './sgd';
import { StateReader, StateWriter, type SavedState } from '../train/run-state';

const shapes = [[3, 3, 2, 4], [4], [5, 2]];
const config = { momentum: 0.9, nesterov: true, weightDecay: 5e-4 };

/** torch.optim.SGD's rule for one variable, written out: the reference the flat step must equal. */
function referenceStep(theta: tf.Variable, b: tf.Variable, g: tf.Tensor, lr: number, decay: number): void {
  tf.tidy(() => {
    const gd = decay !== 0 ? tf.add(g, tf.mul(decay, theta)) : g;
    const next = tf.add(tf.mul(config.momentum, b), gd);
    b.assign(next);
    theta.assign(tf.sub(theta, tf.mul(lr, tf.add(gd, tf.mul(config.momentum, next)))));
  });
}

const variables = (seed: number) => shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 1, 'float32', seed + i)));
const gradients = (step: number) => shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i));
const values = (vs: readonly tf.Tensor[]) => vs.map((v) => Array.from(v.dataSync()));

describe('SGD over all variables at once', () => {
  it.each([
    { name: 'one decay for all', decays: [5e-4, 5e-4, 5e-4] },
    { name: 'a decay per variable, one of them 0', decays: [0.1, 0, 0.05] },
  ])('equals the per-variable rule to the bit over 3 steps: $name', ({ decays }) => {
    const flat = variables(1);
    const reference = variables(1);
    const buffers = shapes.map((s) => tf.variable(tf.zeros(s)));
    const sgd = new Sgd(flat, config, decays);
    for (let step = 0; step < 3; step++) {
      const g = gradients(step);
      sgd.step(g, 0.05);
      reference.forEach((theta, i) => referenceStep(theta, buffers[i], g[i], 0.05, decays[i]));
      tf.dispose(g);
      expect(values(flat)).toEqual(values(reference));
    }
    sgd.dispose();
    tf.dispose([...flat, ...reference, ...buffers]);
  });

  it('runs a step in a dozen kernels however many variables it has, and keeps no tensor', async () => {
    const many = Array.from({ length: 10 }, (_, i) => tf.variable(tf.randomNormal([i + 2, 3])));
    const sgd = new Sgd(many, config);
    const g = many.map((v) => tf.onesLike(v));
    sgd.step(g, 0.1); // warm: the scalars and kernels of a first step
    const before = tf.memory().numTensors;
    const info = await tf.profile(() => sgd.step(g, 0.1));
    expect(tf.memory().numTensors).toBe(before);
    const computing = info.kernels.filter((k) => k.name !== 'Reshape' && k.name !== 'Identity');
    // concat ×2, decay (mul, add), momentum (mul, add), Nesterov (mul, add), update (mul, sub), split
    expect(computing.length).toBeLessThanOrEqual(12);
    sgd.dispose();
    tf.dispose([...many, ...g]);
  });

  it('saves its momentum per variable, and a run restored from it takes the same next step', async () => {
    const first = variables(7);
    const sgd = new Sgd(first, config);
    for (let step = 0; step < 2; step++) {
      const g = gradients(step);
      sgd.step(g, 0.05);
      tf.dispose(g);
    }
    const writer = StateWriter.create();
    sgd.saveState(writer.within('sgd'));
    const state = await writer.read();
    expect(Object.keys(state.tensors).sort()).toEqual(['sgd/momentum/0', 'sgd/momentum/1', 'sgd/momentum/2']);
    const second = first.map((v) => tf.variable(v.clone()));
    const restored = new Sgd(second, config);
    const before = tf.memory().numTensors;
    restored.loadState(StateReader.of(state).within('sgd'));
    expect(tf.memory().numTensors).toBe(before);
    const g = gradients(5);
    sgd.step(g, 0.05);
    restored.step(g, 0.05);
    expect(values(second)).toEqual(values(first));
    tf.dispose([...first, ...second, ...g]);
    sgd.dispose();
    restored.dispose();
  });

  it('loads a checkpoint of the per-variable SGD (one momentum per variable) and steps on from it', () => {
    // the state as the per-variable SGD wrote it: `momentum/i`, each of its variable's shape
    const buffers = shapes.map((sh, i) => tf.variable(tf.randomNormal(sh, 0, 1, 'float32', 50 + i)));
    const state: SavedState = { tensors: {}, host: {} };
    buffers.forEach((b, i) => {
      state.tensors[`sgd/momentum/${i}`] = {
        shape: b.shape,
        dtype: 'float32',
        values: Float32Array.from(b.dataSync()),
      };
    });
    const flat = variables(3);
    const reference = variables(3);
    const sgd = new Sgd(flat, config);
    sgd.loadState(StateReader.of(state).within('sgd'));
    const g = gradients(9);
    sgd.step(g, 0.05);
    reference.forEach((theta, i) => referenceStep(theta, buffers[i], g[i], 0.05, config.weightDecay));
    expect(values(flat)).toEqual(values(reference));
    sgd.dispose();
    tf.dispose([...flat, ...reference, ...buffers, ...g]);
  });

  it('frees what it read when a checkpoint lacks a momentum', () => {
    const flat = variables(4);
    const sgd = new Sgd(flat, config);
    const state: SavedState = { tensors: {}, host: {} };
    state.tensors['sgd/momentum/0'] = { shape: shapes[0], dtype: 'float32', values: new Float32Array(72).fill(1) };
    const before = tf.memory().numTensors;
    expect(() => sgd.loadState(StateReader.of(state).within('sgd'))).toThrow(/momentum\/1/);
    expect(tf.memory().numTensors).toBe(before);
    sgd.dispose();
    tf.dispose(flat);
  });
});

const adamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01 };

/** Adam(W)'s rule for one variable, written out as the per-variable optimiser had it. */
function referenceAdam(
  theta: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  g: tf.Tensor,
  lr: number,
  t: number,
  decay: number,
): void {
  const { beta1, beta2, epsilon } = adamConfig;
  tf.tidy(() => {
    const m1 = tf.add(tf.mul(beta1, m), tf.mul(1 - beta1, g));
    const v1 = tf.add(tf.mul(beta2, v), tf.mul(1 - beta2, tf.square(g)));
    m.assign(m1);
    v.assign(v1);
    const update = tf.div(tf.div(m1, 1 - beta1 ** t), tf.add(tf.sqrt(tf.div(v1, 1 - beta2 ** t)), epsilon));
    const decayed = decay !== 0 ? tf.sub(theta, tf.mul(lr * decay, theta)) : theta;
    theta.assign(tf.sub(decayed, tf.mul(lr, update)));
  });
}

describe('Adam over all variables at once', () => {
  it.each([
    { name: 'one decay for all', decays: [0.01, 0.01, 0.01] },
    { name: 'a decay per variable, one of them 0', decays: [0.1, 0, 0.05] },
  ])('equals the per-variable rule to the bit over 3 steps: $name', ({ decays }) => {
    const flat = variables(11);
    const reference = variables(11);
    const moments = shapes.map((s) => [tf.variable(tf.zeros(s)), tf.variable(tf.zeros(s))]);
    const adam = new Adam(flat, adamConfig, decays);
    for (let step = 0; step < 3; step++) {
      const g = gradients(step);
      const lr = 0.01 * (step + 1); // a schedule: a different lr each step
      adam.step(g, lr);
      reference.forEach((theta, i) =>
        referenceAdam(theta, moments[i][0], moments[i][1], g[i], lr, step + 1, decays[i]),
      );
      tf.dispose(g);
      expect(values(flat)).toEqual(values(reference));
    }
    adam.dispose();
    tf.dispose([...flat, ...reference, ...moments.flat()]);
  });

  it('loads a checkpoint of the per-variable Adam (t, and m/i, v/i per variable) and steps on from it', () => {
    const m = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 0.1, 'float32', 60 + i)));
    const v = shapes.map((s, i) => tf.variable(tf.abs(tf.randomNormal(s, 0, 0.1, 'float32', 70 + i))));
    const state: SavedState = { tensors: {}, host: { 'adam/t': [4] } };
    shapes.forEach((s, i) => {
      state.tensors[`adam/m/${i}`] = { shape: s, dtype: 'float32', values: Float32Array.from(m[i].dataSync()) };
      state.tensors[`adam/v/${i}`] = { shape: s, dtype: 'float32', values: Float32Array.from(v[i].dataSync()) };
    });
    const flat = variables(13);
    const reference = variables(13);
    const adam = new Adam(flat, adamConfig);
    adam.loadState(StateReader.of(state).within('adam'));
    expect(adam.numSteps).toBe(4);
    const g = gradients(3);
    adam.step(g, 0.01);
    reference.forEach((theta, i) => referenceAdam(theta, m[i], v[i], g[i], 0.01, 5, adamConfig.weightDecay));
    expect(values(flat)).toEqual(values(reference));
    adam.dispose();
    tf.dispose([...flat, ...reference, ...m, ...v, ...g]);
  });
});
