/**
 * Finished runs: what the runs table shows and what is exported. A finished run keeps its spec (seed
 * and every setting), its curves and its final measurements, so a row says what produced its numbers.
 */
import type { DomainId } from '../core/data/domains/domain';
import type { EvalPoint, RunSpec, RunSummary, StepPoint } from '../worker/protocol';

export interface FinishedRun {
  runId: number;
  spec: RunSpec;
  summary: RunSummary;
  evals: EvalPoint[];
  steps: StepPoint[];
  /** ISO time the run ended. */
  finishedAt: string;
}

export interface RunRow {
  runId: number;
  method: string;
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
  /** The step whose loss was not finite, for a run that diverged. */
  divergedAt: number | null;
}

export function runRow(run: FinishedRun): RunRow {
  const results = run.summary.final.results;
  const id = results.find((r) => r.isId);
  const ood = results.filter((r) => !r.isId).map((r) => ({ domain: r.domain, accuracy: r.accuracy }));
  return {
    runId: run.runId,
    method: run.spec.config.method,
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
    divergedAt: run.summary.diverged?.step ?? null,
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
    'id_accuracy',
    ...domains.map((d) => `ood_${d}`),
    'ood_mean',
    'wall_s',
    'median_step_ms',
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
      r.idAccuracy,
      ...domains.map((d) => r.ood.find((o) => o.domain === d)?.accuracy ?? null),
      r.oodMean,
      r.wallSeconds,
      r.medianStepMs,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** Everything about every run, for re-analysis: spec (seed, config), curves, final metrics. */
export function runsToJson(runs: FinishedRun[]): string {
  return JSON.stringify({ format: 'tpgm-runs/1', exportedAt: new Date().toISOString(), runs }, null, 2);
}
