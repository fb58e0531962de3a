import { describe, expect, it } from 'vitest';

import { defaultDraft } from '../core/spec/default-run';
import { encodePredictions } from '../core/spec/predictions';
import type { RunSpec } from '../core/spec/run-spec';
import type { DomainResult } from '../worker/protocol';
import { initialState } from './app-store';
import { reduceEvent } from './event-reducer';
import type { FinishedRun } from './runs';
import {
  failPendingTestImages,
  noTestImages,
  predictionOf,
  recordedPredictions,
  reduceTestImages,
  sameTestImages,
  type TestImagesView,
} from './test-images';

const clean: DomainResult = {
  domain: 'clean',
  isId: true,
  accuracy: 0.75,
  loss: 0.5,
  confusion: [
    [2, 0],
    [1, 1],
  ],
  predictions: encodePredictions([0, 0, 0, 1]),
};

function run(patch: Partial<FinishedRun> = {}, results: DomainResult[] = [clean]): FinishedRun {
  const spec = defaultDraft('mnist');
  return {
    uid: 'u1',
    runId: 4,
    spec,
    summary: {
      steps: 10,
      stopped: false,
      wallMs: 1,
      medianStepMs: 1,
      final: { step: 10, results },
      layers: { step: 10, layers: [] },
      backend: 'wasm',
    },
    evals: [],
    steps: [],
    finishedAt: '2026-12-03T00:00:00Z',
    ...patch,
  };
}

describe("a finished run's test images in the store", () => {
  it('asks with what the run recorded, or says why it cannot', () => {
    expect(recordedPredictions(run(), ['clean'])).toEqual({
      ok: true,
      recorded: [{ domain: 'clean', predictions: clean.predictions, confusion: clean.confusion }],
    });
    expect(recordedPredictions(run(), ['sketch'])).toEqual({ ok: false, why: 'run 4 was not measured on sketch' });
    const old = run({}, [{ ...clean, predictions: undefined }]);
    expect(recordedPredictions(old, ['clean'])).toEqual({
      ok: false,
      why: 'run 4 was measured before per-image predictions were kept',
    });
    expect(recordedPredictions({ ...old, recorded: 'recorded 2026-12-02' }, ['clean'])).toMatchObject({
      ok: false,
      why: expect.stringMatching(/^this recording was made before per-image predictions/),
    });
  });

  it('reads a run’s prediction of one image', () => {
    expect([0, 1, 2, 3, 4].map((p) => predictionOf(run(), 'clean', p))).toEqual([0, 0, 0, 1, null]);
    expect(predictionOf(run(), 'sketch', 0)).toBeNull();
  });

  it('knows when two runs saw the same images of a domain', () => {
    const a = defaultDraft('mnist');
    const with_ = (patch: Partial<RunSpec>): RunSpec => ({ ...a, ...patch });
    expect(sameTestImages(a, with_({ config: { ...a.config, method: 'tpgm' } }), 'inverted')).toBe(true);
    expect(sameTestImages(a, with_({ config: { ...a.config, seed: 9 } }), 'inverted')).toBe(false);
    expect(sameTestImages(a, with_({ testPerClass: 7 }), 'inverted')).toBe(false);
    expect(sameTestImages(a, with_({ datasetId: 'fashion-mnist' }), 'inverted')).toBe(false);
    // the same domain at another place (its transform is seeded by the place) or severity is not
    const ood = a.oodDomains;
    expect(sameTestImages(a, with_({ oodDomains: [...ood].reverse() }), ood[0].id)).toBe(false);
    const harsher = ood.map((d, i) => (i === 0 ? { ...d, severity: d.severity / 2 } : d));
    expect(sameTestImages(a, with_({ oodDomains: harsher }), ood[0].id)).toBe(false);
    expect(sameTestImages(a, with_({ oodDomains: harsher }), ood[1].id)).toBe(true);
  });

  it('folds the answer into its slot, drops stale ones, and fails what was in flight when the worker is lost', () => {
    const asked: TestImagesView = {
      requestId: 9,
      runUid: 'u1',
      domains: ['clean'],
      query: { kind: 'cell', trueClass: 1, predicted: 0, limit: 48 },
      rows: null,
      error: null,
    };
    const views = { ...noTestImages, cell: asked };
    const rows = [{ domain: 'clean' as const, severity: 0, matched: 1, images: [] }];
    expect(reduceTestImages(views, { type: 'testImages', requestId: 9, rows })).toEqual({
      testImages: { cell: { ...asked, requestId: null, rows }, gallery: null },
    });
    expect(reduceTestImages(views, { type: 'testImages', requestId: 8, rows })).toEqual({});
    const error = { name: 'Error', message: 'the dataset changed' };
    expect(reduceTestImages(views, { type: 'failed', requestId: 9, error })).toEqual({
      testImages: { cell: { ...asked, requestId: null, error }, gallery: null },
    });
    expect(failPendingTestImages(views, 'the training worker died').cell).toEqual({
      ...asked,
      requestId: null,
      error: { name: 'WorkerLost', message: 'the training worker died' },
    });
  });

  it('leave a failure of the session itself to the session, even when an answered view holds no request', () => {
    const answered: TestImagesView = {
      requestId: null,
      runUid: 'u1',
      domains: ['clean'],
      query: { kind: 'sample', perClass: 1, seed: 0 },
      rows: [],
      error: null,
    };
    const state = {
      ...initialState,
      status: 'ready' as const,
      testImages: { cell: answered, gallery: answered },
      modelChecks: { 'upload-1': { requestId: null, results: null, error: null } },
    };
    const error = { name: 'Error', message: 'the backend failed' };
    expect(reduceEvent(state, { type: 'failed', requestId: null, error })).toEqual({ sessionError: error });
  });
});
