/**
 * The results of `npm run bench:ui` (docs/results/ui-benchmarks.json): one run's numbers from what the
 * page recorded and the trace, and BENCHMARKS.md's section "Live feedback and the main thread". The
 * section is also appended by `npm run benchmarks` (scripts/benchmarks.ts), which rewrites that file,
 * so either command leaves it in place.
 */
import { existsSync, readFileSync } from 'node:fs';

import { median } from '../../src/core/stats';

import { END_MARK, START_MARK, type PageRun } from './ui-bench-page';
import {
  evaluations,
  etaChecks,
  insideTask,
  largestEtaJump,
  marker,
  offBy,
  pageMainThread,
  tasksBetween,
  taskStats,
  worstEta,
  type EtaCheck,
  type Evaluation,
  type Task,
  type TaskInside,
  type TaskStats,
} from './ui-bench-stats';

export const UI_RESULTS = 'docs/results/ui-benchmarks.json';
export const UI_HEADING = '## 5. Live feedback and the main thread';

/** A main-thread task placed in the run: ms after Start, the run state it fell in, what it ran longest. */
export interface PlacedTask {
  atMs: number;
  durMs: number;
  /** The main thread's own CPU time in it (ms), null if not traced: see Task. */
  cpuMs: number | null;
  state: string;
  /** The longest trace event inside it (e.g. TimerFire, MajorGC, HandlePostMessage), '' for none. */
  ran: string;
}

export interface UiBenchRun {
  /** Start → the first accuracy point (θ0, "At step 0"), and → the first trained one. */
  toTheta0Ms: number | null;
  firstTrained: { step: number; ms: number } | null;
  toFinishedMs: number;
  /** Evaluations the page showed ('evaluating' states), `startMs` after Start. */
  evaluations: Evaluation[];
  /** Accuracy points the chart showed (distinct steps), to set the evaluations seen against. */
  accuracySteps: number[];
  tasks: TaskStats;
  /** The tasks' CPU time (the thread's own, without waiting for a core): longest, and how many over 50 ms. */
  cpu: { maxMs: number; numLong: number } | null;
  longTasks: PlacedTask[];
  longest: (PlacedTask & { inside: TaskInside[]; before: PlacedTask[]; after: PlacedTask[] }) | null;
  eta: {
    checks: EtaCheck[];
    worstAfter10: EtaCheck | null;
    /** The largest move of the predicted end to later between two updates. */
    largestJump: { stepsDone: number; jumpMs: number } | null;
  };
  totalSteps: number;
  /** The machine's 1-minute load average just before Start (2 cores: above 2, other work was waiting). */
  loadBefore: number;
  pageErrors: string[];
  raw: PageRun['log'];
}

export interface UiBenchResults {
  date: string;
  machine: { cpuModel: string; cpuCount: number };
  chromium: string;
  backend: string;
  viewport: { width: number; height: number };
  config: Record<string, string>;
  command: string;
  bundle: { file: string; role: 'main' | 'worker'; bytes: number; gzipBytes: number }[];
  runs: UiBenchRun[];
}

const stepOf = (summary: string): number | null => {
  const m = /^At step (\d+):/.exec(summary);
  return m ? Number(m[1]) : null;
};

