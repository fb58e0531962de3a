import { describe, expect, it } from 'vitest';

import { DEFAULT_TPGM } from '../core/spec/config';
import type { RunSpec } from '../core/spec/run-spec';
import { finishedWorkerRun, smallRunSpec } from '../testing/worker-run';
import type { RunCheckpoint, WorkerEvent } from './protocol';
import { CHECKPOINT_EVERY } from './run-checkpoint';

const STEPS = 120;

/** TPGM (radii, their Adam, the validation batches) on the MLP, evaluated live every 60 steps. */
const spec: RunSpec = (() => {
  const base = smallRunSpec(STEPS, 10);
  return {
    ...base,
    config: { ...base.config, method: 'tpgm', tpgm: { ...DEFAULT_TPGM, valBatchSize: 16, projFreq: 2 } },
    evalEvery: 60,
    logEvery: 10,
  };
})();

const checkpoints = (events: WorkerEvent[]): RunCheckpoint[] =>
  events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []));

describe('checkpoints through the worker (Node, CPU backend)', () => {
  it('are posted at every evaluation and every CHECKPOINT_EVERY steps, and a fresh worker continues one to the same run', async () => {
    const whole = await finishedWorkerRun(spec);
    const saved = checkpoints(whole.events);
    expect(saved.map((c) => c.step)).toEqual([CHECKPOINT_EVERY, 60, 2 * CHECKPOINT_EVERY]);
    expect(saved.every((c) => c.backend === 'cpu')).toBe(true);
    expect(saved[0].spec).toEqual(spec);
    expect(saved[0].wallMs).toBeGreaterThan(0);
    expect(Object.keys(saved[0].state.tensors).some((k) => k.startsWith('method/radius/'))).toBe(true);

    // the worker "dies" after step 60: a fresh one goes on from the checkpoint there
    const from = structuredClone(saved[1]);
    const continued = await finishedWorkerRun(spec, 7, from);
    expect(continued.summary.continuedFrom).toEqual({ step: 60, savedAt: from.savedAt, backend: 'cpu' });
    expect(continued.summary.steps).toBe(STEPS);
    // the same measurements and the same weights, to the last bit on one backend
    expect(continued.summary.final).toEqual(whole.summary.final);
    expect(continued.summary.layers).toEqual(whole.summary.layers);
    expect(new Float32Array(continued.files.weightData)).toEqual(new Float32Array(whole.files.weightData));
    // the continued run posts only what comes after its checkpoint: no θ0 point, losses from step 61
    const evals = continued.events.flatMap((e) => (e.type === 'eval' ? [e.point.step] : []));
    expect(evals).toEqual([STEPS]);
    const firstLoss = continued.events.find((e) => e.type === 'steps');
    expect(firstLoss?.type === 'steps' && firstLoss.points[0].step).toBe(61);
    const wholeLosses = whole.events.flatMap((e) => (e.type === 'steps' ? e.points : [])).filter((p) => p.step > 60);
    const continuedLosses = continued.events.flatMap((e) => (e.type === 'steps' ? e.points : []));
    expect(continuedLosses).toEqual(wholeLosses);
  }, 240_000);

  it("refuses another run's checkpoint with the reason, as a run failure", async () => {
    const short = { ...smallRunSpec(60, 5), evalEvery: 30 };
    const { events } = await finishedWorkerRun(short);
    const [cp] = checkpoints(events);
    const other = { ...short, config: { ...short.config, seed: 1 } };
    await expect(finishedWorkerRun(other, 2, cp)).rejects.toThrow(
      'the checkpoint was saved from a run with other settings: it continues that run only',
    );
  }, 120_000);
});
