import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeBars, tinyConvNet } from '../../testing/synthetic';
import type { LabelledSet } from '../data/labelled-set';
import { evaluate, layerStats } from '../metrics';
import { replaceHead } from '../model/head';
import { TunableModel } from '../model/tunable-model';
import { createRng } from '../rng';
import { DEFAULT_CONFIG, DEFAULT_TPGM, type TrainConfig } from '../spec/config';
import { deviationNorm } from '../tpgm/norms';
import { Trainer } from './trainer';

const config = (patch: Partial<TrainConfig>): TrainConfig => ({
  ...DEFAULT_CONFIG,
  batchSize: 16,
  steps: 60,
  tpgm: { ...DEFAULT_TPGM, valBatchSize: 16 },
  ...patch,
});

/** Run `steps` steps and return the losses (read back at the end). */
async function run(trainer: Trainer, steps: number): Promise<number[]> {
  const losses: tf.Scalar[] = [];
  for (let i = 0; i < steps; i++) losses.push(trainer.step().loss);
  const stacked = tf.stack(losses);
  const values = Array.from(await stacked.data());
  tf.dispose([stacked, ...losses]);
  return values;
}

let pretrainedWeights: tf.Tensor[] = [];
let train: LabelledSet;
let val: LabelledSet;
let test: LabelledSet;

/** A copy of the pre-trained tiny net with a fresh 4-way head (seeded). */
function pretrainedWithNewHead(seed: number): TunableModel {
  const m = tinyConvNet(0);
  m.setWeights(pretrainedWeights);
  return new TunableModel(replaceHead(m, 4, createRng(seed)));
}

beforeAll(async () => {
  // "pre-training": Adam on a random tiny net, then a fresh head for the fine-tuning run
  const source = makeBars(512, 100, 0.25);
  const sourceVal = makeBars(64, 101, 0.25);
  const model = new TunableModel(tinyConvNet(0));
  const adam = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 } as const;
  const trainer = new Trainer({
    model,
    train: source,
    val: sourceVal,
    config: config({ method: 'full-ft', steps: 150, optimizer: adam }),
  });
  await run(trainer, 150);
  trainer.dispose();
  pretrainedWeights = model.model.getWeights().map((w) => tf.keep(w.clone()));
  model.dispose();
  tf.dispose([source.x, source.y, sourceVal.x, sourceVal.y]);
  // the fine-tuning task: new images of the same kind, disjoint seeds for train / val / test
  train = makeBars(400, 200, 0.25);
  val = makeBars(128, 201, 0.25);
  test = makeBars(400, 202, 0.25);
});

afterAll(() => {
  tf.dispose([...pretrainedWeights, train.x, train.y, val.x, val.y, test.x, test.y]);
});

