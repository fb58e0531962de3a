/**
 * Finished runs: what the runs table shows and what is exported. A finished run keeps its spec (seed
 * and every setting), its curves and its final measurements, so a row says what produced its numbers.
 */
import type { DomainId } from '../core/spec/domain-ids';
import { METHOD_INFO } from '../core/spec/method-catalog';
import type { RunSpec } from '../core/spec/run-spec';
import type { DomainResult, EvalPoint, RunSummary, StepPoint } from '../worker/protocol';

/** γ per projected tensor at one evaluation: a point of the radius history. */
export interface RadiusHistoryPoint {
  step: number;
  radii: Record<string, number>;
}

/** Keeps `history` on a finished run only where there is one (methods with radii). */
export const withRadiusHistory = (history: readonly RadiusHistoryPoint[]): { radiusHistory?: RadiusHistoryPoint[] } =>
  history.length > 0 ? { radiusHistory: [...history] } : {};

export interface FinishedRun {
  /** Unique across tabs and reloads (a UUID): how the run is stored, so no tab overwrites another's. */
  uid: string;
  /** The number shown ("run 3"), counted on from the runs this tab knows. */
  runId: number;
  spec: RunSpec;
  summary: RunSummary;
  evals: EvalPoint[];
  steps: StepPoint[];
  /** γ per projected tensor at each evaluation (TPGM and the methods with radii); absent for the others and older runs. */
  radiusHistory?: RadiusHistoryPoint[];
  /** ISO time the run ended. */
  finishedAt: string;
  /**
   * Set for a shipped recording added to the runs ("recorded 2026-12-02 · wasm · seed 0"): drawn and
   * compared like a run, labelled as recorded, never saved as this browser's own.
   */
  recorded?: string;
}

/**
 * How a run ended, true everywhere it is shown (table, charts, exports): a diverged run is diverged
 * even if it was also stopped; an interrupted one (its worker died) keeps what it measured until then. Only finished runs are complete measurements; the others are drawn
 * apart (hollow, dashed) and kept out of every mean.
 */
export type RunOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped'; step: number; of: number }
  | { kind: 'diverged'; step: number; why: string }
  | { kind: 'interrupted'; step: number; why: string };

const formatLoss = (x: number): string => (Number.isFinite(x) ? x.toPrecision(3) : String(x));

export function runOutcome(summary: RunSummary, totalSteps: number): RunOutcome {
  if (summary.interrupted)
    return { kind: 'interrupted', step: summary.interrupted.step, why: summary.interrupted.reason };
  const d = summary.diverged;
  if (d) {
    const why =
      d.reason === 'above-bound'
        ? `training loss ${formatLoss(d.loss)} above its bound ${formatLoss(d.bound)}`
        : d.reason === 'chance-after-explosion'
          ? `its loss exploded (${formatLoss(d.loss)}) and it ended at chance accuracy`
          : `training loss ${formatLoss(d.loss)}`;
    return { kind: 'diverged', step: d.step, why };
  }
  if (summary.stopped && summary.steps < totalSteps) return { kind: 'stopped', step: summary.steps, of: totalSteps };
  return { kind: 'finished' };
}

/** "finished", "stopped at step 94 of 200", "diverged at step 12". */
export function outcomeLabel(o: RunOutcome): string {
  if (o.kind === 'stopped') return `stopped at step ${o.step} of ${o.of}`;
  if (o.kind === 'diverged') return `diverged at step ${o.step}`;
  if (o.kind === 'interrupted') return `interrupted at step ${o.step}`;
  return 'finished';
}

export const isComplete = (run: FinishedRun): boolean =>
  runOutcome(run.summary, run.spec.config.steps).kind === 'finished';

export interface RunRow {
  uid: string;
  runId: number;
  method: string;
  /** The method's name as people read it (e.g. "FT"). */
  methodLabel: string;
  outcome: RunOutcome;
  model: string;
  dataset: string;
  seed: number;
  steps: number;
  backend: string;
  idAccuracy: number;
  ood: { domain: DomainId; accuracy: number }[];
  oodMean: number | null;
  wallSeconds: number;
  medianStepMs: number;
  /** "recorded 2026-12-02 · wasm · seed 0" for a shipped recording, null for a run of this browser. */
  recorded: string | null;
  /** The step of the checkpoint a continued run went on from (after an interruption), else null. */
  continuedFrom: number | null;
}

