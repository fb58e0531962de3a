/**
 * How one run's events change what is shown of it: the reducer of a live run's events (from the
 * worker) and of a recording's (replayed), so both draw through the same state and charts.
 */
import type { WorkerEvent } from '../worker/protocol';
import { MAX_POINTS, type CurrentRun } from './app-store';
import { outcomeLabel, runOutcome } from './runs';

/** Append `more`, thinning the oldest half when over the cap, so a long run stays cheap to draw. */
export function appendCapped<T>(series: T[], more: T[], cap = MAX_POINTS): T[] {
  const next = [...series, ...more];
  if (next.length <= cap) return next;
  const half = Math.floor(next.length / 2);
  return [...next.slice(0, half).filter((_, i) => i % 2 === 0), ...next.slice(half)];
}

/** A run before its first event: the state the reducer folds a live run's (or a recording's) events into. */
export function newRun(
  fields: Pick<CurrentRun, 'uid' | 'runId' | 'spec' | 'state' | 'detail' | 'startedAt'>,
): CurrentRun {
  return {
    ...fields,
    steps: [],
    stepsDone: 0,
    totalSteps: fields.spec.config.steps,
    stepsPerSecond: 0,
    eta: null,
    evals: [],
    layers: null,
    radiusHistory: [],
    summary: null,
    error: null,
  };
}

/** The events that change what is drawn of a run (its trained weights and checkpoints are kept apart). */
export type RunEvent = Exclude<Extract<WorkerEvent, { runId: number }>, { type: 'modelExported' | 'checkpoint' }>;

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());

export function reduceRun(run: CurrentRun, event: RunEvent): CurrentRun {
  switch (event.type) {
    case 'runState':
      return { ...run, state: event.state, detail: event.detail };
    case 'steps':
      return {
        ...run,
        steps: appendCapped(run.steps, event.points),
        stepsDone: event.stepsDone,
        totalSteps: event.totalSteps,
        stepsPerSecond: event.stepsPerSecond > 0 ? event.stepsPerSecond : run.stepsPerSecond,
        eta: event.etaMs === null ? run.eta : { ms: event.etaMs, at: now() },
      };
    case 'eval':
      return { ...run, evals: appendCapped(run.evals, [event.point]) };
    case 'layers': {
      const radii: Record<string, number> = {};
      for (const l of event.point.layers) if (l.radius !== null) radii[l.name] = l.radius;
      const history =
        Object.keys(radii).length > 0
          ? appendCapped(run.radiusHistory, [{ step: event.point.step, radii }])
          : run.radiusHistory;
      return { ...run, layers: event.point, radiusHistory: history };
    }
    case 'finished': {
      const outcome = runOutcome(event.summary, run.spec.config.steps);
      return {
        ...run,
        state: 'finished',
        detail: outcome.kind === 'finished' ? 'done' : outcomeLabel(outcome),
        summary: event.summary,
        eta: null,
      };
    }
    case 'runFailed':
      return { ...run, state: 'failed', detail: event.error.message, error: event.error };
  }
}