/** One run's numbers, every time relative to the Start click. */
export function summariseRun(run: PageRun): UiBenchRun {
  const { log, events } = run;
  const startAt = log.startAt;
  const finished = log.states.find((s) => s.state === 'finished');
  if (startAt === null || !finished) throw new Error('the page recorded no Start click or no finished state');
  const rel = (t: number): number => t - startAt;
  const points = log.summaries.map((s) => ({ t: s.t, step: stepOf(s.text) }));
  const theta0 = points.find((p) => p.step === 0);
  const trained = points.find((p) => p.step !== null && p.step > 0);
  const totalSteps = Math.max(...log.progress.map((p) => p.stepsDone).filter(Number.isFinite), 0);

  const startMark = marker(events, START_MARK);
  const endMark = marker(events, END_MARK);
  const thread = pageMainThread(events, START_MARK);
  if (!startMark || !endMark || !thread) throw new Error('the trace has no start/end stamp on a CrRendererMain thread');
  const own = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid);
  const tasks = tasksBetween(own, thread, startMark.ts, endMark.ts);
  const stateAt = (t: number): string => log.states.filter((s) => s.t <= t).pop()?.state ?? 'before start';
  // the page's clock and the trace's meet at the start stamp: both were taken in the click's task
  const place = (task: Task): PlacedTask => {
    const atMs = (task.ts - startMark.ts) / 1000;
    const [top] = insideTask(own, thread, task, 1);
    return { atMs, durMs: task.durMs, cpuMs: task.cpuMs, state: stateAt(startAt + atMs), ran: top ? top.name : '' };
  };
  const stats = taskStats(tasks.map((t) => t.durMs));
  const longestIndex = tasks.reduce((b, t, i) => (b < 0 || t.durMs > tasks[b].durMs ? i : b), -1);
  const longest = tasks[longestIndex];
  const cpuMs = tasks.flatMap((t) => (t.cpuMs === null ? [] : [t.cpuMs]));
  return {
    toTheta0Ms: theta0 ? rel(theta0.t) : null,
    firstTrained: trained && trained.step !== null ? { step: trained.step, ms: rel(trained.t) } : null,
    toFinishedMs: rel(finished.t),
    evaluations: evaluations(log.states).map((e) => ({ ...e, startMs: rel(e.startMs) })),
    accuracySteps: [...new Set(points.flatMap((p) => (p.step === null ? [] : [p.step])))],
    tasks: stats,
    cpu: cpuMs.length ? { maxMs: Math.max(...cpuMs), numLong: cpuMs.filter((c) => c > stats.longMs).length } : null,
    longTasks: tasks.filter((t) => t.durMs > stats.longMs).map(place),
    longest: longest
      ? {
          ...place(longest),
          inside: insideTask(own, thread, longest),
          before: tasks.slice(Math.max(0, longestIndex - 2), longestIndex).map(place),
          after: tasks.slice(longestIndex + 1, longestIndex + 3).map(place),
        }
      : null,
    eta: {
      checks: etaChecks(log.progress, totalSteps, finished.t).map((c) => ({ ...c, t: rel(c.t) })),
      worstAfter10: ((w) => (w ? { ...w, t: rel(w.t) } : null))(worstEta(log.progress, totalSteps, finished.t)),
      largestJump: largestEtaJump(log.progress),
    },
    totalSteps,
    loadBefore: run.loadBefore,
    pageErrors: run.pageErrors,
    raw: log,
  };
}

const s = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '–' : (ms / 1000).toFixed(1));
const m = (ms: number): string => (Number.isFinite(ms) ? ms.toFixed(ms < 1 ? 3 : ms < 10 ? 1 : 0) : '–');
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** A row with one cell per run. */
const row = (label: string, runs: UiBenchRun[], cell: (r: UiBenchRun) => string): string =>
  `| ${label} | ${runs.map(cell).join(' | ')} |`;

const live = (r: UiBenchRun): Evaluation[] => r.evaluations.filter((e) => !e.final);
const finalEval = (r: UiBenchRun): Evaluation | undefined => r.evaluations.find((e) => e.final);
/** The live evaluations' accuracy points: all but the final one's, at the last step. */
const livePoints = (r: UiBenchRun): number => r.accuracySteps.filter((x) => x < r.totalSteps).length;

const liveCell = (r: UiBenchRun): string => {
  const ms = live(r).map((e) => e.durationMs);
  return ms.length ? `${m(median(ms))} (${m(Math.min(...ms))}–${m(Math.max(...ms))})` : '–';
};

