import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { defaultDraft } from '../core/spec/default-run';
import { sha256Hex } from '../core/spec/sha256';
import { trainedCardProblems, type TrainedModelCard } from '../core/spec/trained-model-card';
import type { ModelFiles } from '../worker/protocol';
import type { FinishedRun } from './runs';
import { KEPT_MODELS, keepModel, modelFileName, reduceTrainedModels, trainedModelZip } from './trained-models';

const files = (n: number): ModelFiles => ({
  modelTopology: { class_name: 'Sequential' },
  weightSpecs: [{ name: 'dense/kernel', shape: [n], dtype: 'float32' }],
  weightData: new Float32Array(n).fill(0.5).buffer,
});

const run: FinishedRun = {
  uid: 'u7',
  runId: 7,
  spec: defaultDraft('mnist'),
  summary: {
    steps: 94,
    stopped: true,
    wallMs: 1,
    medianStepMs: 1,
    final: { step: 94, results: [{ domain: 'clean', isId: true, accuracy: 0.9, loss: 0.3 }] },
    layers: { step: 94, layers: [] },
    backend: 'wasm',
  },
  evals: [],
  steps: [],
  finishedAt: '2026-12-03T05:00:00.000Z',
};

describe('trained models', () => {
  it('keep the newest runs’ weights only', () => {
    let kept: Record<string, ModelFiles> = {};
    for (let i = 0; i < KEPT_MODELS + 3; i++) kept = keepModel(kept, `u${i}`, files(1));
    expect(Object.keys(kept)).toEqual(Array.from({ length: KEPT_MODELS }, (_, i) => `u${i + 3}`));
  });

  it("take the current run's exported weights, and a check's answer or failure", () => {
    const state = { run: { runId: 7, uid: 'u7' }, runs: [], trainedModels: {}, modelChecks: {} };
    const f = files(2);
    expect(reduceTrainedModels(state, { type: 'modelExported', runId: 7, files: f })).toEqual({
      trainedModels: { u7: f },
    });
    expect(reduceTrainedModels(state, { type: 'modelExported', runId: 6, files: f })).toEqual({});
    // in a comparison the next method has started: the weights go to the finished run of that number,
    // the newest one (another tab's run 6 may be in the table too), never to a recorded run
    const compared = {
      ...state,
      runs: [
        { runId: 6, uid: 'other-tab-6' },
        { runId: 6, uid: 'u6' },
        { runId: 5, uid: 'recorded-5', recorded: 'recorded 2026-12-01 · wasm · seed 0' },
      ],
    };
    expect(reduceTrainedModels(compared, { type: 'modelExported', runId: 6, files: f })).toEqual({
      trainedModels: { u6: f },
    });
    expect(reduceTrainedModels(compared, { type: 'modelExported', runId: 5, files: f })).toEqual({});
    const asked = { ...state, modelChecks: { 'upload-1': { requestId: 4, results: null, error: null } } };
    const results = [{ domain: 'clean' as const, isId: true, accuracy: 0.9, loss: 0.3 }];
    expect(reduceTrainedModels(asked, { type: 'modelEvaluated', requestId: 4, modelId: 'upload-1', results })).toEqual({
      modelChecks: { 'upload-1': { requestId: null, results, error: null } },
    });
    const error = { name: 'ModelError', message: 'its head has 3 outputs' };
    expect(reduceTrainedModels(asked, { type: 'failed', requestId: 4, error })).toEqual({
      modelChecks: { 'upload-1': { requestId: null, results: null, error } },
    });
    expect(reduceTrainedModels(asked, { type: 'failed', requestId: 5, error })).toEqual({});
  });

  it('save a run’s model as model.json, weights.bin and a card holding their SHA-256', async () => {
    const zip = unzipSync(await trainedModelZip(run, files(4), ['0', '1'], [28, 28, 1]));
    expect(Object.keys(zip).sort()).toEqual(['model.json', 'tpgm-model.json', 'weights.bin']);
    const card = JSON.parse(new TextDecoder().decode(zip['tpgm-model.json'])) as TrainedModelCard;
    expect(trainedCardProblems(card)).toEqual([]);
    expect(card).toMatchObject({
      kind: 'fine-tuned',
      name: `${card.name}`,
      datasetId: 'mnist',
      classes: ['0', '1'],
      steps: 94,
      outcome: `stopped at step 94 of ${run.spec.config.steps}`,
      results: [{ domain: 'clean', severity: 0, isId: true, accuracy: 0.9, loss: 0.3 }],
      backend: 'wasm',
      spec: run.spec,
    });
    for (const f of card.files) {
      expect(f.bytes).toBe(zip[f.path].length);
      expect(f.sha256).toBe(await sha256Hex(new Uint8Array(zip[f.path])));
    }
    const json = JSON.parse(new TextDecoder().decode(zip['model.json'])) as { weightsManifest: unknown };
    expect(json.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: files(4).weightSpecs }]);
    expect(Array.from(new Float32Array(zip['weights.bin'].slice().buffer))).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(modelFileName(run)).toBe(`tpgm-${run.spec.config.method}-mnist-run7`);
  });
});
