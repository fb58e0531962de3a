/**
 * Going on with an interrupted run from its checkpoint (store/checkpoints.ts keeps them): which runs
 * can, and the run that continues one. Pure; the bridge's `continueRun` sends it to the worker.
 */
import type { RunCheckpoint } from '../worker/protocol';
import type { CurrentRun } from './app-store';
import type { CheckpointsSlice } from './checkpoints';
import { newRun } from './run-reducer';
import type { FinishedRun } from './runs';

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