describe('Trainer', () => {
  it('fine-tunes with FT and with TPGM: both learn, and TPGM keeps every layer within its radius', async () => {
    for (const method of ['full-ft', 'tpgm'] as const) {
      const model = pretrainedWithNewHead(1);
      const trainer = new Trainer({
        model,
        train,
        val,
        config: config({ method, steps: 200, optimizer: { ...DEFAULT_CONFIG.optimizer, lr: 0.03 } }),
      });
      const losses = await run(trainer, 200);
      const { accuracy } = await evaluate(model, test);
      expect(accuracy, `${method} test accuracy`).toBeGreaterThan(0.8); // chance is 0.25
      expect(losses.slice(-20).reduce((a, b) => a + b) / 20).toBeLessThan(
        losses.slice(0, 20).reduce((a, b) => a + b) / 20,
      );
      const stats = await layerStats(model, trainer.method.radiusView());
      if (method === 'tpgm') {
        const projected = stats.filter((s) => s.radius !== null);
        expect(projected.map((s) => s.name)).toEqual(['conv1/kernel', 'conv1/bias', 'conv2/kernel', 'conv2/bias']);
        for (const p of model.projectedParams(DEFAULT_TPGM.scope)) {
          const stat = stats.find((s) => s.name === p.name);
          const unitNorms = tf.tidy(() =>
            Array.from(deviationNorm(tf.sub(p.variable, p.anchor), { norm: 'mars', mars1d: 'vector' }).dataSync()),
          );
          for (const n of unitNorms) expect(n, p.name).toBeLessThanOrEqual((stat?.radius ?? 0) * (1 + 1e-4) + 1e-6);
          expect(stat?.boundedDeviation, p.name).toBeCloseTo(Math.max(...unitNorms), 5);
          expect(stat?.radius, p.name).toBeGreaterThan(0);
        }
        expect(stats.find((s) => s.isHead)?.radius).toBeNull();
      } else {
        expect(stats.every((s) => s.radius === null)).toBe(true);
        expect(stats.every((s) => s.deviation > 0)).toBe(true);
      }
      trainer.dispose();
      model.dispose();
    }
  });

  it('frees everything it made: a whole TPGM run with Adam, from construction to dispose', () => {
    const model = pretrainedWithNewHead(9);
    const before = tf.memory().numTensors;
    const adam = { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 } as const;
    const trainer = new Trainer({ model, train, val, config: config({ method: 'tpgm', steps: 3, optimizer: adam }) });
    for (let i = 0; i < 3; i++) trainer.step().loss.dispose();
    trainer.finish();
    trainer.dispose();
    // the weights were projected in place: no tensor more, none less
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('leaks no tensor over 50 TPGM steps after a warm-up step', async () => {
    const model = pretrainedWithNewHead(2);
    const trainer = new Trainer({ model, train, val, config: config({ method: 'tpgm', steps: 60 }) });
    trainer.step().loss.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) trainer.step().loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // metrics read back without leaving tensors behind, but TPGM's mean ratios, made when first read
    // and kept until the next projection (tpgm.ts): one tensor, freed by the next step
    await layerStats(model, trainer.method.radiusView());
    await layerStats(model, trainer.method.radiusView());
    await evaluate(model, val, 50);
    expect(tf.memory().numTensors).toBe(before + 1);
    trainer.step().loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
  });

  it('leaks no tensor on the other TPGM paths: projFreq > 1 with maxIters > 1, and post-hoc', () => {
    const model = pretrainedWithNewHead(7);
    const trainer = new Trainer({
      model,
      train,
      val,
      config: config({ method: 'tpgm', tpgm: { ...DEFAULT_TPGM, valBatchSize: 16, projFreq: 3, maxIters: 2 } }),
    });
    trainer.step().loss.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) trainer.step().loss.dispose();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    model.dispose();
    const m2 = pretrainedWithNewHead(8);
    const posthoc = new Trainer({
      model: m2,
      train,
      val,
      config: config({ method: 'tpgm-posthoc', steps: 3, tpgmPostHoc: { steps: 5, radiusLr: 1e-2, valBatchSize: 16 } }),
    });
    for (let i = 0; i < 3; i++) posthoc.step().loss.dispose();
    const beforeFinish = tf.memory().numTensors;
    posthoc.finish();
    // it keeps two new tensors: the projector's mean ratios and the drift the fine-tuned weights wanted
    expect(tf.memory().numTensors).toBe(beforeFinish + 2);
    expect(() => posthoc.step()).toThrow(/the run is over/);
    posthoc.dispose();
    m2.dispose();
  });

  it('leaks no tensor over 50 FT steps (SGD and Adam) after a warm-up step', () => {
    for (const optimizer of [
      DEFAULT_CONFIG.optimizer,
      { kind: 'adam', lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 } as const,
    ]) {
      const model = pretrainedWithNewHead(3);
      const trainer = new Trainer({ model, train, val, config: config({ method: 'full-ft', optimizer }) });
      trainer.step().loss.dispose();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) trainer.step().loss.dispose();
      expect(tf.memory().numTensors).toBe(before);
      trainer.dispose();
      model.dispose();
    }
  });

  it('gives the same run for the same seed and another run for another seed', async () => {
    const once = async (seed: number): Promise<number[]> => {
      const model = pretrainedWithNewHead(seed);
      const trainer = new Trainer({ model, train, val, config: config({ method: 'tpgm', seed, steps: 15 }) });
      const losses = await run(trainer, 15);
      trainer.dispose();
      model.dispose();
      return losses;
    };
    const a = await once(11);
    expect(await once(11)).toEqual(a);
    expect(await once(12)).not.toEqual(a);
  });

  it('updates the radii only every projFreq steps, and projects after every step', async () => {
    const model = pretrainedWithNewHead(4);
    const trainer = new Trainer({
      model,
      train,
      val,
      config: config({ method: 'tpgm', tpgm: { ...DEFAULT_TPGM, valBatchSize: 16, projFreq: 3 } }),
    });
    const radiiAfter: number[][] = [];
    for (let i = 0; i < 7; i++) {
      trainer.step().loss.dispose();
      const stats = (await layerStats(model, trainer.method.radiusView())).filter((s) => s.radius !== null);
      radiiAfter.push(stats.map((s) => s.radius ?? 0));
      for (const p of model.projectedParams(DEFAULT_TPGM.scope)) {
        const radius = stats.find((s) => s.name === p.name)?.radius ?? 0;
        const unitNorms = tf.tidy(() =>
          Array.from(deviationNorm(tf.sub(p.variable, p.anchor), { norm: 'mars', mars1d: 'vector' }).dataSync()),
        );
        for (const n of unitNorms)
          expect(n, `${p.name} after step ${i}`).toBeLessThanOrEqual(radius * (1 + 1e-4) + 1e-6);
      }
    }
    // step 0 initialised the radii and took a radius step; steps 3 and 6 take radius steps; the others only project
    const changed = radiiAfter.slice(1).map((r, i) => r.some((v, j) => v !== radiiAfter[i][j]));
    expect(changed).toEqual([false, false, true, false, false, true]);
    trainer.dispose();
    model.dispose();
  });

  it('runs post-hoc TPGM after ordinary fine-tuning: L2 radii on every tensor, head included', async () => {
    const model = pretrainedWithNewHead(5);
    const trainer = new Trainer({
      model,
      train,
      val,
      config: config({
        method: 'tpgm-posthoc',
        steps: 40,
        tpgmPostHoc: { steps: 30, radiusLr: 1e-2, valBatchSize: 16 },
      }),
    });
    await run(trainer, 40);
    expect(trainer.method.radiusView()).toBeNull();
    const ftStats = await layerStats(model, null);
    trainer.finish();
    const stats = await layerStats(model, trainer.method.radiusView());
    expect(stats.every((s) => s.radius !== null)).toBe(true);
    stats.forEach((s, i) => {
      expect(s.deviation, s.name).toBeLessThanOrEqual((s.radius ?? 0) * (1 + 1e-4) + 1e-6);
      // it starts at half the FT deviation (γ = ‖d‖/2) and 30 Adam steps of lr 1e-2 move γ by ≤ 0.3
      expect(Math.abs(s.deviation - ftStats[i].deviation / 2), s.name).toBeLessThanOrEqual(0.3 + 1e-4);
    });
    trainer.dispose();
    model.dispose();
  });

  it('refuses a bad config, data that does not match the head, and an exclusion that names no tensor', () => {
    const model = pretrainedWithNewHead(6);
    expect(() => new Trainer({ model, train, val, config: config({ steps: -1 }) })).toThrow(
      /invalid config: steps must be ≥ 1/,
    );
    const three = { ...train, numClasses: 3 };
    expect(() => new Trainer({ model, train: three, val, config: config({}) })).toThrow(/4 classes but the data has 3/);
    expect(
      () =>
        new Trainer({
          model,
          train,
          val,
          config: config({ tpgm: { ...DEFAULT_TPGM, scope: { excludeHead: true, excluded: ['nope/kernel'] } } }),
        }),
    ).toThrow(/unknown parameter "nope\/kernel"/);
    model.dispose();
  });
});
