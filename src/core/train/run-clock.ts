/**
 * The time a run has left, from what it measured: a smoothed step time (exponential moving average
 * over log windows, evaluation time left out), the measured time of one live evaluation, and the
 * final evaluation on the full test split (estimated from the live one by image count, plus building
 * its sets).
 * Pure bookkeeping, no tfjs: the worker session feeds it and posts its estimate with every `steps` event.
 */

/** Weight of the newest window in the step-time average: smooth enough not to jump, quick to follow a change. */
const SMOOTHING = 0.3;

export class RunClock {
  private stepMsAvg: number | null = null;
  private liveEvalMs: number | null = null;

  /**
   * @param totalSteps steps of the whole run
   * @param evalEvery steps between live evaluations (none at the last step: the final one replaces it)
   * @param fullToLive images of the final evaluation per image of a live one (1 when they are the same)
   * @param finalBuildMs estimated time to build the final evaluation's sets (0 when they exist already)
   */
  constructor(
    private readonly totalSteps: number,
    private readonly evalEvery: number,
    private readonly fullToLive: number,
    private readonly finalBuildMs = 0,
  ) {}

  /** One log window: `ms` of wall time (evaluations excluded) for `steps` training steps. */
  addSteps(steps: number, ms: number): void {
    if (steps <= 0 || !(ms > 0)) return;
    const perStep = ms / steps;
    this.stepMsAvg = this.stepMsAvg === null ? perStep : SMOOTHING * perStep + (1 - SMOOTHING) * this.stepMsAvg;
  }

  /** One live evaluation took `ms`. */
  addLiveEval(ms: number): void {
    if (!(ms >= 0)) return;
    this.liveEvalMs = this.liveEvalMs === null ? ms : SMOOTHING * ms + (1 - SMOOTHING) * this.liveEvalMs;
  }

  get stepMs(): number | null {
    return this.stepMsAvg;
  }

  /** Live evaluations still to come after `stepsDone` steps (at every multiple of evalEvery below the total). */
  evalsLeft(stepsDone: number): number {
    const lastLive = Math.floor((this.totalSteps - 1) / this.evalEvery);
    return Math.max(0, lastLive - Math.floor(stepsDone / this.evalEvery));
  }

  /** Milliseconds left after `stepsDone` steps, or null before a step was timed. */
  remainingMs(stepsDone: number): number | null {
    if (this.stepMsAvg === null) return null;
    const evalMs = this.liveEvalMs ?? 0;
    const stepsLeft = Math.max(0, this.totalSteps - stepsDone);
    const final = evalMs * this.fullToLive + this.finalBuildMs;
    return stepsLeft * this.stepMsAvg + this.evalsLeft(stepsDone) * evalMs + final;
  }
}
