/**
 * Errors by class from a confusion matrix (rows: true class, columns: predicted class), as the error
 * analysis panel shows them: each class's accuracy (its recall: the diagonal over its row), each cell's
 * share of its row, and the largest mix-ups. Pure, so it is tested without a page.
 */
import { METHOD_INFO } from '../../core/spec/method-catalog';
import type { FinishedRun } from '../../store/runs';

/** "run 3 · FT", with a recording's label after it. */
export const runLabel = (r: FinishedRun): string =>
  `run ${r.runId} · ${METHOD_INFO[r.spec.config.method].short}${r.recorded ? ` · ${r.recorded}` : ''}`;

export interface ClassSummary {
  /** Test images of this class. */
  count: number;
  /** Share of them predicted as this class (null for a class with no test image). */
  accuracy: number | null;
}

export interface MixUp {
  truth: number;
  predicted: number;
  count: number;
  /** The cell's share of its true class's images. */
  share: number;
}

export const rowTotals = (confusion: readonly (readonly number[])[]): number[] =>
  confusion.map((row) => row.reduce((a, b) => a + b, 0));

export function classSummaries(confusion: readonly (readonly number[])[]): ClassSummary[] {
  return rowTotals(confusion).map((count, c) => ({ count, accuracy: count > 0 ? confusion[c][c] / count : null }));
}

/** Off-diagonal cells, largest first (ties by true class, then predicted), at most `limit`. */
export function largestMixUps(confusion: readonly (readonly number[])[], limit: number): MixUp[] {
  const totals = rowTotals(confusion);
  const cells: MixUp[] = [];
  confusion.forEach((row, truth) =>
    row.forEach((count, predicted) => {
      if (truth !== predicted && count > 0) cells.push({ truth, predicted, count, share: count / totals[truth] });
    }),
  );
  return cells.sort((a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted).slice(0, limit);
}

/** Overall accuracy: the diagonal over every image (null with none). */
export function overallAccuracy(confusion: readonly (readonly number[])[]): number | null {
  const total = rowTotals(confusion).reduce((a, b) => a + b, 0);
  return total > 0 ? confusion.reduce((n, row, c) => n + row[c], 0) / total : null;
}
