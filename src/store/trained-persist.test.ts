import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';

import type { ModelFiles } from '../worker/protocol';
import { initialState, type AppState } from './app-store';
import type { SavedModel } from './runs-db';
import { persistTrainedModels, restoreTrainedModels, type ModelStorage } from './trained-persist';
import { KEPT_MODELS, keepModel } from './trained-models';
import type { FinishedRun } from './runs';

const files = (tag: number): ModelFiles => ({
  modelTopology: { tag },
  weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' }],
  weightData: new Float32Array([tag]).buffer,
});

/** A storage in memory that keeps the newest `keep`, as runs-db.ts does; `refuse` makes saves fail. */
function memoryStorage(initial: SavedModel[] = [], refuse: string | null = null) {
  const kept: SavedModel[] = [...initial];
  const storage: ModelStorage = {
    save: (entry, keep) => {
      if (refuse) return Promise.reject(new Error(refuse));
      kept.push(entry);
      kept.sort((a, b) => a.savedAt - b.savedAt).splice(0, Math.max(0, kept.length - keep));
      return Promise.resolve();
    },
    load: () => Promise.resolve([...kept]),
  };
  return { storage, kept };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('trained models survive the page', () => {
  it('stores each model a run hands back, once, and a later page puts it back beside its run', async () => {
    const { storage, kept } = memoryStorage();
    const page1 = createStore<AppState>()(() => initialState);
    let clock = 100;
    const stop = persistTrainedModels(
      page1,
      storage,
      () => undefined,
      () => clock++,
    );
    page1.setState({ trainedModels: keepModel({}, 'run-a', files(1)) });
    page1.setState({ trainedModels: keepModel(page1.getState().trainedModels, 'run-b', files(2)) });
    page1.setState({ notices: ['something else changed'] });
    await settle();
    expect(kept.map((m) => [m.uid, m.savedAt])).toEqual([
      ['run-a', 100],
      ['run-b', 101],
    ]);
    stop();

    // the reload: a fresh page whose own run finished first, then the stored ones come back, older
    const page2 = createStore<AppState>()(() => initialState);
    persistTrainedModels(
      page2,
      storage,
      () => undefined,
      () => clock++,
    );
    page2.setState({ trainedModels: keepModel({}, 'run-c', files(3)) });
    await expect(restoreTrainedModels(page2, storage)).resolves.toBe(2);
    expect(Object.keys(page2.getState().trainedModels)).toEqual(['run-a', 'run-b', 'run-c']);
    expect(new Float32Array(page2.getState().trainedModels['run-a'].weightData)[0]).toBe(1);
    await settle();
    expect(kept.map((m) => m.uid)).toEqual(['run-a', 'run-b', 'run-c']); // put back: not stored again
  });

  it('keeps the newest KEPT_MODELS, stored and put back, and this page’s own model wins for its run', async () => {
    const stored = Array.from({ length: KEPT_MODELS }, (_, i) => ({ uid: `old-${i}`, files: files(i), savedAt: i }));
    const { storage } = memoryStorage(stored);
    const page = createStore<AppState>()(() => initialState);
    const mine = files(99);
    page.setState({ trainedModels: { 'old-3': mine, fresh: files(100) } });
    await restoreTrainedModels(page, storage);
    const kept = page.getState().trainedModels;
    expect(Object.keys(kept)).toHaveLength(KEPT_MODELS);
    expect(Object.keys(kept).slice(-2)).toEqual(['old-3', 'fresh']);
    expect(kept['old-3']).toBe(mine);
    expect(kept).not.toHaveProperty('old-0'); // the oldest went
  });

  it('says once per run, by its number, that a full storage kept nothing, and the model stays on the page', async () => {
    const { storage } = memoryStorage([], 'QuotaExceededError: the quota has been exceeded');
    const page = createStore<AppState>()(() => ({
      ...initialState,
      runs: [{ uid: 'run-a', runId: 4 } as FinishedRun],
    }));
    const notices: string[] = [];
    persistTrainedModels(page, storage, (t) => notices.push(t));
    page.setState({ trainedModels: keepModel({}, 'run-a', files(1)) });
    page.setState({ trainedModels: { ...page.getState().trainedModels } }); // the same model: not again
    await settle();
    expect(notices).toEqual([
      "The trained model of run 4 could not be kept in the browser's storage (QuotaExceededError: the quota has " +
        'been exceeded): it can be downloaded from the runs table until this page reloads',
    ]);
    expect(page.getState().trainedModels['run-a']).toBeDefined();
  });
});
