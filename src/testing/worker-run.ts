/**
 * A small fine-tuning run of the worker's own handler in Node (CPU backend, the shipped MNIST), for tests
 * that need a finished run with its predictions and its trained weights.
 */
import { join } from 'node:path';

import { DEFAULT_CONFIG } from '../core/spec/config';
import type { RunSpec } from '../core/spec/run-spec';
import { createHandler } from '../worker/handler';
import type { ModelFiles, RunCheckpoint, RunSummary, WorkerEvent } from '../worker/protocol';
import { fileSource } from './node-source';

export const DATASETS_DIR = join(import.meta.dirname, '..', '..', 'public', 'datasets');

/** An MLP fine-tuned on 20 MNIST images per class, measured on clean, noise (drawn for the whole set at once) and inverted. */
export const smallRunSpec = (steps: number, testPerClass: number): RunSpec => ({
  datasetId: 'mnist',
  model: { kind: 'architecture', id: 'mlp' },
  purpose: 'finetune',
  exportModel: true,
  config: { ...DEFAULT_CONFIG, method: 'full-ft', steps, batchSize: 32 },
  idDomain: { id: 'clean', severity: 0 },
  oodDomains: [
    { id: 'noise', severity: 0.3 },
    { id: 'inverted', severity: 1 },
  ],
  trainPerClass: 20,
  testPerClass,
  liveTestPerClass: null,
  logEvery: steps,
  evalEvery: steps,
});

/** A fresh worker handler in Node on the CPU backend, with the shipped datasets and models, and its events. */
export async function nodeHandler() {
  const events: WorkerEvent[] = [];
  const handle = createHandler((e) => events.push(e), {
    datasetFolder: () => (path) => fileSource(join(DATASETS_DIR, path)),
    modelFolder: () => fileSource(join(DATASETS_DIR, '..', 'models')),
    yieldNow: () => new Promise((r) => setTimeout(r, 0)),
  });
  await handle({ type: 'init', baseUrl: 'http://localhost/', forcedBackend: 'cpu' });
  return { events, handle };
}

/**
 * `spec` run to its end by a fresh handler (a fresh worker): its events, the handler (for later
 * commands), summary and weights; with `from`, continued from that checkpoint.
 */
export async function finishedWorkerRun(spec: RunSpec, runId = 1, from?: RunCheckpoint) {
  const { events, handle } = await nodeHandler();
  await handle({ type: 'start', runId, spec, ...(from ? { from } : {}) });
  const finished = events.find((e) => e.type === 'finished');
  const exported = events.find((e) => e.type === 'modelExported');
  if (finished?.type !== 'finished' || exported?.type !== 'modelExported')
    throw new Error(
      `the run did not finish: ${JSON.stringify(events.filter((e) => e.type === 'runFailed' || e.type === 'failed'))}`,
    );
  const summary: RunSummary = finished.summary;
  const files: ModelFiles = exported.files;
  return { events, handle, summary, files };
}
