/**
 * Time to the first step after Start, and evaluation throughput (issue #16), through the app's worker in
 * headless Chromium: a run started on a freshly opened worker (nothing loaded, no kernel compiled), its
 * events stamped as they arrive in Node.
 *   Start → data and model ready: the 'evaluating' state of θ0's evaluation (dataset, model, domains);
 *   Start → training: 'warming-up' (θ0 evaluated: every evaluation kernel compiled);
 *   Start → first step: the first step's loss read back (logEvery 1: the training kernels compiled too).
 * Throughput: the run's final evaluation, from its 'evaluating' state to 'finished', over the images
 * of every domain's test set it evaluated (counted from the confusion matrices).
 */
import type { RunSpec } from '../../src/core/spec/run-spec';
import type { BackendName, RunSummary, WorkerEvent } from '../../src/worker/protocol';
import type { HeadlessWorker } from './headless-worker';
import { runSpec } from './run-spec';

export interface StartTiming {
  backend: BackendName;
  /** Start → θ0's evaluation begins (dataset, model and domains ready), ms. */
  toData: number;
  /** Start → training begins (θ0 evaluated), ms. */
  toTraining: number;
  /** Start → the first step's loss read back, ms. */
  toFirstStep: number;
  /** Images in the final evaluation (every domain's test set), and how long it took, ms. */
  evalImages: number;
  evalMs: number;
}

export const imagesPerSecond = (t: StartTiming): number => (1000 * t.evalImages) / t.evalMs;

/** Images the final evaluation saw: the sum of every domain's confusion matrix. */
export function evaluatedImages(summary: RunSummary): number {
  return summary.final.results.reduce(
    (n, r) => n + (r.confusion ?? []).reduce((m, row) => m + row.reduce((a, b) => a + b, 0), 0),
    0,
  );
}

/** The timeline of one run, from the stamped events (pure: unit-tested). */
export function startTiming(
  backend: BackendName,
  startedAt: number,
  stamped: readonly { at: number; event: WorkerEvent }[],
  summary: RunSummary,
): StartTiming {
  const first = (match: (e: WorkerEvent) => boolean): number => {
    const hit = stamped.find((s) => match(s.event));
    if (!hit) throw new Error('the run did not go through every state a timing needs');
    return hit.at - startedAt;
  };
  const state = (name: string) => (e: WorkerEvent) => e.type === 'runState' && e.state === name;
  const evaluations = stamped.filter((s) => state('evaluating')(s.event));
  const finished = stamped.find((s) => s.event.type === 'finished');
  if (evaluations.length < 2 || !finished) throw new Error('the run has no final evaluation to time');
  return {
    backend,
    toData: first(state('evaluating')),
    toTraining: first(state('warming-up')),
    toFirstStep: first((e) => e.type === 'steps'),
    evalImages: evaluatedImages(summary),
    evalMs: finished.at - evaluations[evaluations.length - 1].at,
  };
}

/** Starts `spec` (logEvery 1) on `worker`, fresh from `openHeadlessWorker`, and times it. */
export async function timeStart(worker: HeadlessWorker, runId: number, spec: RunSpec): Promise<StartTiming> {
  const stamped: { at: number; event: WorkerEvent }[] = [];
  worker.onEvent((event) => {
    if ('runId' in event && event.runId === runId) stamped.push({ at: performance.now(), event });
  });
  const startedAt = performance.now();
  const summary = await runSpec(worker, runId, { ...spec, logEvery: 1 });
  return startTiming(worker.backend.name, startedAt, stamped, summary);
}
