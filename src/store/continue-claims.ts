/**
 * The claims of continue-run.ts between tabs of one browser: a Web Lock per continued run, taken only
 * if free and held until the page goes (so a tab that found the run interrupted too cannot continue it
 * again, even later), and a BroadcastChannel message that takes the run's "Continue" away in the other
 * open tabs at once. Where Web Locks are missing, every claim succeeds (one tab cannot tell).
 */
import type { ContinueClaims } from './continue-run';

export const CONTINUED_CHANNEL = 'tpgm-playground-continued';

const lockName = (uid: string): string => `tpgm-continue:${uid}`;

export function tabClaims(channel: BroadcastChannel | null): ContinueClaims {
  const held = new Set<string>();
  return {
    claim: (uid) => {
      if (held.has(uid) || !navigator.locks) return Promise.resolve(true);
      return new Promise<boolean>((resolve, reject) => {
        navigator.locks
          .request(lockName(uid), { ifAvailable: true }, (lock) => {
            if (lock) held.add(uid);
            resolve(lock !== null);
            // held for the page's life: the callback's promise never settles
            return lock ? new Promise<void>(() => undefined) : undefined;
          })
          .catch(reject);
      });
    },
    announce: (uid) => channel?.postMessage(uid),
  };
}
