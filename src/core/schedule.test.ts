import { describe, expect, it } from 'vitest';

import { learningRate } from './schedule';

describe('learning-rate schedule', () => {
  it('follows a cosine from lr0 to 0', () => {
    expect(learningRate('cosine', 0.1, 0, 100)).toBeCloseTo(0.1, 12);
    expect(learningRate('cosine', 0.1, 50, 100)).toBeCloseTo(0.05, 12);
    expect(learningRate('cosine', 0.1, 25, 100)).toBeCloseTo(0.05 * (1 + Math.SQRT1_2), 12);
    expect(learningRate('cosine', 0.1, 100, 100)).toBeCloseTo(0, 12);
  });

  it('warms up linearly over 10 %, then follows a cosine to 0 (one-cycle)', () => {
    expect(learningRate('one-cycle', 0.1, 0, 100)).toBeCloseTo(0.01, 12);
    expect(learningRate('one-cycle', 0.1, 9, 100)).toBeCloseTo(0.1, 12);
    expect(learningRate('one-cycle', 0.1, 10, 100)).toBeCloseTo(0.1, 12);
    expect(learningRate('one-cycle', 0.1, 55, 100)).toBeCloseTo(0.05, 12);
    expect(learningRate('one-cycle', 0.1, 100, 100)).toBeCloseTo(0, 12);
  });

  it('is flat when constant', () => {
    expect(learningRate('constant', 0.3, 77, 100)).toBe(0.3);
  });
});
