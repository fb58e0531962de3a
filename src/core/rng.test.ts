import { describe, expect, it } from 'vitest';

import { createRng, permutation } from './rng';

describe('seeded RNG', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
  });

  it('draws uniforms in [0, 1) with the right mean, and normals with mean 0 and variance 1', () => {
    const rng = createRng(7);
    const n = 20000;
    let sum = 0;
    let s1 = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      sum += u;
      const z = rng.normal();
      s1 += z;
      s2 += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(s1 / n).toBeCloseTo(0, 1);
    expect(s2 / n).toBeCloseTo(1, 1);
  });

  it('makes permutations, the same for a seed', () => {
    const p = permutation(100, createRng(1));
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(permutation(100, createRng(1))).toEqual(p);
    expect(permutation(100, createRng(2))).not.toEqual(p);
  });

  it('forks independent named streams deterministically', () => {
    const a = createRng(5).fork('train');
    const b = createRng(5).fork('train');
    const c = createRng(5).fork('val');
    const first = a.next();
    expect(b.next()).toBe(first);
    expect(c.next()).not.toBe(first);
  });

  it('refuses a non-integer seed', () => {
    expect(() => createRng(1.5)).toThrow(/integer/);
  });
});
