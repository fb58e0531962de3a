import { describe, expect, it } from 'vitest';

import {
  etaChecks,
  evaluations,
  insideTask,
  largestEtaJump,
  offBy,
  pageMainThread,
  percentile,
  tasksBetween,
  taskStats,
  worstEta,
  type ProgressSample,
  type TraceEvent,
} from './ui-bench-stats';

const ev = (e: Partial<TraceEvent> & Pick<TraceEvent, 'name' | 'ts'>): TraceEvent => ({
  ph: 'X',
  pid: 1,
  tid: 1,
  ...e,
});
const threadName = (pid: number, tid: number, name: string): TraceEvent =>
  ev({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } });
const stamp = (pid: number, tid: number, ts: number, message: string): TraceEvent =>
  ev({ name: 'TimeStamp', ph: 'I', ts, pid, tid, args: { data: { message } } });

describe('percentile and taskStats', () => {
  it('interpolates between closest ranks, whatever the order', () => {
    expect(percentile([3, 1, 2, 4], 50)).toBe(2.5);
    expect(percentile([10], 95)).toBe(10);
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5);
    expect(percentile([], 50)).toBeNaN();
  });

  it('counts only tasks strictly over the long-task bound', () => {
    const s = taskStats([1, 50, 51, 200]);
    expect(s).toMatchObject({ count: 4, totalMs: 302, maxMs: 200, numLong: 2, longMs: 50 });
    expect(s.p50Ms).toBe(50.5);
  });
});

describe('the page main thread in a trace', () => {
  const events = [
    threadName(1, 1, 'CrRendererMain'), // another renderer
    threadName(2, 2, 'CrRendererMain'),
    threadName(2, 3, 'DedicatedWorker thread'),
    stamp(2, 2, 1000, 'start'),
    stamp(2, 2, 9000, 'end'),
    ev({ name: 'RunTask', pid: 1, tid: 1, ts: 2000, dur: 900_000 }), // not the page's
    ev({ name: 'RunTask', pid: 2, tid: 3, ts: 2000, dur: 900_000 }), // the worker's
    ev({ name: 'RunTask', pid: 2, tid: 2, ts: 900, dur: 300 }), // the click's own task, holding the stamp
    ev({ name: 'RunTask', pid: 2, tid: 2, ts: 3000, dur: 60_000, tdur: 20_000 }), // waited 40 ms for a core
    ev({ name: 'TimerFire', pid: 2, tid: 2, ts: 3010, dur: 59_000 }),
    ev({ name: 'FunctionCall', pid: 2, tid: 2, ts: 3020, dur: 58_000, args: { data: { functionName: 'redraw' } } }),
    ev({ name: 'RunTask', pid: 2, tid: 2, ts: 9500, dur: 10 }), // after the end
    ev({ name: 'RunTask', pid: 2, tid: 2, ts: 500, dur: 10 }), // before the start
  ];

  it('is the CrRendererMain thread that stamped the start, not any CrRendererMain', () => {
    expect(pageMainThread(events, 'start')).toEqual({ pid: 2, tid: 2 });
    expect(pageMainThread(events, 'missing')).toBeNull();
    expect(pageMainThread([stamp(2, 3, 1, 'start')], 'start')).toBeNull(); // a worker thread is not it
  });

  it("keeps that thread's RunTasks from the click's task to the end, in ms, with their CPU time if traced", () => {
    const tasks = tasksBetween(events, { pid: 2, tid: 2 }, 1000, 9000);
    expect(tasks).toEqual([
      { ts: 900, durMs: 0.3, cpuMs: null },
      { ts: 3000, durMs: 60, cpuMs: 20 },
    ]);
  });

  it("lists what ran inside a task, longest first, with the function's name", () => {
    const inside = insideTask(events, { pid: 2, tid: 2 }, { ts: 3000, durMs: 60, cpuMs: 20 });
    expect(inside.map((i) => [i.name, i.durMs, i.detail])).toEqual([
      ['TimerFire', 59, ''],
      ['FunctionCall', 58, 'redraw'],
    ]);
  });
});

describe('evaluations from the run states', () => {
  it('runs from entering evaluating to the next state, splitting back-to-back evaluations by what they measure', () => {
    const evals = evaluations([
      { t: 0, state: 'preparing', detail: 'loading' },
      { t: 100, state: 'evaluating', detail: 'measuring the starting model θ0 on 30 images per class' },
      { t: 300, state: 'warming-up', detail: 'first step' },
      { t: 400, state: 'running', detail: 'training' },
      { t: 1000, state: 'evaluating', detail: 'measuring step 80 on 30 images per class' },
      { t: 1500, state: 'evaluating', detail: 'final evaluation on the whole test set: 3000 images per domain' },
      { t: 4500, state: 'finished', detail: 'done' },
    ]);
    expect(evals.map((e) => [e.step, e.final, e.startMs, e.durationMs])).toEqual([
      [null, false, 100, 200],
      [80, false, 1000, 500],
      [null, true, 1500, 3000],
    ]);
  });

  it('leaves out an evaluation that never ended', () => {
    expect(evaluations([{ t: 5, state: 'evaluating', detail: 'measuring step 80' }])).toEqual([]);
  });
});

describe('ETA against the time actually left', () => {
  // 100 steps; the run ends at t = 1000
  const samples: ProgressSample[] = [
    { t: 0, stepsDone: 0, etaMs: null },
    { t: 100, stepsDone: 10, etaMs: 900 }, // exact
    { t: 200, stepsDone: 20, etaMs: 1600 }, // 2× pessimistic
    { t: 500, stepsDone: 50, etaMs: 250 }, // 2× optimistic
    { t: 900, stepsDone: 90, etaMs: 300 }, // 3× pessimistic
    { t: 1000, stepsDone: 100, etaMs: null },
  ];

  it('pairs the sample nearest each share of the steps with the time left then', () => {
    const checks = etaChecks(samples, 100, 1000);
    expect(checks.map((c) => [c.fraction, c.stepsDone, c.predictedMs, c.actualMs, c.ratio])).toEqual([
      [0.1, 10, 900, 900, 1],
      [0.5, 50, 250, 500, 0.5],
      [0.9, 90, 300, 100, 3],
    ]);
  });

  it('finds the estimate furthest off either way once 10 % are done', () => {
    expect(worstEta(samples, 100, 1000)?.stepsDone).toBe(90);
    expect(worstEta(samples.slice(0, 4), 100, 1000)).toMatchObject({ stepsDone: 20, ratio: 2 });
    expect(offBy(0.5)).toBe(2);
    expect(worstEta([], 100, 1000)).toBeNull();
  });

  it('reports the largest move of the predicted end to later', () => {
    // predicted ends: 1000, 1800, 750, 1200
    expect(largestEtaJump(samples)).toEqual({ stepsDone: 20, jumpMs: 800 });
    expect(largestEtaJump(samples.slice(3))).toEqual({ stepsDone: 90, jumpMs: 450 });
  });
});
