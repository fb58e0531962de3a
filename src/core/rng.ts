/**
 * Seeded pseudo-random numbers for every shuffle, split and initialisation.
 * Not cryptographic. mulberry32 (Tommy Ettinger): a 32-bit state, one multiply-xorshift per draw,
 * enough for data order and small initialisations, and identical in Node, the worker and the browser.
 */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** A fresh generator whose stream is independent of this one's next draws. */
  fork(label: string): Rng;
  /** The 32-bit state: `setState(state())` later replays the same draws (a checkpoint of the stream). */
  state(): number;
  setState(state: number): void;
}

/** Hash a string into a 32-bit seed (FNV-1a): lets `fork` derive named sub-streams. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Create a generator from an integer seed (any safe integer; it is folded to 32 bits). */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  let state = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      // z = sqrt(-2 ln u1) cos(2π u2), with u1 in (0, 1] so the log is finite
      const u1 = 1 - next();
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    fork: (label) => createRng((Math.floor(next() * 2 ** 32) ^ hashSeed(label)) >>> 0),
    state: () => state,
    setState: (s) => {
      if (!Number.isInteger(s) || s < 0 || s >= 2 ** 32) throw new Error(`an RNG state is a 32-bit integer, got ${s}`);
      state = s;
    },
  };
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: { length: number; [i: number]: T }, rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
}

/** A random permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  shuffleInPlace(idx, rng);
  return idx;
}