/** (ID %, OOD-mean %) of one measurement, or null without an ID or an OOD domain. */
export function idAndOodMean(results: readonly DomainResult[]): { id: number; ood: number } | null {
  const id = results.find((r) => r.isId);
  const ood = results.filter((r) => !r.isId);
  if (!id || ood.length === 0) return null;
  return { id: 100 * id.accuracy, ood: (100 * ood.reduce((a, r) => a + r.accuracy, 0)) / ood.length };
}

/** A fresh run uid (crypto.randomUUID: the page is a secure context, localhost or https). */
export const newRunUid = (): string => crypto.randomUUID();

/** Runs saved before uids existed get one from what identified them then. */
export const withUid = (run: Omit<FinishedRun, 'uid'> & { uid?: string }): FinishedRun => ({
  ...run,
  uid: run.uid ?? `run-${run.runId}-${run.finishedAt}`,
});

/** `saved` merged into `current`: each run once (by uid), in the order they finished. */
export function mergeRuns(current: FinishedRun[], saved: FinishedRun[]): FinishedRun[] {
  const known = new Set(current.map((r) => r.uid));
  return [...current, ...saved.filter((r) => !known.has(r.uid))].sort(
    (a, b) => a.finishedAt.localeCompare(b.finishedAt) || a.runId - b.runId,
  );
}

export function runRow(run: FinishedRun): RunRow {
  const results = run.summary.final.results;
  const id = results.find((r) => r.isId);
  const ood = results.filter((r) => !r.isId).map((r) => ({ domain: r.domain, accuracy: r.accuracy }));
  return {
    uid: run.uid,
    runId: run.runId,
    method: run.spec.config.method,
    methodLabel: METHOD_INFO[run.spec.config.method].short,
    outcome: runOutcome(run.summary, run.spec.config.steps),
    model: run.spec.model.id,
    dataset: run.spec.datasetId,
    seed: run.spec.config.seed,
    steps: run.summary.steps,
    backend: run.summary.backend,
    idAccuracy: id?.accuracy ?? Number.NaN,
    ood,
    oodMean: ood.length > 0 ? ood.reduce((a, r) => a + r.accuracy, 0) / ood.length : null,
    wallSeconds: run.summary.wallMs / 1000,
    medianStepMs: run.summary.medianStepMs,
    recorded: run.recorded ?? null,
    continuedFrom: run.summary.continuedFrom?.step ?? null,
  };
}

const csvCell = (v: string | number | null): string => {
  const text = v === null ? '' : typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per run; one column per OOD domain seen in any run (empty where a run did not track it). */
export function runsToCsv(runs: FinishedRun[]): string {
  const rows = runs.map(runRow);
  const domains = [...new Set(rows.flatMap((r) => r.ood.map((o) => o.domain)))];
  const header = [
    'run',
    'method',
    'model',
    'dataset',
    'seed',
    'steps',
    'backend',
    'state',
    'id_accuracy',
    ...domains.map((d) => `ood_${d}`),
    'ood_mean',
    'wall_s',
    'median_step_ms',
    'source',
  ];
  const lines = rows.map((r) =>
    [
      r.runId,
      r.method,
      r.model,
      r.dataset,
      r.seed,
      r.steps,
      r.backend,
      outcomeLabel(r.outcome),
      r.idAccuracy,
      ...domains.map((d) => r.ood.find((o) => o.domain === d)?.accuracy ?? null),
      r.oodMean,
      r.wallSeconds,
      r.medianStepMs,
      r.recorded ?? 'this browser',
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** The tag of a runs export (`runsToJson`); runs-import.ts reads this format only. */
export const RUNS_FORMAT = 'tpgm-runs/1';

/** Everything about every run, for re-analysis: spec (seed, config), curves, final metrics. */
export function runsToJson(runs: FinishedRun[]): string {
  const withState = runs.map((r) => ({ ...r, state: outcomeLabel(runOutcome(r.summary, r.spec.config.steps)) }));
  return JSON.stringify({ format: RUNS_FORMAT, exportedAt: new Date().toISOString(), runs: withState }, null, 2);
}
