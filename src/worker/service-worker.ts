/**
 * The service worker: Workbox precaches every file of the build (the app, the training worker and its
 * .wasm, the models, the datasets and the recordings; the list and each file's revision are injected at
 * build time by vite-plugin-pwa, see vite.config.ts) so that after one visit the app works with the
 * server gone. Not the training worker (trainer.worker.ts), and no cache of our own: what it adds to
 * Workbox's precacheAndRoute is telling the pages how far saving has got (offline-protocol.ts).
 *
 * Updates: a new build brings a new list; install downloads only the entries whose revision changed
 * (Workbox skips entries already cached under the same revision), activation deletes those no longer
 * listed. skipWaiting + clientsClaim: the new files replace the old at once, while an open page keeps
 * the code it has already loaded (nothing reloads it mid-run): the new version shows on the next load.
 */
import { clientsClaim } from 'workbox-core';
import { PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';

import type { OfflineMessage } from './offline-protocol';

declare const self: ServiceWorkerGlobalScope;

/** An entry as the build injects it: Workbox's, plus the file's size (vite.config.ts), for the progress. */
type SizedEntry = PrecacheEntry & { bytes?: number };
const entries: SizedEntry[] = self.__WB_MANIFEST.map((e) => (typeof e === 'string' ? { url: e } : e));
const totalBytes = entries.reduce((sum, e) => sum + (e.bytes ?? 0), 0);

async function tell(message: OfflineMessage): Promise<void> {
  // includeUncontrolled: on the first visit the page that registered us is not controlled yet
  const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const page of pages) page.postMessage(message);
}

/** Cache keys (Workbox's URL + revision) of this version's files already saved, counted once each. */
const saved = new Set<string>();
const bytesByKey = new Map<string, number>();
const savedBytes = (): number => [...saved].reduce((sum, key) => sum + (bytesByKey.get(key) ?? 0), 0);
const reportProgress = (): Promise<void> => tell({ type: 'precacheProgress', savedBytes: savedBytes(), totalBytes });

const precache = new PrecacheController({
  plugins: [
    {
      cacheDidUpdate: async ({ request }) => {
        saved.add(request.url);
        await reportProgress();
      },
    },
  ],
});
// Workbox's entries without our size field (it would only be carried along)
precache.addToCacheList(entries.map(({ url, revision, integrity }) => ({ url, revision, integrity })));
for (const e of entries)
  bytesByKey.set(precache.getCacheKeyForURL(new URL(e.url, self.location.href).href) ?? e.url, e.bytes ?? 0);

/** On an update, the files whose revision did not change are already there: they count as saved. */
async function countAlreadySaved(): Promise<void> {
  const cache = await caches.open(precache.strategy.cacheName);
  for (const request of await cache.keys()) if (bytesByKey.has(request.url)) saved.add(request.url);
  await reportProgress();
}

self.addEventListener('install', (event) => {
  void self.skipWaiting();
  const install = countAlreadySaved().then(() => precache.install(event));
  event.waitUntil(
    install.catch(async (err: unknown) => {
      // e.g. a file missing on the server, or the browser's storage quota exceeded
      await tell({ type: 'precacheFailed', message: err instanceof Error ? err.message : String(err) });
      throw err;
    }),
  );
});
self.addEventListener('activate', (event) => event.waitUntil(precache.activate(event)));
clientsClaim();

// Every request for a precached file is answered from the cache. Query strings are ignored: the page
// is opened as `/?view=lecture`, `/?backend=wasm` …, and no file of ours differs by query.
registerRoute(new PrecacheRoute(precache, { ignoreURLParametersMatching: [/.*/] }));
