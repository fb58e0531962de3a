import { describe, expect, it } from 'vitest';

import { classSummaries, largestMixUps, overallAccuracy, rowTotals } from './class-errors';

// rows: true class, columns: predicted
const confusion = [
  [8, 2, 0],
  [0, 5, 5],
  [0, 0, 0],
];

describe('errors by class', () => {
  it('gives each class its count and accuracy (the diagonal over its row), none for an empty class', () => {
    expect(rowTotals(confusion)).toEqual([10, 10, 0]);
    expect(classSummaries(confusion)).toEqual([
      { count: 10, accuracy: 0.8 },
      { count: 10, accuracy: 0.5 },
      { count: 0, accuracy: null },
    ]);
    expect(overallAccuracy(confusion)).toBe(13 / 20);
    expect(overallAccuracy([[0]])).toBeNull();
  });

  it('lists the largest mix-ups, off the diagonal only, with their share of the true class', () => {
    expect(largestMixUps(confusion, 5)).toEqual([
      { truth: 1, predicted: 2, count: 5, share: 0.5 },
      { truth: 0, predicted: 1, count: 2, share: 0.2 },
    ]);
    expect(largestMixUps(confusion, 1)).toHaveLength(1);
  });
});
