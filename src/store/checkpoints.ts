/**
 * Checkpoints on the page: the worker saves a run's state every CHECKPOINT_EVERY steps and at every
 * evaluation (worker/session.ts); the newest of each run is kept here, outside the worker, so that a run
 * whose worker died, hung or lost its device can go on from it in a fresh worker and take the same
 * steps it would have taken. A finished run's checkpoint is dropped; an interrupted run's is kept (the
 * newest KEPT_CHECKPOINTS of them). Pure, like the bridge's reducer that calls it.
 */
import type { RunCheckpoint, WorkerEvent } from '../worker/protocol';
import type { CurrentRun } from './app-store';
import { newRun } from './run-reducer';
import type { FinishedRun } from './runs';

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
  state: CheckpointsSlice & { run: Pick<CurrentRun, 'runId' | 'uid'> | null },
  event: WorkerEvent,
): Partial<CheckpointsSlice> {
  const run = state.run;
  if (run === null || !('runId' in event) || event.runId !== run.runId) return {};
  if (event.type === 'checkpoint') return { checkpoints: keep(state.checkpoints, run.uid, event.checkpoint) };
  if (event.type === 'finished' || event.type === 'runFailed') {
    if (!(run.uid in state.checkpoints)) return {};
    return { checkpoints: Object.fromEntries(Object.entries(state.checkpoints).filter(([k]) => k !== run.uid)) };
  }
  return {};
}

/** The checkpoint an interrupted run can go on from, or null. */
export function continuable(
  state: CheckpointsSlice & { runs: readonly FinishedRun[] },
  uid: string,
): { run: FinishedRun; checkpoint: RunCheckpoint } | null {
  const run = state.runs.find((r) => r.uid === uid);
  const checkpoint = state.checkpoints[uid];
  if (!run?.summary.interrupted || checkpoint === undefined) return null;
  return { run, checkpoint };
}

const upTo = <T extends { step: number }>(points: readonly T[], step: number): T[] =>
  points.filter((p) => p.step <= step);

/**
 * The run that goes on from `checkpoint`: a new run (its own number and uid; the interrupted one stays
 * as it was) that starts with what the interrupted run measured up to the checkpoint's step, so its
 * curves continue where the checkpoint was saved. `live` is the interrupted run as it was on screen,
 * if it still is: its per-layer radius history is not kept with finished runs.
 */
export function continuedRun(
  interrupted: FinishedRun,
  live: CurrentRun | null,
  checkpoint: RunCheckpoint,
  ids: { runId: number; uid: string },
): CurrentRun {
  const base = newRun({
    ...ids,
    spec: checkpoint.spec,
    state: 'preparing',
    detail: `continuing run ${interrupted.runId} from its checkpoint at step ${checkpoint.step}`,
    startedAt: Date.now() - checkpoint.wallMs,
  });
  const step = checkpoint.step;
  return {
    ...base,
    steps: upTo(interrupted.steps, step),
    evals: upTo(interrupted.evals, step),
    radiusHistory: live?.uid === interrupted.uid ? upTo(live.radiusHistory, step) : [],
    stepsDone: step,
  };
}
