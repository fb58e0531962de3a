import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { DEFAULT_CONFIG, DEFAULT_TPGM, type TrainConfig } from '../core/spec/config';
import type { RunSpec } from '../core/spec/run-spec';
import { fileSource } from '../testing/node-source';
import { createHandler } from './handler';
import type { RunSummary, WorkerEvent } from './protocol';

const datasets = join(import.meta.dirname, '..', '..', 'public', 'datasets');
const models = join(import.meta.dirname, '..', '..', 'public', 'models');

function setup() {
  const events: WorkerEvent[] = [];
  const handle = createHandler((e) => events.push(e), {
    datasetFolder: () => (path) => fileSource(join(datasets, path)),
    modelFolder: () => fileSource(models),
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
  });
  return { events, handle };
}

const spec = (config: Partial<TrainConfig>, patch: Partial<RunSpec> = {}): RunSpec => ({
  datasetId: 'mnist',
  model: { kind: 'architecture', id: 'mlp' },
  purpose: 'finetune',
  exportModel: false,
  config: { ...DEFAULT_CONFIG, method: 'full-ft', steps: 60, batchSize: 32, ...config },
  idDomain: { id: 'clean', severity: 0 },
  oodDomains: [{ id: 'inverted', severity: 1 }],
  trainPerClass: 50,
  testPerClass: 20,
  liveTestPerClass: null,
  logEvery: 10,
  evalEvery: 30,
  ...patch,
});

const ofRun = (events: WorkerEvent[], runId: number) => events.filter((e) => 'runId' in e && e.runId === runId);

