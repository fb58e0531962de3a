/**
 * Going on with an interrupted run from its checkpoint (store/checkpoints.ts keeps them): which runs
 * can, the run that continues one (pure), and the bridge's actions that start it in the worker and
 * restore the runs an earlier page left in progress.
 */
import type { StoreApi } from 'zustand';

import type { RunCheckpoint, WorkerClient } from '../worker/protocol';
import { isRunActive, type AppState, type CurrentRun } from './app-store';
import { withoutCheckpoint, type CheckpointsSlice } from './checkpoints';
import { newRun } from './run-reducer';
import { mergeRuns, newRunUid, withUid, type FinishedRun } from './runs';

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
 * curves continue where the checkpoint was saved.
 */
export function continuedRun(
  interrupted: FinishedRun,
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
    radiusHistory: upTo(interrupted.radiusHistory ?? [], step),
    stepsDone: step,
  };
}

/**
 * How tabs of one browser keep a run from being continued twice (each tab that found it interrupted
 * offers it): the tab that continues it holds its claim for as long as the page lives, and says so.
 */
export interface ContinueClaims {
  /** Resolves true when this tab may continue run `uid` (it holds the claim), false when another tab does. */
  claim(uid: string): Promise<boolean>;
  /** Tells the other tabs that run `uid` is being continued here. */
  announce(uid: string): void;
}

export interface ContinueActions {
  /** Go on with an interrupted run from its newest checkpoint, as a new run. */
  continueRun(uid: string): void;
  /** Another tab continues run `uid`: it is not offered here any more. */
  continuedElsewhere(uid: string): void;
  /** Runs an earlier page left in progress (store/in-progress.ts): shown as interrupted, with their checkpoints. */
  restoreInterrupted(left: { run: FinishedRun; checkpoint: RunCheckpoint }[]): void;
}

/** The bridge's run numbers: the next one, and "at least this" (after restored runs). */
interface RunIds {
  next(): number;
  atLeast(n: number): void;
}

/**
 * The bridge's continue actions; with `claims` (the app), a run is continued only by the tab that claims
 * it first; without (one tab, the unit tests), at once.
 */
export function createContinueActions(
  store: StoreApi<AppState>,
  client: WorkerClient,
  ids: RunIds,
  claims: ContinueClaims | null = null,
): ContinueActions {
  const claiming = new Set<string>();
  /** Run `uid` is not offered here: another tab continues it (said once, while it was offered). */
  const elsewhere = (uid: string): void => {
    const state = store.getState();
    if (!(uid in state.checkpoints)) return;
    const run = state.runs.find((r) => r.uid === uid);
    const said = `Run ${run?.runId ?? '?'} is being continued in another tab of this browser, so it is not offered here any more.`;
    store.setState({ checkpoints: withoutCheckpoint(state.checkpoints, uid), notices: [...state.notices, said] });
  };
  const go = (uid: string): void => {
    const state = store.getState();
    const found = continuable(state, uid);
    if (!found || isRunActive(state.run?.state ?? null)) return;
    const { checkpoint } = found;
    const runId = ids.next();
    // the checkpoint passes to the run that continues it (which saves its own): the interrupted run stays
    // in the table as it was, and is not offered again
    const run = continuedRun(found.run, checkpoint, { runId, uid: newRunUid() });
    store.setState({ run, checkpoints: withoutCheckpoint(state.checkpoints, uid) });
    client.send({ type: 'start', runId, spec: { ...checkpoint.spec, exportModel: true }, from: checkpoint });
    claims?.announce(uid);
  };
  return {
    restoreInterrupted: (left) => {
      const known = new Set(store.getState().runs.map((r) => r.uid));
      const runs = left.filter((l) => !known.has(l.run.uid)).map((l) => withUid(l.run));
      if (runs.length > 0) {
        ids.atLeast(Math.max(...runs.map((r) => r.runId + 1)));
        store.setState({ runs: mergeRuns(store.getState().runs, runs) });
      }
      const restored = Object.fromEntries(left.map((l) => [l.run.uid, l.checkpoint]));
      store.setState({ checkpoints: { ...restored, ...store.getState().checkpoints } });
    },
    continueRun: (uid) => {
      const state = store.getState();
      if (!continuable(state, uid) || isRunActive(state.run?.state ?? null)) return;
      if (!claims) return go(uid);
      if (claiming.has(uid)) return; // a second press while the claim is asked for
      claiming.add(uid);
      // a claim that cannot be asked (the browser refused the lock) is no other tab's: this tab goes on
      const mine = claims.claim(uid).catch(() => true);
      void mine.then((yes) => {
        claiming.delete(uid);
        if (yes) go(uid);
        else elsewhere(uid);
      });
    },
    continuedElsewhere: elsewhere,
  };
}
