import { describe, expect, it } from 'vitest';

import { meanStd, parseReference, referencePoint, REFERENCE_FORMAT } from './reference';

const run = (method: string, seed: number, id: number, ood: number[]) => ({
  method,
  seed,
  summary: {
    final: {
      results: [{ isId: true, accuracy: id }, ...ood.map((accuracy) => ({ isId: false, accuracy }))],
    },
  },
});

describe('reference points', () => {
  it('are the mean and the sample standard deviation over seeds, in %', () => {
    const p = referencePoint(
      'tpgm',
      [run('tpgm', 2, 0.9, [0.5, 0.7]), run('tpgm', 0, 0.8, [0.4, 0.6]), run('full-ft', 0, 0.1, [0.1])],
      ['docs/results/x.json'],
      'npm run experiment',
      '2026-12-02',
    );
    expect(p.seeds).toEqual([0, 2]);
    expect(p.id.mean).toBeCloseTo(85, 10);
    expect(p.id.std).toBeCloseTo(Math.sqrt(50), 10); // (5² + 5²) / (2 − 1)
    expect(p.ood.mean).toBeCloseTo(55, 10);
    expect(meanStd([3])).toEqual({ mean: 3, std: 0 });
    expect(() => referencePoint('lp', [], ['f'], 'c', 'd')).toThrow(/no lp runs in f/);
  });

  it('a damaged file is refused with the reason', () => {
    expect(() => parseReference({ format: 'x' })).toThrow(/not a tpgm-reference\/1 file/);
    expect(() => parseReference({ format: REFERENCE_FORMAT, experiments: { a: [{ method: 'ft' }] } })).toThrow(
      /lacks its method, ID or OOD/,
    );
  });
});
