/**
 * Finished runs persist in IndexedDB (database `tpgm-playground`, store `runs-by-uid`), so they
 * survive a reload and no tab overwrites another's. A missing, failing or silent IndexedDB (a private window, a quota, an `open` that never
 * completes: bounded to 5 s) is reported, never fatal.
 */
import { withUid, type FinishedRun } from './runs';
import { withinMs } from './time-bound';

const DB = 'tpgm-playground';
/** Version 2 keys runs by uid (version 1 keyed them by the tab's run number, so two tabs overwrote each other). */
const VERSION = 2;
const STORE = 'runs-by-uid';
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

export async function loadRuns(): Promise<FinishedRun[]> {
  const db = await open();
  const tx = db.transaction(STORE, 'readonly');
  const req = tx.objectStore(STORE).getAll();
  await done(tx);
  db.close();
  return (req.result as FinishedRun[]).map(withUid);
}

export async function clearRuns(): Promise<void> {
  const db = await open();
  const tx = db.transaction(STORE, 'readwrite');
  tx.objectStore(STORE).clear();
  await done(tx);
  db.close();
}