/** "34 (TimerFire 21, HandlePostMessage 3, MajorGC 2, else 8)": long tasks by the event that took most of each. */
const longCell = (r: UiBenchRun): string => {
  const by = new Map<string, number>();
  for (const t of r.longTasks) by.set(t.ran || 'no detail', (by.get(t.ran || 'no detail') ?? 0) + 1);
  const sorted = [...by].sort((a, b) => b[1] - a[1]);
  const parts = sorted.slice(0, 3).map(([name, n]) => `${name} ${n}`);
  const rest = sorted.slice(3).reduce((a, [, n]) => a + n, 0);
  if (rest > 0) parts.push(`else ${rest}`);
  return `${r.tasks.numLong}${parts.length ? ` (${parts.join(', ')})` : ''}`;
};

/** " (12 ms CPU)", or nothing when the trace had no thread clock (or the results predate it). */
const cpuNote = (cpuMs: number | null | undefined): string =>
  typeof cpuMs === 'number' ? ` (${m(cpuMs)} ms CPU)` : '';

const etaCell = (c: EtaCheck | null | undefined): string =>
  c ? `${s(c.predictedMs)} / ${s(c.actualMs)} s = ${c.ratio.toFixed(2)} (step ${c.stepsDone})` : '–';

/** Issue #14's bound on a main-thread task during a run (ms): longer, and the page feels stuck. */
export const MAX_TASK_MS = 100;

