import { describe, expect, it } from 'vitest';

import { defaultDraft } from '../../src/core/spec/default-run';
import type { RunSummary } from '../../src/worker/protocol';
import { experimentTable, meanStd, mergeRuns, summaryProblems, type ExperimentRun } from './experiment-table';

const summary = (id: number, ood: number[], wallMs = 2000): RunSummary => ({
  steps: 10,
  stopped: false,
  wallMs,
  medianStepMs: 50,
  backend: 'wasm',
  final: {
    step: 10,
    results: [
      { domain: 'clean', isId: true, accuracy: id, loss: 0.3 },
      { domain: 'sketch', isId: false, accuracy: ood[0], loss: 1 },
      { domain: 'noise', isId: false, accuracy: ood[1], loss: 1 },
    ],
  },
  layers: {
    step: 10,
    layers: [
      {
        name: 'conv1/kernel',
        isHead: false,
        deviation: 0.1,
        anchorNorm: 1,
        relativeDeviation: 0.1,
        radius: 0.2,
        boundedDeviation: 0.1,
        projectionRatio: 1,
      },
    ],
  },
});

const run = (method: 'full-ft' | 'tpgm', seed: number, s: RunSummary): ExperimentRun => {
  const spec = defaultDraft('mnist');
  spec.config = { ...spec.config, method, seed, steps: 10 };
  spec.oodDomains = [
    { id: 'sketch', severity: 1 },
    { id: 'noise', severity: 0.45 },
  ];
  return { method, seed, spec, summary: s };
};

describe('experiment table', () => {
  it('gives mean ± sample std in percent', () => {
    expect(meanStd([0.9, 0.92])).toBe('91.0 ± 1.4');
    expect(meanStd([0.5])).toBe('50.0');
  });

  it('has one row per method, every domain, and the OOD mean over seeds', () => {
    const table = experimentTable([
      run('full-ft', 0, summary(0.9, [0.4, 0.2])),
      run('full-ft', 1, summary(0.92, [0.5, 0.3])),
      run('tpgm', 0, summary(0.91, [0.8, 0.6], 4000)),
    ]);
    expect(table.split('\n')).toEqual([
      '| method | seeds | ID | sketch | noise | OOD mean | wall s | step ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| full-ft | 2 | 91.0 ± 1.4 | 45.0 ± 7.1 | 25.0 ± 7.1 | 35.0 ± 7.1 | 2.0 ± 0.0 | 50.0 ± 0.0 |',
      '| tpgm | 1 | 91.0 | 80.0 | 60.0 | 70.0 | 4.0 | 50.0 |',
    ]);
  });

  it('merges result files: a later run of the same method and seed replaces the earlier one', () => {
    const old = [
      run('full-ft', 0, summary(0.9, [0.4, 0.2])),
      run('tpgm', 0, summary(0.1, [0.1, 0.1])),
      run('tpgm', 1, summary(0.1, [0.1, 0.1])),
    ];
    const fixed = [run('tpgm', 0, summary(0.93, [0.8, 0.6])), run('tpgm', 1, summary(0.94, [0.8, 0.6]))];
    expect(mergeRuns([old, fixed]).map((r) => [r.method, r.seed, r.summary.final.results[0].accuracy])).toEqual([
      ['full-ft', 0, 0.9],
      ['tpgm', 0, 0.93],
      ['tpgm', 1, 0.94],
    ]);
    // seeds split over two files add up
    const seed2 = [run('full-ft', 2, summary(0.8, [0.4, 0.2]))];
    expect(
      mergeRuns([old, seed2])
        .filter((r) => r.method === 'full-ft')
        .map((r) => r.seed),
    ).toEqual([0, 2]);
  });

  it('flags an incomplete run', () => {
    const bad = summary(1.5, [0.1, 0.1]);
    bad.layers.layers = [];
    expect(summaryProblems(run('tpgm', 0, bad))).toEqual([
      'tpgm seed 0: accuracy of clean is 1.5',
      'tpgm seed 0: no per-layer statistics',
      'tpgm seed 0: no radii',
    ]);
    expect(summaryProblems(run('tpgm', 0, summary(0.9, [0.5, 0.5])))).toEqual([]);
  });
});
