/**
 * The pure arithmetic of `npm run bench:ui` (scripts/bench-ui.ts): percentiles of main-thread task
 * lengths, the page's renderer main thread and its tasks in a Chrome trace, evaluation intervals from the
 * recorded run states, and the ETA's predicted against actual time left. No browser, no I/O: unit-tested.
 */

/** One event of a Chrome trace (the JSON that `browser.stopTracing()` returns); `ts` and `dur` in µs. */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's own CPU time in the event (µs): less than `dur` when it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

/**
 * A task of the main thread: start (µs, trace clock), length (ms) and the thread's CPU time in it (ms;
 * null when the trace has none). On a busy machine a task waits for a core: its length grows, its CPU
 * time does not, so the two tell the page's own work from the machine's load.
 */
export interface Task {
  ts: number;
  durMs: number;
  cpuMs: number | null;
}

export interface TaskStats {
  count: number;
  totalMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Tasks longer than `longMs` (50 ms: the Long Tasks API's threshold, where input starts to feel late). */
  numLong: number;
  longMs: number;
}

/** The p-th percentile (0–100) by linear interpolation between closest ranks; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

export function taskStats(durMs: readonly number[], longMs = 50): TaskStats {
  return {
    count: durMs.length,
    totalMs: durMs.reduce((a, d) => a + d, 0),
    p50Ms: percentile(durMs, 50),
    p95Ms: percentile(durMs, 95),
    maxMs: durMs.length ? Math.max(...durMs) : Number.NaN,
    numLong: durMs.filter((d) => d > longMs).length,
    longMs,
  };
}

/** The trace time (µs) of the page's `console.timeStamp(message)`, and the thread that called it. */
export function marker(events: readonly TraceEvent[], message: string): TraceEvent | null {
  return events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === message) ?? null;
}

/**
 * The page's renderer main thread: the CrRendererMain thread on which the page stamped `startMarker`
 * (a spare or other renderer has a CrRendererMain too, so the name alone does not identify it).
 */
export function pageMainThread(
  events: readonly TraceEvent[],
  startMarker: string,
): { pid: number; tid: number } | null {
  const stamp = marker(events, startMarker);
  if (!stamp) return null;
  const named = events.some(
    (e) =>
      e.ph === 'M' &&
      e.name === 'thread_name' &&
      e.pid === stamp.pid &&
      e.tid === stamp.tid &&
      e.args?.name === 'CrRendererMain',
  );
  return named ? { pid: stamp.pid, tid: stamp.tid } : null;
}

/** The thread's top-level tasks ('RunTask', complete events) that overlap [fromUs, toUs] (the first holds the click). */
export function tasksBetween(
  events: readonly TraceEvent[],
  thread: { pid: number; tid: number },
  fromUs: number,
  toUs: number,
): Task[] {
  return events
    .filter(
      (e) =>
        e.name === 'RunTask' &&
        e.ph === 'X' &&
        e.pid === thread.pid &&
        e.tid === thread.tid &&
        e.ts + (e.dur ?? 0) >= fromUs &&
        e.ts <= toUs,
    )
    .map((e) => ({ ts: e.ts, durMs: (e.dur ?? 0) / 1000, cpuMs: e.tdur === undefined ? null : e.tdur / 1000 }))
    .sort((a, b) => a.ts - b.ts);
}

/** What a long task did: its longest events inside it (nested ones too), with what they ran. */
export interface TaskInside {
  name: string;
  durMs: number;
  /** The function, URL, event type or frame the event names, when it names one. */
  detail: string;
}

export function insideTask(
  events: readonly TraceEvent[],
  thread: { pid: number; tid: number },
  task: Task,
  limit = 6,
): TaskInside[] {
  const end = task.ts + task.durMs * 1000;
  return events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.name !== 'RunTask' &&
        e.pid === thread.pid &&
        e.tid === thread.tid &&
        e.ts >= task.ts &&
        e.ts + (e.dur ?? 0) <= end,
    )
    .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
    .slice(0, limit)
    .map((e) => {
      const d = e.args?.data ?? {};
      const detail = [d.functionName, d.type, d.url].filter((x) => typeof x === 'string' && x !== '').join(' ');
      return { name: e.name, durMs: (e.dur ?? 0) / 1000, detail };
    });
}

/** A change of `[data-testid=run-state]`, `t` in the page's performance.now() ms. */
export interface StateSample {
  t: number;
  state: string;
  detail: string;
}