/** BENCHMARKS.md's section, a table with a column per run. */
export function uiBenchSection(r: UiBenchResults): string {
  const { runs } = r;
  const head = `| | ${runs.map((_, i) => `run ${i + 1}`).join(' | ')} |\n|---|${runs.map(() => '---').join('|')}|`;
  const trainedStep = runs[0]?.firstTrained?.step ?? 80;
  const rows = [
    row('load average (1 min) at Start', runs, (x) => x.loadBefore.toFixed(1)),
    row('Start → θ0 accuracy point ("At step 0"), s', runs, (x) => s(x.toTheta0Ms)),
    row(`Start → first trained point ("At step ${trainedStep}"), s`, runs, (x) => s(x.firstTrained?.ms)),
    row('Start → finished, s', runs, (x) => s(x.toFinishedMs)),
    row('live evaluations seen, of the live accuracy points', runs, (x) => `${live(x).length} of ${livePoints(x)}`),
    row('live evaluation, ms: median (min–max) of those seen', runs, liveCell),
    row('final evaluation (whole test set), s', runs, (x) => s(finalEval(x)?.durationMs)),
    row('main-thread tasks; busy, s', runs, (x) => `${x.tasks.count}; ${s(x.tasks.totalMs)}`),
    row('task p50 / p95 / max, ms', runs, (x) => `${m(x.tasks.p50Ms)} / ${m(x.tasks.p95Ms)} / ${m(x.tasks.maxMs)}`),
    row('tasks over 50 ms (by what took most of each)', runs, longCell),
    row("tasks' CPU time (the thread's own, no wait for a core): max, ms; over 50 ms", runs, (x) =>
      x.cpu ? `${m(x.cpu.maxMs)}; ${x.cpu.numLong}` : '–',
    ),
    row('longest task: when, state, what ran', runs, (x) =>
      x.longest
        ? `${m(x.longest.durMs)} ms${cpuNote(x.longest.cpuMs)} at ${s(x.longest.atMs)} s, ${x.longest.state}: ${x.longest.inside
            .slice(0, 2)
            .map((i) => `${i.name} ${m(i.durMs)} ms`)
            .join(', ')}`
        : '–',
    ),
    ...[0.1, 0.5, 0.9].map((f) =>
      row(`ETA at ${f * 100} % of the steps: predicted / actual time left = ratio`, runs, (x) =>
        etaCell(x.eta.checks.find((c) => c.fraction === f)),
      ),
    ),
    row('ETA furthest off after 10 %', runs, (x) =>
      x.eta.worstAfter10 ? `${etaCell(x.eta.worstAfter10)}: ${offBy(x.eta.worstAfter10.ratio).toFixed(2)}×` : '–',
    ),
    row('largest jump of the predicted end to later', runs, (x) =>
      x.eta.largestJump ? `+${s(x.eta.largestJump.jumpMs)} s at step ${x.eta.largestJump.stepsDone}` : '–',
    ),
  ];
  const bundle = r.bundle.map((b) => `${b.role} \`${b.file}\` ${kb(b.bytes)} (${kb(b.gzipBytes)} gzip)`).join(', ');
  const what = (r.config.start ?? 'the default run').replace(/^Next:\s*/, '');
  // per run: one noisy run should not hide behind (or spoil) the other
  const verdict = runs
    .map((x, i) => {
      const w = x.eta.worstAfter10;
      return w ? `${offBy(w.ratio) <= 2 ? 'met' : 'not met'} in run ${i + 1} (${offBy(w.ratio).toFixed(2)}×)` : '';
    })
    .filter((v) => v !== '')
    .join(', ');
  const taskVerdict = runs
    .map(
      (x, i) =>
        `${x.tasks.maxMs <= MAX_TASK_MS ? 'met' : 'not met'} in run ${i + 1} (${m(x.tasks.maxMs)} ms at load ${x.loadBefore.toFixed(1)}` +
        `${x.cpu ? `; its longest CPU time ${m(x.cpu.maxMs)} ms` : ''})`,
    )
    .join(', ');
  return `
${UI_HEADING}

The default run as a user starts it: the built app in headless Chromium ${r.chromium} at ${r.viewport.width}×${r.viewport.height},
Start pressed (${what}; live evaluations every ${r.config['Evaluate every (steps)'] ?? '?'} steps on
${r.config['Live test images per class'] ?? '?'} test images per class, the final one on the whole test set) on ${r.backend}. ${runs.length} runs one
after the other on ${r.machine.cpuCount} × ${r.machine.cpuModel}, ${r.date.slice(0, 10)}, a column each: the machine is shared, so they differ.
Times are the page's own \`performance.now()\` at each change of the live panel (a MutationObserver); an
evaluation lasts from entering 'evaluating' to the next state, and one shorter than a redraw would not be
seen. Tasks are the renderer main thread's \`RunTask\` events in a Chrome trace from the Start click to
'finished' (the trace itself costs some main-thread time); most are tiny scheduler tasks, hence the p50.
A task's CPU time is the main thread's own time in it (the trace's thread clock): on a loaded machine a
task also waits for a core, which lengthens it and not its CPU time.
The live charts are plain SVG drawn by React (\`src/ui/charts/kit/\`); a chart's redraw, and the panels
below them once a run finishes, run in a timer task of their own (TimerFire,
\`src/ui/charts/use-own-task.ts\`). The ETA is the worker's estimate as it arrived, against the time left
until 'finished'.

${head}
${rows.join('\n')}

Targets: the ETA never off by more than 2× after 10 % of the run — ${verdict || 'not measured'}; no
main-thread task over ${MAX_TASK_MS} ms during the run — ${taskVerdict || 'not measured'}.
Bundle (gzip level 9): ${bundle}.
Reproduce: \`${r.command}\` (builds into /tmp/benchdist and serves it on port 4190; \`--port\`,
\`--out-dir\` and \`--runs\` change that; \`--keep-trace DIR --cpu-profile\` keeps each run's trace with
V8's samples, to see what a long task ran); raw numbers in \`${UI_RESULTS}\`.
`;
}

/** The section from the committed results, or nothing when `npm run bench:ui` has not been run. */
export function uiBenchSectionFromResults(path = UI_RESULTS): string {
  return existsSync(path) ? uiBenchSection(JSON.parse(readFileSync(path, 'utf8')) as UiBenchResults) : '';
}

/** `markdown` with the section replaced (up to the next `## ` heading), or appended when it is absent. */
export function spliceSection(markdown: string, section: string): string {
  const at = markdown.indexOf(UI_HEADING);
  if (at < 0) return `${markdown.trimEnd()}\n${section}`;
  const next = markdown.indexOf('\n## ', at + UI_HEADING.length);
  const before = markdown.slice(0, at).trimEnd();
  const after = next < 0 ? '' : markdown.slice(next);
  return `${before}\n${section}${after}`;
}
