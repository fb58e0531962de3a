/**
 * Registers the service worker (worker/service-worker.ts, built by vite-plugin-pwa) in the production
 * build, and feeds its life cycle and its progress messages into the offline store that the header
 * shows. Not in the dev server: Vite serves source modules there, and there is no build to save.
 * Our own module rather than the plugin's injected script, which would be inline (the CSP forbids it).
 * The raw ServiceWorker API rather than workbox-window: an update found by the browser's own check on
 * navigation is often already installing when this runs, and workbox-window reports no life cycle for it.
 */
import { offlineActions } from '../store/offline-store';
import type { OfflineMessage } from '../worker/offline-protocol';

function isOfflineMessage(data: unknown): data is OfflineMessage {
  const type = (data as { type?: unknown } | null)?.type;
  return type === 'precacheProgress' || type === 'precacheFailed';
}

function onMessage(event: MessageEvent): void {
  if (!isOfflineMessage(event.data)) return;
  const m = event.data;
  // a message and the worker's state change are separate tasks: progress that arrives once its worker
  // has installed is stale and would turn "Available offline" back into "saving"
  if (m.type === 'precacheProgress' && event.source instanceof ServiceWorker && event.source.state !== 'installing')
    return;
  if (m.type === 'precacheProgress')
    offlineActions.dispatch({ type: 'progress', savedBytes: m.savedBytes, totalBytes: m.totalBytes });
  else offlineActions.dispatch({ type: 'failed', reason: `saving the files failed (${m.message})` });
}

/** Follows a service worker that is installing or waiting until it is activated or has failed. */
function follow(worker: ServiceWorker | null, followed: WeakSet<ServiceWorker>): void {
  if (!worker || followed.has(worker)) return;
  followed.add(worker);
  const onStateChange = (): void => {
    if (worker.state === 'activated') {
      worker.removeEventListener('statechange', onStateChange); // its later replacement is no failure
      offlineActions.dispatch({ type: 'activated' });
    } else if (worker.state === 'redundant') {
      worker.removeEventListener('statechange', onStateChange);
      offlineActions.dispatch({ type: 'failed', reason: 'the service worker stopped before every file was saved' });
    }
  };
  worker.addEventListener('statechange', onStateChange);
  onStateChange(); // it may have got there before we listened
}

async function register(container: ServiceWorkerContainer): Promise<void> {
  const followed = new WeakSet<ServiceWorker>();
  const registration = (await container.register(`${import.meta.env.BASE_URL}service-worker.js`, {
    scope: import.meta.env.BASE_URL,
  })) as ServiceWorkerRegistration | undefined;
  // a blocked registration may resolve with nothing (Playwright's serviceWorkers: 'block' does)
  if (!registration) {
    offlineActions.dispatch({ type: 'unsupported', reason: 'service workers are blocked in this browser' });
    return;
  }
  // an active worker has saved every file of its version (it activates only after a complete install)
  if (registration.active) offlineActions.dispatch({ type: 'active' });
  follow(registration.installing, followed);
  follow(registration.waiting, followed);
  registration.addEventListener('updatefound', () => follow(registration.installing, followed));
}

/** Starts offline use in the production build: registers after the page has loaded, so as not to compete with it. */
export function startOfflineUse(): void {
  if (!import.meta.env.PROD) return;
  offlineActions.begin(String(import.meta.env.VITE_BUILD_ID ?? ''));
  // missing where the page is not a secure context (http other than localhost) or workers are blocked
  const container = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  if (!container) {
    offlineActions.dispatch({
      type: 'unsupported',
      reason: window.isSecureContext
        ? 'this browser allows no service worker here (blocked, or a private window)'
        : 'the page is not served over https (or from localhost), where browsers allow service workers',
    });
    return;
  }
  container.addEventListener('message', onMessage);
  container.startMessages(); // messages sent before the page finished loading wait until now
  if (container.controller) offlineActions.dispatch({ type: 'active' });
  const start = (): void => {
    register(container).catch((err: unknown) =>
      offlineActions.dispatch({ type: 'failed', reason: err instanceof Error ? err.message : String(err) }),
    );
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
