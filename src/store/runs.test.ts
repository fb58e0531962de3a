import { describe, expect, it } from 'vitest';

import { DEFAULT_CONFIG } from '../core/spec/config';
import { defaultDraft } from '../core/spec/default-run';
import { mergeRuns, outcomeLabel, runOutcome, runRow, runsToCsv, runsToJson, withUid, type FinishedRun } from './runs';

function run(runId: number, method: 'full-ft' | 'tpgm', accs: [number, number, number]): FinishedRun {
  const spec = defaultDraft('mnist');
  spec.config = { ...DEFAULT_CONFIG, method, seed: 3 };
  const results = [
    { domain: 'clean' as const, isId: true, accuracy: accs[0], loss: 0.3 },
    { domain: 'sketch' as const, isId: false, accuracy: accs[1], loss: 1 },
    { domain: 'noise' as const, isId: false, accuracy: accs[2], loss: 1 },
  ];
  return {
    uid: `u${runId}`,
    runId,
    spec,
    summary: {
      steps: 10,
      stopped: false,
      wallMs: 1500,
      medianStepMs: 12.5,
      final: { step: 10, results },
      layers: { step: 10, layers: [] },
      backend: 'webgpu',
    },
    evals: [],
    steps: [],
    finishedAt: '2026-11-28T00:00:00.000Z',
  };
}

describe('runs table and export', () => {
  it('summarises a run: ID accuracy, each OOD domain, their mean, seed and time', () => {
    const row = runRow(run(1, 'tpgm', [0.9, 0.5, 0.7]));
    expect(row).toMatchObject({ method: 'tpgm', seed: 3, idAccuracy: 0.9, wallSeconds: 1.5, backend: 'webgpu' });
    expect(row.oodMean).toBeCloseTo(0.6, 12);
  });

  it('exports CSV with one column per OOD domain and JSON with the full runs', () => {
    const runs = [run(1, 'full-ft', [0.91, 0.3, 0.2]), run(2, 'tpgm', [0.9, 0.5, 0.7])];
    const csv = runsToCsv(runs).trim().split('\n');
    expect(csv[0]).toBe(
      'run,method,model,dataset,seed,steps,backend,state,id_accuracy,ood_sketch,ood_noise,ood_mean,wall_s,median_step_ms,source',
    );
    expect(csv[1]).toBe('1,full-ft,cnn-small,mnist,3,10,webgpu,finished,0.91,0.3,0.2,0.25,1.5,12.5,this browser');
    const recorded = runsToCsv([{ ...runs[0], recorded: 'recorded 2026-12-02 · wasm · seed 3' }]);
    expect(recorded.trim().split('\n')[1]).toMatch(/,recorded 2026-12-02 · wasm · seed 3$/);
    expect(csv).toHaveLength(3);
    const json = JSON.parse(runsToJson(runs));
    expect(json.format).toBe('tpgm-runs/1');
    expect(json.runs[1].spec.config.method).toBe('tpgm');
  });

  it('says how each run ended: finished, stopped at step N of M, or diverged (which wins over stopped)', () => {
    const r = run(1, 'tpgm', [0.9, 0.5, 0.7]);
    const at = (patch: Partial<FinishedRun['summary']>, total = 10) =>
      outcomeLabel(runOutcome({ ...r.summary, ...patch }, total));
    expect(at({})).toBe('finished');
    expect(at({ stopped: true, steps: 94 }, 200)).toBe('stopped at step 94 of 200');
    expect(at({ stopped: true, steps: 200 }, 200)).toBe('finished'); // stopped on its last step: complete
    const diverged = { step: 12, loss: 2e15, lr: 10, reason: 'above-bound' as const, bound: 230 };
    expect(at({ diverged, stopped: true, steps: 15 }, 200)).toBe('diverged at step 12');
    expect(runOutcome({ ...r.summary, diverged }, 200)).toMatchObject({
      why: 'training loss 2.00e+15 above its bound 230',
    });
    // runs saved before the reason was recorded had a non-finite loss
    expect(runOutcome({ ...r.summary, diverged: { step: 3, loss: Number.NaN, lr: 1 } }, 200)).toMatchObject({
      kind: 'diverged',
      why: 'training loss NaN',
    });
    expect(JSON.parse(runsToJson([r])).runs[0].state).toBe('finished');
  });

  it('merges runs from another tab or an earlier visit by uid: two tabs\' "run 1" are both kept, a repeat is not doubled', () => {
    const mine = { ...run(1, 'tpgm', [0.9, 0.5, 0.7]), uid: 'a', finishedAt: '2026-12-02T10:00:00.000Z' };
    const theirs = { ...run(1, 'full-ft', [0.9, 0.3, 0.2]), uid: 'b', finishedAt: '2026-12-02T09:00:00.000Z' };
    const merged = mergeRuns([mine], [theirs, mine]);
    expect(merged.map((r) => r.uid)).toEqual(['b', 'a']); // in the order they finished
    // runs saved before uids existed get one
    const old: Omit<FinishedRun, 'uid'> & { uid?: string } = run(4, 'tpgm', [0.9, 0.5, 0.7]);
    delete old.uid;
    expect(withUid(old).uid).toBe('run-4-2026-11-28T00:00:00.000Z');
  });
});
