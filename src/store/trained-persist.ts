/**
 * A run's trained weights survive the page: each model a run of this page hands back is written to
 * IndexedDB (runs-db.ts `trained-models`, the newest KEPT_MODELS of every tab together), and the next
 * page puts them back beside their runs, so the runs table's download works after a reload. Storage that
 * fails (a full quota, a private window) is said once per run, and the weights stay on this page.
 */
import type { StoreApi } from 'zustand';

import type { ModelFiles } from '../worker/protocol';
import type { AppState } from './app-store';
import type { SavedModel } from './runs-db';
import { KEPT_MODELS } from './trained-models';

/** Where the models go: runs-db.ts in the app, a stand-in in tests. */
export interface ModelStorage {
  save(entry: SavedModel, keep: number): Promise<void>;
  load(): Promise<SavedModel[]>;
}

/** Models put back from storage: already stored, so not written again. */
const restored = new WeakSet<ModelFiles>();

/**
 * Writes each model new to `trainedModels` (not the ones `restoreTrainedModels` put back) and says
 * why, once per run, when the storage refuses it. Returns the unsubscribe.
 */
export function persistTrainedModels(
  store: StoreApi<AppState>,
  storage: ModelStorage,
  notice: (text: string) => void,
  now: () => number = Date.now,
): () => void {
  return store.subscribe((s, prev) => {
    if (s.trainedModels === prev.trainedModels) return;
    for (const [uid, files] of Object.entries(s.trainedModels)) {
      if (prev.trainedModels[uid] === files || restored.has(files)) continue;
      storage.save({ uid, files, savedAt: now() }, KEPT_MODELS).catch((err: unknown) => {
        const run = s.runs.find((r) => r.uid === uid);
        notice(
          `The trained model of ${run ? `run ${run.runId}` : 'a run'} could not be kept in the browser's storage ` +
            `(${(err as Error).message}): it can be downloaded from the runs table until this page reloads`,
        );
      });
    }
  });
}

/**
 * Puts the stored models back, older than this page's own (which win for the same run), the newest
 * KEPT_MODELS in all; resolves to how many came back.
 */
export async function restoreTrainedModels(store: StoreApi<AppState>, storage: ModelStorage): Promise<number> {
  const saved = await storage.load();
  saved.forEach((m) => restored.add(m.files));
  const current = store.getState().trainedModels;
  const fromStorage = saved.filter((m) => !(m.uid in current)).map((m) => [m.uid, m.files] as const);
  const merged = [...fromStorage, ...Object.entries(current)].slice(-KEPT_MODELS);
  store.setState({ trainedModels: Object.fromEntries(merged) });
  return fromStorage.length;
}
