/**
 * Finished runs persist in IndexedDB (database `tpgm-playground`, store `runs-by-uid`), so they
 * survive a reload and no tab overwrites another's. A run in progress keeps its newest checkpoint
 * there too (store `in-progress`, with the run as it stood), so that a reload or a closed tab leaves an
 * interrupted run that can go on; the entry goes when the run ends. The trained weights of the newest
 * runs are kept beside them (store `trained-models`), so a run's model can be downloaded after a reload.
 * A missing, failing or silent IndexedDB (a private window, a quota, an `open` that never completes:
 * bounded to 5 s) is reported, never fatal.
 */
import type { ModelFiles, RunCheckpoint } from '../worker/protocol';
import { withUid, type FinishedRun } from './runs';
import { withinMs } from './time-bound';

const DB = 'tpgm-playground';
/**
 * Version 2 keys runs by uid (version 1 keyed them by the tab's run number, so two tabs overwrote each
 * other); version 3 adds the runs in progress, version 4 the trained models.
 */
const VERSION = 4;
const STORE = 'runs-by-uid';
const IN_PROGRESS = 'in-progress';
const TRAINED = 'trained-models';
const V1_STORE = 'runs';

/** IndexedDB answers in milliseconds; one that has not answered in this long never will (seen: an `open` that hangs). */
const IDB_TIMEOUT_MS = 5000;

function open(): Promise<IDBDatabase> {
  return withinMs(
    openNow(),
    IDB_TIMEOUT_MS,
    `the browser's storage (IndexedDB) did not answer within ${IDB_TIMEOUT_MS / 1000} s; runs stay on this page only`,
  );
}

function openNow(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') {
      reject(new Error('IndexedDB is not available here'));
      return;
    }
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(IN_PROGRESS)) db.createObjectStore(IN_PROGRESS, { keyPath: 'uid' });
      if (!db.objectStoreNames.contains(TRAINED)) db.createObjectStore(TRAINED, { keyPath: 'uid' });
      if (db.objectStoreNames.contains(STORE)) return; // from version 2: its runs stay as they are
      const runs = db.createObjectStore(STORE, { keyPath: 'uid' });
      if (!db.objectStoreNames.contains(V1_STORE)) return;
      // carry version 1's runs over, each with the uid it would have been given (withUid), then drop them
      const old = req.transaction?.objectStore(V1_STORE).getAll();
      if (!old) return;
      old.onsuccess = () => {
        for (const r of old.result as FinishedRun[]) runs.put(withUid(r));
        db.deleteObjectStore(V1_STORE);
      };
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function saveRun(run: FinishedRun): Promise<void> {
  const db = await open();
  const tx = db.transaction(STORE, 'readwrite');
  tx.objectStore(STORE).put(run);
  await done(tx);
  db.close();
}

/** Every record of one store. */
async function readAll<T>(store: string): Promise<T[]> {
  const db = await open();
  const tx = db.transaction(store, 'readonly');
  const req = tx.objectStore(store).getAll();
  await done(tx);
  db.close();
  return req.result as T[];
}

export async function loadRuns(): Promise<FinishedRun[]> {
  return (await readAll<FinishedRun>(STORE)).map(withUid);
}

/**
 * Every saved run, their trained models, and the checkpoints of interrupted ones (a run in progress
 * writes its own again).
 */
export async function clearRuns(): Promise<void> {
  const db = await open();
  const tx = db.transaction([STORE, IN_PROGRESS, TRAINED], 'readwrite');
  tx.objectStore(STORE).clear();
  tx.objectStore(IN_PROGRESS).clear();
  tx.objectStore(TRAINED).clear();
  await done(tx);
  db.close();
}

/** A run in progress as a reload would leave it: interrupted at its newest checkpoint, which it can go on from. */
export interface InProgress {
  uid: string;
  /** The run as it stood at the checkpoint, marked interrupted (the reason says the page went away). */
  run: FinishedRun;
  checkpoint: RunCheckpoint;
}

export async function saveInProgress(entry: InProgress): Promise<void> {
  const db = await open();
  const tx = db.transaction(IN_PROGRESS, 'readwrite');
  tx.objectStore(IN_PROGRESS).put(entry);
  await done(tx);
  db.close();
}

export async function dropInProgress(uid: string): Promise<void> {
  const db = await open();
  const tx = db.transaction(IN_PROGRESS, 'readwrite');
  tx.objectStore(IN_PROGRESS).delete(uid);
  await done(tx);
  db.close();
}

export function loadInProgress(): Promise<InProgress[]> {
  return readAll<InProgress>(IN_PROGRESS);
}

/** A run's trained weights as stored, with when they were stored (the oldest go first). */
export interface SavedModel {
  uid: string;
  files: ModelFiles;
  savedAt: number;
}

/** Stores `entry`, then lets the oldest go past the newest `keep` (every tab's together). */
export async function saveTrainedModel(entry: SavedModel, keep: number): Promise<void> {
  const db = await open();
  const tx = db.transaction(TRAINED, 'readwrite');
  const models = tx.objectStore(TRAINED);
  models.put(entry);
  const all = models.getAll();
  all.onsuccess = () => {
    const byAge = (all.result as SavedModel[]).sort((a, b) => a.savedAt - b.savedAt);
    for (const old of byAge.slice(0, Math.max(0, byAge.length - keep))) models.delete(old.uid);
  };
  await done(tx);
  db.close();
}

/** The stored trained models, oldest first. */
export async function loadTrainedModels(): Promise<SavedModel[]> {
  return (await readAll<SavedModel>(TRAINED)).sort((a, b) => a.savedAt - b.savedAt);
}
