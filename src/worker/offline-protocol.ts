/**
 * TYPES ONLY: what the service worker (service-worker.ts) tells the pages about saving the app for
 * offline use. Not the training worker's protocol (protocol.ts). The page side is src/app/offline.ts.
 */

/** Service worker -> page, posted to every window of the app (controlled or not). */
export type OfflineMessage =
  /** After each file is saved: bytes of this version's files now in the cache, of all of them. */
  | { type: 'precacheProgress'; savedBytes: number; totalBytes: number }
  /** Saving failed, so this version's service worker will not activate; `message` says why. */
  | { type: 'precacheFailed'; message: string };
