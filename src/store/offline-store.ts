/**
 * Whether the app is saved for offline use, as the header shows it (ui/panels/OfflineStatus.tsx): a
 * small store of its own, fed by src/app/offline.ts from the service worker's life cycle and messages.
 * The transitions are one pure function (offlineReducer), so they are tested without a browser.
 * Not the service worker (worker/service-worker.ts) and no caching here.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type OfflineState =
  /** The dev server: no service worker, nothing shown. */
  | { kind: 'off' }
  /** This browser or page cannot have a service worker (no https, private mode, blocked). */
  | { kind: 'unsupported'; reason: string }
  /** Registering; nothing known yet. */
  | { kind: 'checking' }
  /** The first save: bytes of the build's files in the cache so far, of all of them. */
  | { kind: 'saving'; savedBytes: number; totalBytes: number }
  /** Every file is saved: the app works with the server gone. */
  | { kind: 'ready' }
  /** Available offline, and a new version (a new build on the server) is being saved beside it. */
  | { kind: 'updating'; savedBytes: number; totalBytes: number }
  /** The new version is saved and has replaced the old files; this page keeps its code until reloaded. */
  | { kind: 'updated' }
  /** The version that was saved still works offline; saving the new one failed. */
  | { kind: 'updateFailed'; reason: string }
  /** Nothing usable is saved: the app needs the server. */
  | { kind: 'failed'; reason: string };

export type OfflineEvent =
  | { type: 'unsupported'; reason: string }
  /** A service worker is already active (this load was served by it, or a hard reload bypassed it). */
  | { type: 'active' }
  | { type: 'progress'; savedBytes: number; totalBytes: number }
  /** A service worker finished installing and took over: every file of its version is saved. */
  | { type: 'activated' }
  | { type: 'failed'; reason: string };

/** The next state; an event that does not apply to the current state leaves it as it is. */
export function offlineReducer(state: OfflineState, event: OfflineEvent): OfflineState {
  if (state.kind === 'off' || state.kind === 'unsupported') return state;
  // an update is whatever happens once one version is saved
  const hasVersion =
    state.kind === 'ready' || state.kind === 'updating' || state.kind === 'updated' || state.kind === 'updateFailed';
  switch (event.type) {
    case 'unsupported':
      return { kind: 'unsupported', reason: event.reason };
    case 'active':
      return hasVersion ? state : { kind: 'ready' };
    case 'progress': {
      const progress = { savedBytes: event.savedBytes, totalBytes: event.totalBytes };
      return hasVersion ? { kind: 'updating', ...progress } : { kind: 'saving', ...progress };
    }
    case 'activated':
      return hasVersion ? { kind: 'updated' } : { kind: 'ready' };
    case 'failed':
      // the service worker says why first; its end (redundant) follows with less to say
      if (state.kind === 'failed' || state.kind === 'updateFailed') return state;
      return hasVersion ? { kind: 'updateFailed', reason: event.reason } : { kind: 'failed', reason: event.reason };
  }
}

/** Whole percent saved, never 100 before every byte is there. */
export function percentSaved(savedBytes: number, totalBytes: number): number {
  if (totalBytes <= 0) return 0;
  return Math.min(savedBytes >= totalBytes ? 100 : 99, Math.floor((100 * savedBytes) / totalBytes));
}

export interface OfflineStore {
  state: OfflineState;
  /** The build's name (VITE_BUILD_ID at build time), to tell which version is saved; '' when unnamed. */
  build: string;
}

export const offlineStore = createStore<OfflineStore>()(() => ({ state: { kind: 'off' }, build: '' }));

export const offlineActions = {
  /** Leaves 'off': a service worker is about to be registered (production build only). */
  begin(build: string): void {
    offlineStore.setState({ state: { kind: 'checking' }, build });
  },
  dispatch(event: OfflineEvent): void {
    offlineStore.setState((s) => ({ state: offlineReducer(s.state, event) }));
  },
};

export function useOffline<T>(select: (s: OfflineStore) => T): T {
  return useStore(offlineStore, select);
}
