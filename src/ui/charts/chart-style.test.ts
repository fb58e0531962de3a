import { describe, expect, it } from 'vitest';

import { formatPercent, roundTicks, stepAxis, valueAxis, zoomedPercentAxis } from './chart-style';

describe('roundTicks', () => {
  it('steps by 1, 2, 2.5 or 5 × 10^k from 0 to the first tick at or above the maximum', () => {
    expect(roundTicks(123)).toEqual([0, 25, 50, 75, 100, 125]);
    expect(roundTicks(30)).toEqual([0, 10, 20, 30]);
    expect(roundTicks(14)).toEqual([0, 5, 10, 15]);
    expect(roundTicks(640)).toEqual([0, 200, 400, 600, 800]);
    expect(roundTicks(3000)).toEqual([0, 1000, 2000, 3000]);
    expect(roundTicks(2.37)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(roundTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(roundTicks(0.042)).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(roundTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('every tick is a round multiple of its step, at most 5 intervals, the last covers the maximum', () => {
    for (let max = 0.01; max < 1e5; max *= 1.37) {
      const ticks = roundTicks(max);
      const step = ticks[1];
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max - 1e-9);
      expect(ticks[ticks.length - 2]).toBeLessThan(max);
      const mantissa = step / 10 ** Math.floor(Math.log10(step));
      expect([1, 2, 2.5, 5].some((m) => Math.abs(m - mantissa) < 1e-9)).toBe(true);
    }
  });

  it('gives a usable axis for an empty or degenerate range', () => {
    expect(roundTicks(0)).toEqual([0, 1]);
    expect(roundTicks(Number.NaN)).toEqual([0, 1]);
    expect(stepAxis(40)).toEqual({ domain: [0, 40], ticks: [0, 10, 20, 30, 40] });
    expect(valueAxis([2.3, Number.NaN, Infinity, 0.4])).toEqual({
      domain: [0, 2.5],
      ticks: [0, 0.5, 1, 1.5, 2, 2.5],
    });
    expect(valueAxis([])).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });
});

describe('formatPercent', () => {
  it('rounds to one decimal with a unit', () => {
    expect(formatPercent(93.14159)).toBe('93.1 %');
    expect(formatPercent('n/a')).toBe('n/a');
  });
});

describe('zoomedPercentAxis', () => {
  it('starts at the tens below the lowest point, by 20 from a multiple of 20 over a range of 50', () => {
    expect(zoomedPercentAxis([87.7, 93.1])).toEqual({ domain: [80, 100], ticks: [80, 90, 100] });
    expect(zoomedPercentAxis([36.3, 79.7])).toEqual({ domain: [20, 100], ticks: [20, 40, 60, 80, 100] });
    expect(zoomedPercentAxis([31, 90])).toEqual({ domain: [20, 100], ticks: [20, 40, 60, 80, 100] });
    expect(zoomedPercentAxis([1])).toEqual({ domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] });
    expect(zoomedPercentAxis([])).toEqual({ domain: [90, 100], ticks: [90, 100] });
  });
});
