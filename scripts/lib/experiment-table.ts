/** The experiment runner's Markdown table (mean ± std over seeds) and its output check. */
import type { MethodId } from '../../src/core/spec/config';
import type { RunSpec } from '../../src/core/spec/run-spec';
import type { RunSummary } from '../../src/worker/protocol';

export interface ExperimentRun {
  method: MethodId;
  seed: number;
  spec: RunSpec;
  summary: RunSummary;
}

/** Mean ± sample standard deviation, in percent with one decimal ("91.9 ± 0.4"; no ± for one value). */
export function meanStd(values: number[], scale = 100): string {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return (scale * mean).toFixed(1);
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return `${(scale * mean).toFixed(1)} ± ${(scale * sd).toFixed(1)}`;
}

const oodMean = (s: RunSummary): number => {
  const ood = s.final.results.filter((r) => !r.isId);
  return ood.reduce((a, r) => a + r.accuracy, 0) / ood.length;
};

/**
 * The runs of several result files in one list. A run is a method and a seed: a later file's run replaces
 * an earlier file's run of the same method and seed (a re-measurement after a fix); files that split the
 * seeds of a method between them add up.
 */
export function mergeRuns(files: readonly (readonly ExperimentRun[])[]): ExperimentRun[] {
  const key = (r: ExperimentRun): string => `${r.method}#${r.seed}`;
  return files.reduce<ExperimentRun[]>((merged, runs) => {
    const remeasured = new Set(runs.map(key));
    return [...merged.filter((r) => !remeasured.has(key(r))), ...runs];
  }, []);
}

/** One row per method: seeds, ID and OOD mean as "mean ± std" (for a model card). */
export function summaryRows(runs: ExperimentRun[]): { method: string; seeds: number; id: string; oodMean: string }[] {
  return [...new Set(runs.map((r) => r.method))].map((m) => {
    const of = runs.filter((r) => r.method === m);
    return {
      method: m,
      seeds: of.length,
      id: meanStd(of.map((r) => r.summary.final.results[0].accuracy)),
      oodMean: meanStd(of.map((r) => oodMean(r.summary))),
    };
  });
}

export function experimentTable(runs: ExperimentRun[]): string {
  if (runs.length === 0) return '(no runs)';
  const domains = runs[0].summary.final.results.map((r) => r.domain);
  const methods = [...new Set(runs.map((r) => r.method))];
  const header = ['method', 'seeds', 'ID', ...domains.slice(1), 'OOD mean', 'wall s', 'step ms'];
  const rows = methods.map((m) => {
    const of = runs.filter((r) => r.method === m);
    const acc = (k: number): number[] => of.map((r) => r.summary.final.results[k].accuracy);
    const diverged = of.filter((r) => r.summary.diverged).length;
    return [
      diverged > 0 ? `${m} (diverged ${diverged}/${of.length})` : m,
      String(of.length),
      meanStd(acc(0)),
      ...domains.slice(1).map((_, k) => meanStd(acc(k + 1))),
      meanStd(of.map((r) => oodMean(r.summary))),
      meanStd(
        of.map((r) => r.summary.wallMs / 1000),
        1,
      ),
      meanStd(
        of.map((r) => r.summary.medianStepMs),
        1,
      ),
    ];
  });
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** What is missing or malformed in one run's output (empty when it is complete). */
export function summaryProblems(run: ExperimentRun): string[] {
  const s = run.summary;
  const where = `${run.method} seed ${run.seed}`;
  const problems: string[] = [];
  if (s.steps !== run.spec.config.steps) problems.push(`${where}: ${s.steps} steps, expected ${run.spec.config.steps}`);
  if (s.final.results.length !== 1 + run.spec.oodDomains.length) problems.push(`${where}: wrong number of domains`);
  for (const r of s.final.results) {
    if (!(r.accuracy >= 0 && r.accuracy <= 1)) problems.push(`${where}: accuracy of ${r.domain} is ${r.accuracy}`);
  }
  if (s.layers.layers.length === 0) problems.push(`${where}: no per-layer statistics`);
  if (!s.layers.layers.every((l) => Number.isFinite(l.deviation))) problems.push(`${where}: a deviation is not finite`);
  if (run.method === 'tpgm' && !s.layers.layers.some((l) => l.radius !== null)) problems.push(`${where}: no radii`);
  if (!(s.medianStepMs > 0)) problems.push(`${where}: no step time`);
  return problems;
}