describe('worker handler (Node, CPU backend)', () => {
  it('starts on WASM when WebGPU and WebGL are missing, lists the datasets, and reports why', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: null });
    const ready = events.find((e) => e.type === 'ready');
    expect(ready?.type === 'ready' && ready.backend.name).toBe('wasm');
    expect(ready?.type === 'ready' && ready.backend.fallbacks.map((f) => f.backend)).toEqual(['webgpu', 'webgl']);
    await tf.setBackend('cpu'); // the other tests force the CPU backend; leave it selected
    const catalog = events.find((e) => e.type === 'catalog');
    expect(catalog?.type === 'catalog' && catalog.datasets.map((d) => d.id)).toEqual(['mnist', 'fashion-mnist']);
  });

  it('refuses a simulated device loss on a backend with no GPU device, saying why', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({ type: 'simulateDeviceLoss' });
    expect(events.filter((e) => e.type === 'deviceLost')).toEqual([]);
    expect(events.find((e) => e.type === 'failed')).toEqual({
      type: 'failed',
      requestId: null,
      error: expect.objectContaining({ message: 'no GPU device to lose: the backend is cpu, not webgpu' }),
    });
  });

  it('runs a fine-tuning run: event order, runId on every event, losses, evaluations, a summary, no leak', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({ type: 'loadDataset', requestId: 1, datasetId: 'mnist' });
    const before = tf.memory().numTensors;
    await handle({ type: 'start', runId: 7, spec: spec({ optimizer: { ...DEFAULT_CONFIG.optimizer, lr: 0.05 } }) });
    expect(tf.memory().numTensors).toBe(before);
    const run = ofRun(events, 7);
    const types = run.map((e) => e.type);
    expect(types[0]).toBe('runState');
    expect(types[types.length - 1]).toBe('finished');
    const states = run.flatMap((e) => (e.type === 'runState' ? [e.state] : []));
    expect(states.slice(0, 4)).toEqual(['preparing', 'evaluating', 'warming-up', 'running']);
    expect(states.slice(-1)).toEqual(['evaluating']); // the final evaluation, then `finished`
    const steps = run.flatMap((e) => (e.type === 'steps' ? e.points.map((p) => p.step) : []));
    expect(steps).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const evals = run.flatMap((e) => (e.type === 'eval' ? [e.point] : []));
    // θ0 first, before any step; then every evalEvery steps, the last one on the whole test set
    expect(evals.map((p) => p.step)).toEqual([0, 30, 60]);
    expect(evals[1].results.map((r) => r.domain)).toEqual(['clean', 'inverted']);
    // the tensors the run holds are measured with each evaluation, and do not grow
    expect(evals[0].memory?.numTensors).toBeGreaterThan(0);
    expect(evals[2].memory?.numTensors).toBe(evals[1].memory?.numTensors);
    // every steps event after the first (the untimed compiling step) carries the time left
    const etas = run.flatMap((e) => (e.type === 'steps' ? [e.etaMs] : []));
    expect(etas[0]).toBeNull();
    expect(etas.slice(1).every((ms) => ms !== null && ms >= 0)).toBe(true);
    const finished = run[run.length - 1];
    if (finished.type !== 'finished') throw new Error('no summary');
    expect(finished.summary.final.results[0].accuracy).toBeGreaterThan(0.5); // chance 0.1
    // the final evaluation counts each domain's errors by class: 10 × 10, every test image once, the
    // diagonal its accuracy; the live ones do not
    for (const r of finished.summary.final.results) {
      const confusion = r.confusion ?? [];
      expect(confusion.map((row) => row.length)).toEqual(Array(10).fill(10));
      const total = confusion.flat().reduce((a, b) => a + b, 0);
      expect(confusion.reduce((n, row, c) => n + row[c], 0) / total).toBeCloseTo(r.accuracy, 10);
    }
    expect(evals[1].results.every((r) => r.confusion === undefined)).toBe(true);
    expect(finished.summary.steps).toBe(60);
    expect(finished.summary.stopped).toBe(false);
    expect(finished.summary.medianStepMs).toBeGreaterThan(0);
    expect(finished.summary.backend).toBe('cpu');
    // no more than one readback-event per log interval
    expect(run.filter((e) => e.type === 'steps').length).toBeLessThanOrEqual(60 / 10 + 1);
  });

  it('evaluates live on the class-balanced subset, and the final point on the whole test set, each saying which', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({ type: 'start', runId: 8, spec: spec({ steps: 20 }, { liveTestPerClass: 5, evalEvery: 10 }) });
    const evals = ofRun(events, 8).flatMap((e) => (e.type === 'eval' ? [e.point] : []));
    expect(evals.map((p) => [p.step, p.scope])).toEqual([
      [0, { kind: 'live', perClass: 5, images: 50 }],
      [10, { kind: 'live', perClass: 5, images: 50 }],
      [20, { kind: 'full', images: 200 }],
    ]);
    const details = ofRun(events, 8).flatMap((e) =>
      e.type === 'runState' && e.state === 'evaluating' ? [e.detail] : [],
    );
    expect(details[0]).toMatch(/θ0 on 5 images per class \(50 per domain\)/);
    expect(details[details.length - 1]).toMatch(/final evaluation on the whole test set: 200 images per domain/);
  });

  it("measures WiSE-FT's α sweep after training: 11 points, the run keeps its α, no leak", async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    const before = tf.memory().numTensors;
    const config = { method: 'wise-ft' as const, steps: 30, wiseFt: { alpha: 0.7, keepHead: false } };
    await handle({ type: 'start', runId: 9, spec: spec(config, { evalEvery: 30 }) });
    expect(tf.memory().numTensors).toBe(before);
    const finished = ofRun(events, 9).find((e) => e.type === 'finished');
    if (finished?.type !== 'finished' || !finished.summary.sweep) throw new Error('no sweep in the summary');
    const { sweep, final } = finished.summary;
    expect(sweep.label).toBe('α');
    expect(sweep.points.map((p) => p.value)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const id = (results: { isId: boolean; accuracy: number }[]): number => results.find((r) => r.isId)?.accuracy ?? -1;
    // α = 0 is θ0 with the random head (a fresh mlp: chance); α = 1 the fine-tuned model; the run keeps α = 0.7
    expect(id(sweep.points[10].results)).toBeGreaterThan(id(sweep.points[0].results) + 0.3);
    expect(id(final.results)).toBe(id(sweep.points[7].results));
  });

  it('fine-tunes the shipped pre-trained cnn-small-mnist (on WASM) far better than the same network from scratch', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'wasm' });
    const catalog = events.find((e) => e.type === 'catalog');
    expect(catalog?.type === 'catalog' && catalog.models.map((m) => m.id)).toContain('cnn-small-mnist');
    const accuracy = async (runId: number, model: RunSpec['model']): Promise<RunSummary> => {
      const config = { method: 'tpgm' as const, steps: 20, tpgm: { ...DEFAULT_TPGM, valBatchSize: 32 } };
      await handle({ type: 'start', runId, spec: spec(config, { model, testPerClass: 10, evalEvery: 20 }) });
      const finished = ofRun(events, runId).find((e) => e.type === 'finished');
      if (finished?.type !== 'finished') throw new Error(`run ${runId} did not finish`);
      return finished.summary;
    };
    const pretrained = await accuracy(3, { kind: 'pretrained', id: 'cnn-small-mnist' });
    const scratch = await accuracy(4, { kind: 'architecture', id: 'cnn-small' });
    await tf.setBackend('cpu');
    const clean = (s: RunSummary): number => s.final.results[0].accuracy;
    expect(clean(pretrained)).toBeGreaterThan(clean(scratch) + 0.25);
    const radii = pretrained.layers.layers.filter((l) => l.radius !== null).map((l) => l.name);
    expect(radii).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv2/kernel',
      'conv2/bias',
      'conv3/kernel',
      'conv3/bias',
      'conv4/kernel',
      'conv4/bias',
    ]);
  });

  it('refuses an unknown shipped model with a clear message', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({ type: 'start', runId: 9, spec: spec({ steps: 2 }, { model: { kind: 'pretrained', id: 'nope' } }) });
    const failed = ofRun(events, 9).find((e) => e.type === 'runFailed');
    expect(failed?.type === 'runFailed' && failed.error.message).toBe('no shipped model "nope"');
  });

  it('a pre-training run trains on the styled pretrain split and exports a model that loads back', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({
      type: 'start',
      runId: 5,
      spec: spec({ steps: 3, batchSize: 16 }, { purpose: 'pretrain', exportModel: true, evalEvery: 3 }),
    });
    const exported = ofRun(events, 5).find((e) => e.type === 'modelExported');
    if (exported?.type !== 'modelExported') throw new Error('no model exported');
    const { modelTopology, weightSpecs, weightData } = exported.files;
    expect(weightSpecs.map((w) => w.name)).toEqual([
      'fc1/kernel',
      'fc1/bias',
      'fc2/kernel',
      'fc2/bias',
      'head/kernel',
      'head/bias',
    ]);
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs, weightData }));
    expect(model.countParams()).toBe(weightData.byteLength / 4);
    model.dispose();
    const finished = ofRun(events, 5).find((e) => e.type === 'finished');
    // evaluated on the select split (1,000 images), not the test split
    expect(finished?.type === 'finished' && finished.summary.final.results.length).toBe(2);
  });

  it('reports TPGM radii per projected tensor', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({
      type: 'start',
      runId: 1,
      spec: spec({ method: 'tpgm', steps: 20, tpgm: { ...DEFAULT_TPGM, valBatchSize: 32 } }, { evalEvery: 10 }),
    });
    const layers = ofRun(events, 1).flatMap((e) => (e.type === 'layers' ? [e.point] : []));
    expect(layers.map((l) => l.step)).toEqual([0, 10, 20]);
    const projected = layers[2].layers.filter((l) => l.radius !== null).map((l) => l.name);
    expect(projected).toEqual(['fc1/kernel', 'fc1/bias', 'fc2/kernel', 'fc2/bias']);
    for (const l of layers[2].layers.filter((x) => x.radius !== null)) {
      expect(l.radius ?? 0).toBeGreaterThan(0);
      expect(l.boundedDeviation ?? 0).toBeLessThanOrEqual((l.radius ?? 0) * (1 + 1e-4) + 1e-6);
    }
  });

  it('pauses, steps once, resumes and stops a run; a second start while running is refused', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    const running = handle({ type: 'start', runId: 3, spec: spec({ steps: 1000 }, { logEvery: 1, evalEvery: 1000 }) });
    const stepsDone = (): number =>
      Math.max(0, ...ofRun(events, 3).flatMap((e) => (e.type === 'steps' ? [e.stepsDone] : [])));
    while (stepsDone() < 3) await new Promise((r) => setTimeout(r, 5));
    await handle({ type: 'start', runId: 4, spec: spec({}) });
    expect(
      events.some((e) => e.type === 'runFailed' && e.runId === 4 && /run 3 is still going/.test(e.error.message)),
    ).toBe(true);
    await handle({ type: 'pause', runId: 3 });
    while (!ofRun(events, 3).some((e) => e.type === 'runState' && e.state === 'paused'))
      await new Promise((r) => setTimeout(r, 5));
    const atPause = stepsDone();
    await new Promise((r) => setTimeout(r, 50));
    expect(stepsDone()).toBe(atPause);
    await handle({ type: 'stepOnce', runId: 3 });
    while (stepsDone() < atPause + 1) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(stepsDone()).toBe(atPause + 1);
    await handle({ type: 'resume', runId: 3 });
    while (stepsDone() < atPause + 4) await new Promise((r) => setTimeout(r, 5));
    await handle({ type: 'stop', runId: 3 });
    await running;
    const finished = ofRun(events, 3).find((e) => e.type === 'finished');
    expect(finished?.type === 'finished' && finished.summary.stopped).toBe(true);
    expect(finished?.type === 'finished' && finished.summary.steps).toBeLessThan(1000);
  });

  it('takes one radius step while paused: the radii move, the weight steps do not; FT says it has none', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    const tpgmSpec = spec(
      { method: 'tpgm', steps: 1000, tpgm: { ...DEFAULT_TPGM, valBatchSize: 16 } },
      { logEvery: 1, evalEvery: 1000 },
    );
    const running = handle({ type: 'start', runId: 11, spec: tpgmSpec });
    const stepsDone = (): number =>
      Math.max(0, ...ofRun(events, 11).flatMap((e) => (e.type === 'steps' ? [e.stepsDone] : [])));
    // the radius steps' measurements (θ0's, at step 0, comes first)
    const layers = () => ofRun(events, 11).flatMap((e) => (e.type === 'layers' && e.point.step > 0 ? [e.point] : []));
    const until = async (ok: () => boolean): Promise<void> => {
      while (!ok()) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => stepsDone() >= 3);
    await handle({ type: 'pause', runId: 11 });
    await until(() => ofRun(events, 11).some((e) => e.type === 'runState' && e.state === 'paused'));
    const atPause = stepsDone();
    for (const k of [1, 2]) {
      await handle({ type: 'radiusStepOnce', runId: 11 });
      await until(() => layers().length >= k);
    }
    const [a, b] = layers();
    expect([a.step, b.step]).toEqual([atPause, atPause]);
    const radii = (p: typeof a): number[] => p.layers.flatMap((l) => (l.radius === null ? [] : [l.radius]));
    expect(radii(a)).toHaveLength(4);
    expect(radii(b)).not.toEqual(radii(a)); // one Adam step of γ on a validation batch
    expect(stepsDone()).toBe(atPause);
    await handle({ type: 'stop', runId: 11 });
    await running;

    const ftRun = handle({ type: 'start', runId: 12, spec: spec({ steps: 1000 }, { logEvery: 1, evalEvery: 1000 }) });
    await until(() => ofRun(events, 12).some((e) => e.type === 'steps'));
    await handle({ type: 'pause', runId: 12 });
    await handle({ type: 'radiusStepOnce', runId: 12 });
    await until(() => ofRun(events, 12).some((e) => e.type === 'runState' && /has no radii to step/.test(e.detail)));
    await handle({ type: 'stop', runId: 12 });
    await ftRun;
    expect(ofRun(events, 12).some((e) => e.type === 'runFailed')).toBe(false);
  });

  it('stops a run whose loss explodes past its bound, says at which step and why, and still reports what it reached', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    const before = tf.memory().numTensors;
    // L2-SP's pull with lr·α = 1000 overshoots θ0 by ×999 a step: the weights overflow within ~15 steps
    const sgd = { kind: 'sgd' as const, lr: 10, momentum: 0, nesterov: false, weightDecay: 0 };
    const config = { method: 'l2-sp' as const, steps: 400, optimizer: sgd, l2Sp: { alpha: 100, beta: 0 } };
    await handle({ type: 'start', runId: 13, spec: spec(config, { logEvery: 5, evalEvery: 400 }) });
    expect(tf.memory().numTensors).toBe(before);
    const finished = ofRun(events, 13).find((e) => e.type === 'finished');
    if (finished?.type !== 'finished') throw new Error('the run did not finish');
    const { diverged, steps, stopped, lossBound } = finished.summary;
    const first = ofRun(events, 13).flatMap((e) => (e.type === 'steps' ? e.points : []))[0].loss;
    // the bound the run states: 100 × its first loss (at least 100 nats); the loss crossed it before any NaN
    expect(lossBound).toBeCloseTo(100 * Math.max(first, 1), 6);
    expect(diverged?.reason).toBe('above-bound');
    expect(diverged && diverged.loss > (lossBound ?? Infinity)).toBe(true);
    expect(stopped).toBe(false);
    expect(steps).toBeLessThan(400); // stopped soon after the loss was read back
    expect(steps).toBeGreaterThanOrEqual(diverged?.step ?? Infinity);
  });

  it('refuses a bad config and an unknown dataset as run failures with a message', async () => {
    const { events, handle } = setup();
    await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
    await handle({ type: 'start', runId: 5, spec: spec({ batchSize: 0 }) });
    await handle({ type: 'start', runId: 6, spec: spec({}, { datasetId: 'cifar' }) });
    const failures = events.flatMap((e) => (e.type === 'runFailed' ? [[e.runId, e.error.message]] : []));
    expect(failures[0]).toEqual([5, 'invalid settings: batchSize must be ≥ 1, got 0']);
    expect(failures[1][0]).toBe(6);
    expect(failures[1][1]).toMatch(/cifar\/meta\.json: missing/);
  });
});
