/**
 * Checkpoints on the page: the worker saves a run's state every CHECKPOINT_EVERY steps and at every
 * evaluation (worker/session.ts); the newest of each run is kept here, outside the worker, so that a run
 * whose worker died, hung or lost its device can go on from it in a fresh worker and take the same
 * steps it would have taken. A finished run's checkpoint is dropped; an interrupted run's is kept (the
 * newest KEPT_CHECKPOINTS of them). Pure, like the bridge's reducer that calls it.
 */
import type { RunCheckpoint, WorkerEvent } from '../worker/protocol';

export interface CheckpointsSlice {
  /** The newest checkpoint of the current run and of interrupted runs, by run uid. */
  checkpoints: Record<string, RunCheckpoint>;
}

/** Interrupted runs whose checkpoints are kept (each is about 3× the model's weights). */
export const KEPT_CHECKPOINTS = 4;

/** `kept` with `uid`'s checkpoint put last (newest), the oldest dropped past the limit (the current run's never). */
function keep(
  kept: Record<string, RunCheckpoint>,
  uid: string,
  checkpoint: RunCheckpoint,
): Record<string, RunCheckpoint> {
  const rest = Object.entries(kept).filter(([k]) => k !== uid);
  return Object.fromEntries([...rest.slice(Math.max(0, rest.length - KEPT_CHECKPOINTS)), [uid, checkpoint]]);
}

export function reduceCheckpoints(
  state: CheckpointsSlice & { run: { runId: number; uid: string } | null },
  event: WorkerEvent,
): Partial<CheckpointsSlice> {
  const run = state.run;
  if (run === null || !('runId' in event) || event.runId !== run.runId) return {};
  if (event.type === 'checkpoint') return { checkpoints: keep(state.checkpoints, run.uid, event.checkpoint) };
  if (event.type === 'finished' || event.type === 'runFailed') {
    return run.uid in state.checkpoints ? { checkpoints: withoutCheckpoint(state.checkpoints, run.uid) } : {};
  }
  return {};
}

/** `kept` without `uid`'s checkpoint. */
export const withoutCheckpoint = (kept: Record<string, RunCheckpoint>, uid: string): Record<string, RunCheckpoint> =>
  Object.fromEntries(Object.entries(kept).filter(([k]) => k !== uid));
