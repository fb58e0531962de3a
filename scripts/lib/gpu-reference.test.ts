import { describe, expect, it } from 'vitest';

import { referenceFromReport, REPORT_FORMAT, type BenchSetup } from './gpu-reference';

const setup: BenchSetup = { model: 'cnn-small-mnist', seed: 0, batch: 32, recipe: 'B1', parity: 3, planned: 24 };

const cpuRow = (method: string, losses: number[]) => ({
  backend: 'cpu',
  method,
  run: { losses, stepMs: [20000, 21000, 19000] },
  stepMs: 19500,
  kernels: { dispatches: 70, kernels: 77, byName: [['Conv2D', 4]] },
});

function report(overrides: Record<string, unknown> = {}) {
  return {
    format: REPORT_FORMAT,
    date: '2026-12-04T13:40:00.000Z',
    machine: 'Node v20.19.0, 2 × Xeon',
    setup,
    rows: [
      { ...cpuRow('full-ft', [2.4, 2.3, 2.2]), backend: 'wasm' },
      cpuRow('full-ft', [2.41, 2.31, 2.21]),
      cpuRow('tpgm', [2.42, 2.32, 2.22]),
    ],
    ...overrides,
  };
}

describe('referenceFromReport: the CPU rows of an earlier bench:gpu report', () => {
  it('takes each method’s CPU row (not another backend’s), its first `parity` losses, date and machine', () => {
    const ref = referenceFromReport(report(), setup, ['tpgm', 'full-ft']);
    expect(ref).toEqual({
      ok: true,
      date: '2026-12-04T13:40:00.000Z',
      machine: 'Node v20.19.0, 2 × Xeon',
      rows: [
        { method: 'tpgm', losses: [2.42, 2.32, 2.22], stepMs: 19500, kernels: { dispatches: 70, kernels: 77 } },
        { method: 'full-ft', losses: [2.41, 2.31, 2.21], stepMs: 19500, kernels: { dispatches: 70, kernels: 77 } },
      ],
    });
    const shorter = referenceFromReport(report(), { ...setup, parity: 2 }, ['full-ft']);
    expect(shorter.ok).toBe(false); // a report of 3 parity steps is another setup, though it holds 2 losses
  });

  it('refuses another setup, naming the field that differs and both values', () => {
    for (const [key, value] of Object.entries({ model: 'mlp-mnist', seed: 1, batch: 64, recipe: 'B2', planned: 26 })) {
      const ref = referenceFromReport(report({ setup: { ...setup, [key]: value } }), setup, ['full-ft']);
      expect(ref).toEqual({
        ok: false,
        reason: `recorded with ${key} ${JSON.stringify(value)}, this run has ${JSON.stringify(setup[key as keyof BenchSetup])}`,
      });
    }
    expect(referenceFromReport(report({ setup: undefined }), setup, ['full-ft'])).toMatchObject({
      ok: false,
      reason: 'recorded with model undefined, this run has "cnn-small-mnist"',
    });
  });

  it('refuses another format, a file that is no report, a missing method and losses too few or not finite', () => {
    expect(referenceFromReport(report({ format: 'tpgm-bench-gpu/1' }), setup, ['full-ft'])).toEqual({
      ok: false,
      reason: `not a bench:gpu report of format ${REPORT_FORMAT} (found tpgm-bench-gpu/1)`,
    });
    expect(referenceFromReport([1, 2], setup, ['full-ft'])).toMatchObject({ ok: false });
    expect(referenceFromReport(null, setup, ['full-ft'])).toMatchObject({ ok: false });
    expect(referenceFromReport(report(), setup, ['full-ft', 'l2-sp'])).toEqual({
      ok: false,
      reason: 'it has no CPU row for l2-sp',
    });
    const rows = (losses: unknown[]) => [{ ...cpuRow('full-ft', []), run: { losses } }];
    for (const losses of [
      [2.4, 2.3],
      [2.4, null, 2.2],
      [2.4, Number.NaN, 2.2],
      [2.4, '2.3', 2.2],
    ]) {
      expect(referenceFromReport(report({ rows: rows(losses) }), setup, ['full-ft'])).toEqual({
        ok: false,
        reason: 'its CPU row for full-ft has no 3 finite losses',
      });
    }
  });
});
