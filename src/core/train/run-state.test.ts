import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeBars, tinyConvNet } from '../../testing/synthetic';
import type { LabelledSet } from '../data/labelled-set';
import { TunableModel } from '../model/tunable-model';
import { createRng } from '../rng';
import { DEFAULT_CONFIG, DEFAULT_TPGM, METHOD_IDS, type MethodId, type TrainConfig } from '../spec/config';
import { CheckpointError, StateReader, StateWriter, type SavedState } from './run-state';
import { Trainer } from './trainer';

const STEPS = 10;
const ADAM = { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-4 } as const;

const config = (method: MethodId, patch: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_CONFIG,
  method,
  batchSize: 16,
  steps: STEPS,
  // a radius update every third step, so a checkpoint can fall between two
  tpgm: { ...DEFAULT_TPGM, valBatchSize: 16, projFreq: 3, maxIters: 2 },
  tpgmPostHoc: { ...DEFAULT_CONFIG.tpgmPostHoc, steps: 5, valBatchSize: 16 },
  ...patch,
});

let train: LabelledSet;
let val: LabelledSet;
let start: tf.Tensor[] = [];

/** The same starting network every time: BatchNorm included, so its moving statistics must be saved too. */
function freshRun(cfg: TrainConfig, batchNorm = true): { trainer: Trainer; model: TunableModel } {
  const net = tinyConvNet(0, 4, batchNorm);
  if (batchNorm) net.setWeights(start);
  const model = new TunableModel(net);
  return { trainer: new Trainer({ model, config: cfg, train, val }), model };
}

function steps(trainer: Trainer, n: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < n; i++) {
    const { loss } = trainer.step();
    losses.push(loss.dataSync()[0]);
    loss.dispose();
  }
  return losses;
}

/** Every weight after training (and the method's post-training work), flattened. */
function finalWeights(trainer: Trainer, model: TunableModel): number[] {
  trainer.finish();
  return model.model.weights.flatMap((w) => Array.from(w.read().dataSync()));
}

function saved(trainer: Trainer): SavedState {
  const w = StateWriter.create();
  trainer.saveState(w);
  // the checkpoint leaves the worker by postMessage: what survives a structured clone is what counts
  return structuredClone(w.readSync());
}

function maxAbsDiff(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  return a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
}

/** Uninterrupted, then stopped after `k` steps, saved, thrown away and resumed in a fresh run: the same weights. */
function expectResumeMatches(cfg: TrainConfig, k: number): void {
  const whole = freshRun(cfg);
  const wholeLosses = steps(whole.trainer, STEPS);
  const expected = finalWeights(whole.trainer, whole.model);
  whole.trainer.dispose();
  whole.model.dispose();

  const first = freshRun(cfg);
  steps(first.trainer, k);
  const state = saved(first.trainer);
  first.trainer.dispose();
  first.model.dispose();

  const before = tf.memory().numTensors;
  const resumed = freshRun(cfg);
  resumed.trainer.loadState(StateReader.of(state));
  expect(resumed.trainer.stepsDone).toBe(k);
  const resumedLosses = steps(resumed.trainer, STEPS - k);
  const actual = finalWeights(resumed.trainer, resumed.model);
  resumed.trainer.dispose();
  resumed.model.dispose();
  expect(tf.memory().numTensors).toBe(before);

  expect(maxAbsDiff(resumedLosses, wholeLosses.slice(k))).toBeLessThanOrEqual(1e-6);
  expect(maxAbsDiff(actual, expected)).toBeLessThanOrEqual(1e-6);
}

beforeAll(() => {
  train = makeBars(96, 300, 0.25);
  val = makeBars(48, 301, 0.25);
  const net = tinyConvNet(7, 4, true);
  start = net.getWeights().map((w) => tf.keep(w.clone()));
  net.dispose();
});

afterAll(() => {
  tf.dispose([train.x, train.y, val.x, val.y, ...start]);
});

describe('a run resumed from its saved state', () => {
  it.each(METHOD_IDS)('%s takes the same steps as the uninterrupted run (SGD with momentum)', (method) => {
    expectResumeMatches(config(method), 4);
  });

  it.each(['full-ft', 'tpgm', 'ftp'] as const)('%s with Adam and weight decay', (method) => {
    expectResumeMatches(config(method, { optimizer: ADAM }), 7);
  });

  it('LP-FT saved at the end of its probe phase starts fine-tuning as the uninterrupted run did', () => {
    expectResumeMatches(config('lp-ft'), STEPS / 2);
    expectResumeMatches(config('lp-ft'), STEPS / 2 + 1);
  });

  it('saved before the first step or after the last, it still resumes', () => {
    expectResumeMatches(config('tpgm'), 0);
    expectResumeMatches(config('tpgm'), STEPS);
  });

  it('crosses an epoch of the training batches (96 images, 16 a batch: a new order every 6 steps)', () => {
    expectResumeMatches(config('full-ft', { batchSize: 16 }), 5);
  });
});

describe('a saved state that does not fit', () => {
  it('is refused by name: another network', () => {
    const { trainer, model } = freshRun(config('full-ft'));
    steps(trainer, 2);
    const state = saved(trainer);
    trainer.dispose();
    model.dispose();
    const other = freshRun(config('full-ft'), false);
    expect(() => other.trainer.loadState(StateReader.of(state))).toThrow(CheckpointError);
    expect(() => other.trainer.loadState(StateReader.of(state))).toThrow(/"model\/\d+" is float32 \[/);
    other.trainer.dispose();
    other.model.dispose();
  });

  it('is refused by name: another method, and a run already stepping', () => {
    const { trainer, model } = freshRun(config('full-ft'));
    steps(trainer, 2);
    const state = saved(trainer);
    expect(() => trainer.loadState(StateReader.of(state))).toThrow('a checkpoint is loaded into a fresh run');
    trainer.dispose();
    model.dispose();
    const tpgm = freshRun(config('tpgm'));
    expect(() => tpgm.trainer.loadState(StateReader.of(state))).toThrow('the checkpoint has no "method/initialized"');
    tpgm.trainer.dispose();
    tpgm.model.dispose();
  });

  it('a step beyond the run is refused', () => {
    const { trainer, model } = freshRun(config('full-ft'));
    const state = saved(trainer);
    state.host.step = [STEPS + 1];
    expect(() => trainer.loadState(StateReader.of(state))).toThrow('the checkpoint is at step 11; this run has 10');
    trainer.dispose();
    model.dispose();
  });
});

describe('an RNG state', () => {
  it('replays the same draws', () => {
    const rng = createRng(5);
    rng.next();
    const s = rng.state();
    const a = [rng.next(), rng.normal(), rng.int(100)];
    rng.setState(s);
    expect([rng.next(), rng.normal(), rng.int(100)]).toEqual(a);
    expect(() => rng.setState(-1)).toThrow('a 32-bit integer');
  });
});