export interface Evaluation {
  /** The step it measures (from the state's text), null when the text names none. */
  step: number | null;
  /** The final evaluation on the whole test set. */
  final: boolean;
  startMs: number;
  durationMs: number;
  detail: string;
}

const evalStep = (detail: string): number | null => {
  const m = /step (\d+)/.exec(detail);
  return m ? Number(m[1]) : null;
};
const isFinal = (detail: string): boolean => /whole test set/.test(detail);

/**
 * Every evaluation the page showed: from entering 'evaluating' to the next state. Consecutive
 * 'evaluating' samples that measure another step (or the final set) start a new evaluation, since the
 * state need not leave 'evaluating' between two of them. One still running at the end is left out.
 */
export function evaluations(states: readonly StateSample[]): Evaluation[] {
  const out: Evaluation[] = [];
  let open: StateSample | null = null;
  for (const s of states) {
    const same =
      open !== null &&
      s.state === 'evaluating' &&
      evalStep(s.detail) === evalStep(open.detail) &&
      isFinal(s.detail) === isFinal(open.detail);
    if (same) continue;
    if (open) {
      out.push({
        step: evalStep(open.detail),
        final: isFinal(open.detail),
        startMs: open.t,
        durationMs: s.t - open.t,
        detail: open.detail,
      });
    }
    open = s.state === 'evaluating' ? s : null;
  }
  return out;
}

/** A change of the steps done or the ETA, `t` in the page's performance.now() ms. */
export interface ProgressSample {
  t: number;
  stepsDone: number;
  /** The worker's estimate of the ms left, as it arrived; null while it has none. */
  etaMs: number | null;
}

export interface EtaCheck {
  /** The share of the steps the sample was meant for (0.1, 0.5, 0.9), or null for the worst one. */
  fraction: number | null;
  stepsDone: number;
  t: number;
  predictedMs: number;
  actualMs: number;
  /** predicted / actual: above 1 the ETA was pessimistic, below optimistic. */
  ratio: number;
}

const check = (s: ProgressSample & { etaMs: number }, endT: number, fraction: number | null): EtaCheck => ({
  fraction,
  stepsDone: s.stepsDone,
  t: s.t,
  predictedMs: s.etaMs,
  actualMs: endT - s.t,
  ratio: s.etaMs / (endT - s.t),
});

const withEta = (samples: readonly ProgressSample[], endT: number) =>
  samples.filter((s): s is ProgressSample & { etaMs: number } => s.etaMs !== null && s.t < endT);

/** For each share of `totalSteps`, the sample nearest to it (the earliest on a tie) against the end. */
export function etaChecks(
  samples: readonly ProgressSample[],
  totalSteps: number,
  endT: number,
  fractions: readonly number[] = [0.1, 0.5, 0.9],
): EtaCheck[] {
  const usable = withEta(samples, endT);
  return fractions.flatMap((f) => {
    const target = f * totalSteps;
    const best = usable.reduce<(typeof usable)[number] | null>(
      (b, s) => (b === null || Math.abs(s.stepsDone - target) < Math.abs(b.stepsDone - target) ? s : b),
      null,
    );
    return best ? [check(best, endT, f)] : [];
  });
}

/** How far off an estimate is, either way: 2 means off by 2× (twice or half the time left). */
export const offBy = (ratio: number): number => Math.max(ratio, 1 / ratio);

/** The sample furthest off (see offBy) once `fromFraction` of the steps are done; null if none. */
export function worstEta(
  samples: readonly ProgressSample[],
  totalSteps: number,
  endT: number,
  fromFraction = 0.1,
): EtaCheck | null {
  const checks = withEta(samples, endT)
    .filter((s) => s.stepsDone >= fromFraction * totalSteps)
    .map((s) => check(s, endT, null));
  return checks.reduce<EtaCheck | null>((w, c) => (w === null || offBy(c.ratio) > offBy(w.ratio) ? c : w), null);
}

/** The largest move of the predicted end (sample time + ETA) to later, between one sample and the next. */
export function largestEtaJump(samples: readonly ProgressSample[]): { stepsDone: number; jumpMs: number } | null {
  const usable = samples.filter((s): s is ProgressSample & { etaMs: number } => s.etaMs !== null);
  let worst: { stepsDone: number; jumpMs: number } | null = null;
  for (let i = 1; i < usable.length; i++) {
    const jumpMs = usable[i].t + usable[i].etaMs - (usable[i - 1].t + usable[i - 1].etaMs);
    if (jumpMs > 0 && (worst === null || jumpMs > worst.jumpMs)) worst = { stepsDone: usable[i].stepsDone, jumpMs };
  }
  return worst;
}
