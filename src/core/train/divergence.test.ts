import { describe, expect, it } from 'vitest';

import { DivergenceWatch, lossBound } from './divergence';

const points = (losses: number[], from = 1) => losses.map((loss, i) => ({ step: from + i, loss, lr: 0.1 }));

describe('DivergenceWatch', () => {
  it('states its bound from the first loss: 100 × it, never below 100 nats', () => {
    expect(lossBound(2.3)).toBeCloseTo(230, 9);
    expect(lossBound(0.01)).toBe(100);
    const w = new DivergenceWatch();
    expect(w.bound).toBeNull();
    w.add(points([2.5, 2.4]));
    expect(w.bound).toBeCloseTo(250, 9);
  });

  it('finds a non-finite loss, and a loss above the bound, at its step', () => {
    const nan = new DivergenceWatch();
    expect(nan.add(points([2.3, 2.2]))).toBeNull();
    expect(nan.add(points([1.9, Number.NaN, Infinity], 3))).toMatchObject({ step: 4, reason: 'non-finite' });
    const big = new DivergenceWatch();
    expect(big.add(points([2, 150, 199]))).toBeNull(); // below 200
    expect(big.add(points([201, 5e15], 4))).toMatchObject({ step: 4, loss: 201, reason: 'above-bound', bound: 200 });
    expect(big.divergence?.step).toBe(4); // the first crossing stays
  });

  it('at the end: chance accuracy after an explosion is a divergence; chance without one, or a recovery, is not', () => {
    const exploded = new DivergenceWatch();
    exploded.add(points([2.3, 40, 60, 2.31]));
    expect(exploded.atEnd(0.1, 10)).toMatchObject({ step: 3, loss: 60, reason: 'chance-after-explosion' });
    const recovered = new DivergenceWatch();
    recovered.add(points([2.3, 40, 0.5]));
    expect(recovered.atEnd(0.9, 10)).toBeNull();
    const calm = new DivergenceWatch();
    calm.add(points([2.3, 2.3, 2.3]));
    expect(calm.atEnd(0.1, 10)).toBeNull();
  });
});
