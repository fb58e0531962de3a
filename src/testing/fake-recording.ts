/**
 * A small, hand-made recording for tests of the replay: 20 steps of a TPGM run, an evaluation at steps
 * 0, 10 and 20, per-layer statistics at 10 and 20, and its summary, as `npm run record` writes them.
 */
import { DEFAULT_CONFIG } from '../core/spec/config';
import type { RunSpec } from '../core/spec/run-spec';
import type { RunSummary, WorkerEvent } from '../worker/protocol';
import { recordEvents, RECORDING_FORMAT, type Recording } from '../worker/recording';

const result = (acc: number) => [
  { domain: 'clean' as const, isId: true, accuracy: acc, loss: 1 - acc },
  { domain: 'inverted' as const, isId: false, accuracy: acc / 2, loss: 2 - acc },
];

const layers = (step: number, radius: number) => ({
  step,
  layers: [
    {
      name: 'conv1/kernel',
      isHead: false,
      deviation: radius / 2,
      anchorNorm: 4,
      relativeDeviation: radius / 8,
      radius,
      boundedDeviation: radius,
      projectionRatio: 0.5,
      wantedDeviation: radius,
      wantedBoundedDeviation: 2 * radius,
    },
  ],
});

/** A spec of the shape the app makes (the store's defaultDraft), without importing the store. */
export const FAKE_SPEC: RunSpec = {
  datasetId: 'mnist',
  model: { kind: 'pretrained', id: 'cnn-small-mnist' },
  purpose: 'finetune',
  exportModel: false,
  config: { ...DEFAULT_CONFIG, method: 'tpgm', steps: 20 },
  idDomain: { id: 'clean', severity: 0 },
  oodDomains: [{ id: 'inverted', severity: 1 }],
  trainPerClass: 10,
  testPerClass: 10,
  liveTestPerClass: 3,
  logEvery: 10,
  evalEvery: 10,
};

export function fakeRecording(spec: RunSpec = FAKE_SPEC, id = 'mnist-b1-tpgm-s0', wallMs = 2000): Recording {
  const runId = 7;
  const summary: RunSummary = {
    steps: 20,
    stopped: false,
    wallMs,
    medianStepMs: 50,
    final: { step: 20, results: result(0.9), scope: { kind: 'full', images: 100 } },
    layers: layers(20, 0.2),
    backend: 'wasm',
  };
  const events: WorkerEvent[] = [
    { type: 'runState', runId, state: 'preparing', detail: 'loading' },
    { type: 'eval', runId, point: { step: 0, results: result(0.5), scope: { kind: 'live', perClass: 3, images: 30 } } },
    { type: 'runState', runId, state: 'running', detail: 'training' },
    { type: 'alive' } as unknown as WorkerEvent, // not a run event: dropped
    {
      type: 'steps',
      runId,
      points: [{ step: 10, loss: 1.2, lr: 0.01 }],
      stepsPerSecond: 10,
      stepsDone: 10,
      totalSteps: 20,
      etaMs: 1000,
    },
    { type: 'eval', runId: runId + 1, point: { step: 10, results: result(0.1) } }, // another run's: dropped
    { type: 'eval', runId, point: { step: 10, results: result(0.7) } },
    { type: 'layers', runId, point: layers(10, 0.1) },
    {
      type: 'steps',
      runId,
      points: [{ step: 20, loss: 0.8, lr: 0 }],
      stepsPerSecond: 10,
      stepsDone: 20,
      totalSteps: 20,
      etaMs: 0,
    },
    { type: 'eval', runId, point: { step: 20, results: result(0.8) } },
    { type: 'layers', runId, point: layers(20, 0.2) },
    { type: 'finished', runId, summary },
  ];
  return {
    format: RECORDING_FORMAT,
    id,
    title: 'TPGM · B1 · seed 0',
    recordedAt: '2026-12-02T18:00:00.000Z',
    backend: { name: 'wasm', adapter: 'test' },
    machine: '2 × test',
    command: 'test',
    spec: { ...spec, config: { ...spec.config, steps: 20 } },
    wallMs,
    entries: recordEvents(events, runId),
  };
}
