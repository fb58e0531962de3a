/**
 * Replaying recordings: which of a recording's events are due at a position of the replay, and the run
 * they make, folded by the live run's own reducer (so a replay draws through the same charts). The
 * position is in steps, shared by every recording shown, so FT and TPGM are compared at the same step.
 * Pure: the player (lecture-store.ts) owns the clock.
 */
import type { Recording } from '../worker/recording';
import type { CurrentRun } from './app-store';
import { withRadiusHistory, type FinishedRun } from './runs';
import { newRun, reduceRun, type RunEvent } from './run-reducer';

/** ×1 is the recorded pace; 'instant' jumps to the end. */
export type ReplaySpeed = 1 | 4 | 16 | 'instant';
export const REPLAY_SPEEDS: readonly ReplaySpeed[] = [1, 4, 16, 'instant'];

/** The last step of a recording (its run's steps when it finished). */
export const recordingEnd = (r: Recording): number => r.entries[r.entries.length - 1].step;

/** The end of a replay of several recordings: the longest one's. */
export const replayEnd = (rs: readonly Recording[]): number => Math.max(0, ...rs.map(recordingEnd));

/** How many of `r`'s entries are due at `position` (entries are in step order). */
export function entriesDue(r: Recording, position: number): number {
  let lo = 0;
  let hi = r.entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.entries[mid].step <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Steps per millisecond at ×1: the recorded run's own pace (its steps over its wall time). */
export const recordedPace = (r: Recording): number => recordingEnd(r) / Math.max(1, r.wallMs);

/**
 * The position `elapsedMs` of real time after `position`, at `speed` × the pace of the slowest
 * recording shown (so none of them runs ahead of its own recorded time at ×1), never past `end`.
 */
export function advance(
  position: number,
  elapsedMs: number,
  speed: ReplaySpeed,
  recordings: readonly Recording[],
  end = replayEnd(recordings),
): number {
  if (speed === 'instant') return end;
  if (recordings.length === 0) return position;
  const pace = Math.min(...recordings.map(recordedPace));
  return Math.min(end, position + elapsedMs * pace * speed);
}

/** Events that change what the lecture view draws: evaluations, per-layer statistics and the end (not losses). */
const MEASUREMENTS: ReadonlySet<string> = new Set(['eval', 'layers', 'finished']);

/** The steps at which some recording measured something, ascending. */
function measuredSteps(recordings: readonly Recording[]): number[] {
  const steps = new Set<number>();
  for (const r of recordings) for (const e of r.entries) if (MEASUREMENTS.has(e.event.type)) steps.add(e.step);
  return [...steps].sort((a, b) => a - b);
}

/** The next step after `position` at which a recording measured something (the "step" button), or the end. */
export function nextStop(recordings: readonly Recording[], position: number): number {
  return measuredSteps(recordings).find((s) => s > position) ?? replayEnd(recordings);
}

/** The last step before `position` at which a recording measured something (stepping back), or 0. */
export function previousStop(recordings: readonly Recording[], position: number): number {
  return measuredSteps(recordings)
    .filter((s) => s < position)
    .reduce((_, s) => s, 0);
}

/** A run as it stood before its first event: what the reducer folds a recording's events into. */
export function emptyRecordedRun(r: Recording): CurrentRun {
  return newRun({
    uid: `recording:${r.id}`,
    runId: 0,
    spec: r.spec,
    state: 'preparing',
    detail: 'recorded',
    startedAt: Date.parse(r.recordedAt),
  });
}

const folded = new WeakMap<Recording, Map<number, CurrentRun>>();

/**
 * The run as a live one would have shown it with the first `count` events of `r`, folded by the
 * live reducer; memoised per (recording, count), so a replay's redraws cost nothing between events.
 */
export function recordedRun(r: Recording, count: number): CurrentRun {
  let cache = folded.get(r);
  if (!cache) folded.set(r, (cache = new Map()));
  const hit = cache.get(count);
  if (hit) return hit;
  let run = emptyRecordedRun(r);
  for (const { event } of r.entries.slice(0, count)) run = reduceRun(run, { ...event, runId: 0 } as RunEvent);
  if (cache.size > 256) cache.clear();
  cache.set(count, run);
  return run;
}

/** The run of `r` at `position` of the replay. */
export const runAt = (r: Recording, position: number): CurrentRun => recordedRun(r, entriesDue(r, position));

/** The uid of a recording added to the lab's runs (one per recording, so it is added once). */
export const recordedUid = (id: string): string => `recording:${id}`;

/** A recording as a finished run of the lab (numbered `runId`), to compare and overlay like one. */
export function recordingAsRun(r: Recording, runId: number): FinishedRun {
  const run = recordedRun(r, r.entries.length);
  if (!run.summary) throw new Error(`recording ${r.id} does not end with the run finishing`);
  return {
    uid: recordedUid(r.id),
    runId,
    spec: r.spec,
    summary: run.summary,
    evals: run.evals,
    steps: run.steps,
    ...withRadiusHistory(run.radiusHistory),
    finishedAt: r.recordedAt,
    recorded: recordedLabel(r),
  };
}

/** "recorded 2026-12-02 · wasm · seed 0": how a recording is labelled wherever it is drawn. */
export const recordedLabel = (r: Recording): string =>
  `recorded ${r.recordedAt.slice(0, 10)} · ${r.backend.name} · seed ${r.spec.config.seed}`;
