import { describe, expect, it } from 'vitest';

import { RunClock } from './run-clock';

describe('RunClock: the time a run has left', () => {
  it('is unknown before a step was timed, then counts steps, live evaluations and the final one', () => {
    // 100 steps, a live evaluation every 20 (at 20, 40, 60, 80), the final one 10 × a live one
    const clock = new RunClock(100, 20, 10);
    expect(clock.remainingMs(0)).toBeNull();
    clock.addLiveEval(50);
    clock.addSteps(10, 100); // 10 ms a step
    expect(clock.evalsLeft(10)).toBe(4);
    expect(clock.remainingMs(10)).toBeCloseTo(90 * 10 + 4 * 50 + 10 * 50, 9);
    expect(clock.evalsLeft(80)).toBe(0);
    expect(clock.remainingMs(100)).toBeCloseTo(10 * 50, 9); // only the final evaluation is left
  });

  it('smooths the step time, so one slow window moves the estimate by less than it', () => {
    const clock = new RunClock(1000, 1000, 1);
    clock.addSteps(10, 100);
    clock.addSteps(10, 1000); // a window 10× slower (another tab, a GC)
    expect(clock.stepMs).toBeGreaterThan(10);
    expect(clock.stepMs).toBeLessThan(50);
    for (let i = 0; i < 20; i++) clock.addSteps(10, 1000); // a lasting change is followed
    expect(clock.stepMs).toBeCloseTo(100, 0);
  });

  it("adds the time to build the final evaluation's sets", () => {
    const clock = new RunClock(10, 100, 10, 3000);
    clock.addSteps(10, 100);
    clock.addLiveEval(20);
    expect(clock.remainingMs(10)).toBeCloseTo(10 * 20 + 3000, 9);
  });

  it('ignores windows without timed steps', () => {
    const clock = new RunClock(10, 5, 1);
    clock.addSteps(0, 100);
    clock.addSteps(5, 0);
    expect(clock.remainingMs(0)).toBeNull();
  });
});
