import { describe, expect, it } from 'vitest';

import { defaultDraft } from '../core/spec/default-run';
import { fakeRecording } from '../testing/fake-recording';
import { reduceRun } from './run-reducer';
import {
  advance,
  emptyRecordedRun,
  entriesDue,
  nextStop,
  previousStop,
  recordedLabel,
  recordedRun,
  recordingAsRun,
  replayEnd,
  runAt,
} from './replay';

const spec = defaultDraft('mnist');
const tpgm = fakeRecording(spec); // 20 steps in 2 s: 0.01 steps per ms
const ft = fakeRecording(spec, 'mnist-b1-ft-s0', 1000); // twice as fast

describe('replay', () => {
  it('folds a recording with the live run’s own reducer', () => {
    let live = emptyRecordedRun(tpgm);
    for (const { event } of tpgm.entries) live = reduceRun(live, { ...event, runId: 0 } as never);
    expect(recordedRun(tpgm, tpgm.entries.length)).toEqual(live);
    expect(live.state).toBe('finished');
    expect(live.evals.map((e) => e.step)).toEqual([0, 10, 20]);
    expect(live.radiusHistory).toEqual([
      { step: 10, radii: { 'conv1/kernel': 0.1 } },
      { step: 20, radii: { 'conv1/kernel': 0.2 } },
    ]);
  });

  it('shows at a position exactly the events posted up to that step', () => {
    expect(entriesDue(tpgm, -1)).toBe(0);
    expect(entriesDue(tpgm, 0)).toBe(3); // two states and θ0's evaluation
    expect(entriesDue(tpgm, 9.9)).toBe(3);
    expect(entriesDue(tpgm, 10)).toBe(6);
    expect(entriesDue(tpgm, 20)).toBe(tpgm.entries.length);
    const at0 = runAt(tpgm, 0);
    expect(at0.evals.map((e) => e.step)).toEqual([0]);
    expect(at0.layers).toBeNull();
    expect(runAt(tpgm, 15).layers?.step).toBe(10);
    expect(runAt(tpgm, 15).summary).toBeNull();
    expect(runAt(tpgm, 20).summary?.steps).toBe(20);
    expect(runAt(tpgm, 12)).toBe(runAt(tpgm, 14)); // memoised: no redraw between events
  });

  it('plays at the slowest recording’s own pace × the speed, and stops at the end', () => {
    expect(replayEnd([tpgm, ft])).toBe(20);
    expect(advance(0, 500, 1, [tpgm, ft])).toBeCloseTo(5); // tpgm's pace: 20 steps in 2,000 ms
    expect(advance(0, 500, 1, [ft])).toBeCloseTo(10);
    expect(advance(2, 500, 4, [tpgm, ft])).toBeCloseTo(20);
    expect(advance(2, 5000, 4, [tpgm, ft])).toBe(20);
    expect(advance(3, 1, 'instant', [tpgm])).toBe(20);
    expect(advance(3, 100, 1, [])).toBe(3);
  });

  it('steps from measurement to measurement (not to a loss), forwards and back', () => {
    // 'steps' events alone (losses) are not stops: a recording whose only measurement after 0 is at 20
    const sparse = { ...tpgm, entries: tpgm.entries.filter((e) => !(e.step === 10 && e.event.type !== 'steps')) };
    expect(nextStop([sparse], 0)).toBe(20);
    expect(previousStop([sparse], 20)).toBe(0);
    expect(nextStop([tpgm, ft], 0)).toBe(10);
    expect(nextStop([tpgm, ft], 10)).toBe(20);
    expect(nextStop([tpgm, ft], 20)).toBe(20);
    expect(previousStop([tpgm], 20)).toBe(10);
    expect(previousStop([tpgm], 10)).toBe(0);
  });

  it('makes a finished run of the lab from a recording, labelled as recorded', () => {
    const run = recordingAsRun(tpgm, 4);
    expect(run).toMatchObject({ uid: 'recording:mnist-b1-tpgm-s0', runId: 4, recorded: recordedLabel(tpgm) });
    expect(run.summary.steps).toBe(20);
    expect(run.evals.map((e) => e.step)).toEqual([0, 10, 20]);
    expect(() => recordingAsRun({ ...tpgm, entries: tpgm.entries.slice(0, 3) }, 1)).toThrow(/does not end/);
  });

  it('labels a recording with its date, backend and seed', () => {
    expect(recordedLabel(tpgm)).toBe('recorded 2026-12-02 · wasm · seed 0');
  });
});
