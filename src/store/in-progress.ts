/**
 * A run in progress survives the page: at each of its checkpoints the run as it stands (marked
 * interrupted) and the checkpoint are written to IndexedDB (runs-db.ts `in-progress`), and the tab holds
 * a Web Lock named after the run while it trains. After a reload, a closed tab or a crashed browser, the
 * next page finds the entry with no tab holding its lock: the run is shown as interrupted, and can go on
 * from its checkpoint. An entry whose lock is held belongs to a run still training in another tab.
 */
import type { StoreApi } from 'zustand';

import type { RunCheckpoint } from '../worker/protocol';
import { isRunActive, type AppState } from './app-store';
import { interruptedRun } from './lost-worker';
import { dropInProgress, loadInProgress, saveInProgress, type InProgress } from './runs-db';
import type { FinishedRun } from './runs';

/** Why a run found in progress by a later page is interrupted. */
export const PAGE_WENT_AWAY = 'stopped when the page was reloaded or closed';

const lockName = (uid: string): string => `tpgm-run:${uid}`;

/** Holds the run's lock until `released` resolves (no-op where Web Locks are missing). */
function holdLock(uid: string, released: Promise<void>): void {
  void navigator.locks?.request(lockName(uid), () => released);
}

async function lockHeld(uid: string): Promise<boolean> {
  if (!navigator.locks) return false;
  const { held = [] } = await navigator.locks.query();
  return held.some((l) => l.name === lockName(uid));
}

/**
 * Writes the current run's newest checkpoint (with the run as it stands) while it trains, and drops it
 * when the run finishes or fails; a run whose worker was lost keeps its entry, so it can still go on
 * after a reload. Returns the unsubscribe.
 */
export function persistInProgress(store: StoreApi<AppState>, notice: (text: string) => void): () => void {
  let locked: { uid: string; release: () => void } | null = null;
  let warned = false;
  const fail = (err: unknown): void => {
    if (warned) return; // once per page: every checkpoint would say it again
    warned = true;
    notice(`The run's checkpoints could not be kept in the browser's storage: ${(err as Error).message}`);
  };
  return store.subscribe((s, prev) => {
    const run = s.run;
    const checkpoint = run ? s.checkpoints[run.uid] : undefined;
    if (run && checkpoint && checkpoint !== prev.checkpoints[run.uid] && isRunActive(run.state)) {
      if (locked?.uid !== run.uid) {
        locked?.release();
        let release = (): void => undefined;
        holdLock(run.uid, new Promise<void>((r) => (release = r)));
        locked = { uid: run.uid, release };
      }
      const entry: InProgress = {
        uid: run.uid,
        run: interruptedRun(run, PAGE_WENT_AWAY, s.backend?.name ?? 'cpu'),
        checkpoint,
      };
      saveInProgress(entry).catch(fail);
    }
    // a checkpoint that went from the page (its run finished or failed, was continued, or was the oldest
    // kept) goes from storage too; a run whose worker was lost keeps its checkpoint, so its entry stays
    for (const uid of Object.keys(prev.checkpoints)) if (!(uid in s.checkpoints)) dropInProgress(uid).catch(fail);
    if (locked !== null && !(s.run?.uid === locked.uid && isRunActive(s.run.state))) {
      locked.release();
      locked = null;
    }
  });
}

/** Runs left in progress by earlier pages (not training in another tab now), with their checkpoints. */
export async function leftInProgress(): Promise<{ run: FinishedRun; checkpoint: RunCheckpoint }[]> {
  const entries = await loadInProgress();
  const left: { run: FinishedRun; checkpoint: RunCheckpoint }[] = [];
  for (const e of entries) if (!(await lockHeld(e.uid))) left.push({ run: e.run, checkpoint: e.checkpoint });
  return left;
}
