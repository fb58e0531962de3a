/** One run through the headless worker: start it and wait for its summary (a failed run throws with why). */
import type { RunSpec } from '../../src/core/spec/run-spec';
import type { RunSummary, WorkerEvent } from '../../src/worker/protocol';
import type { HeadlessWorker } from './headless-worker';

export async function runSpec(worker: HeadlessWorker, runId: number, spec: RunSpec): Promise<RunSummary> {
  const end = worker.next(
    (e): e is Extract<WorkerEvent, { type: 'finished' | 'runFailed' }> =>
      (e.type === 'finished' || e.type === 'runFailed') && e.runId === runId,
  );
  await worker.send({ type: 'start', runId, spec });
  const result = await end;
  if (result.type === 'runFailed') {
    throw new Error(`${spec.config.method} seed ${spec.config.seed} failed: ${result.error.message}`);
  }
  return result.summary;
}
