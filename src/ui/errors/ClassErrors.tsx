/**
 * Errors by class: for a finished run and one domain, the confusion matrix of the final evaluation
 * (the whole test set: rows the true class, columns the prediction) with each class's accuracy and
 * the largest mix-ups; a second run beside it, so FT's errors on "inverted" sit next to TPGM's.
 */
import { classNamesOf } from '../../core/spec/class-list';
import { useState } from 'react';

import type { DomainId } from '../../core/spec/domain-ids';
import { useAppStore } from '../../store/app-store';
import { useOwnTask } from '../charts/use-own-task';
import type { FinishedRun } from '../../store/runs';
import { useActions } from '../actions-context';
import { CellImages, CELL_IMAGES } from './CellImages';
import { classSummaries, largestMixUps, overallAccuracy, rowTotals, runLabel } from './class-errors';
import './class-errors.css';

const pct = (v: number | null): string => (v === null ? '–' : `${(100 * v).toFixed(1)}`);

const runOptions = (runs: readonly FinishedRun[]) =>
  runs.map((r) => (
    <option key={r.uid} value={r.uid}>
      {runLabel(r)}
    </option>
  ));

/** Shading steps of a cell by its share of the row: few classes, so a handful of levels read best. */
const level = (share: number): number => (share <= 0 ? 0 : Math.min(5, Math.ceil(share * 5)));

/** The cell whose images are shown ("true:predicted"), if it is one of this run's on this domain. */
const useShownCell = (run: FinishedRun, domain: string): string | null =>
  useAppStore((s) => {
    const v = s.testImages.cell;
    if (!v || v.runUid !== run.uid || v.domains[0] !== domain || v.query.kind !== 'cell') return null;
    return `${v.query.trueClass}:${v.query.predicted}`;
  });

function Matrix({ run, domain }: { run: FinishedRun; domain: DomainId }) {
  const actions = useActions();
  const shownCell = useShownCell(run, domain);
  const available = useAppStore((s) => s.available);
  const catalog = useAppStore((s) => s.catalog);
  // each run's own class names: two runs side by side may come from different datasets
  const dataset = available[run.spec.datasetId] ?? catalog.find((d) => d.id === run.spec.datasetId);
  const classes = classNamesOf(dataset?.classes ?? [], run.spec.classes);
  const result = run.summary.final.results.find((r) => r.domain === domain);
  const title = runLabel(run);
  if (!result?.confusion)
    return (
      <figure className="class-errors-run">
        <figcaption>{title}</figcaption>
        <p className="muted">
          {result
            ? 'This run was measured before errors by class were counted.'
            : `This run was not measured on ${domain}.`}
        </p>
      </figure>
    );
  const { confusion } = result;
  const totals = rowTotals(confusion);
  const perClass = classSummaries(confusion);
  const name = (c: number): string => classes[c] ?? String(c);
  const mixUps = largestMixUps(confusion, 3);
  return (
    <figure className="class-errors-run" data-testid="class-errors-run" data-run={run.uid}>
      <figcaption>
        {title}: {pct(overallAccuracy(confusion))} % on {domain}
      </figcaption>
      <p className="small muted confusion-axes">rows: true class · columns: predicted class</p>
      <div className="table-scroll">
        <table
          className={confusion.length <= 12 ? 'confusion fits' : 'confusion'}
          aria-label={`confusion matrix of ${title} on ${domain}`}
        >
          <colgroup>
            <col className="row-head" />
            {confusion.map((_, c) => (
              <col key={c} />
            ))}
            <col className="accuracy" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">true class, and the predicted classes:</span>
              </th>
              {confusion.map((_, c) => (
                <th key={c} scope="col">
                  {name(c)}
                </th>
              ))}
              <th scope="col">acc. %</th>
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row">{name(t)}</th>
                {row.map((count, p) => (
                  <td
                    key={p}
                    className={`${t === p ? 'hit' : 'miss'} level-${level(totals[t] > 0 ? count / totals[t] : 0)}`}
                    data-truth={t}
                    data-predicted={p}
                    title={`${name(t)} predicted as ${name(p)}: ${count} of ${totals[t]}`}
                  >
                    {result.predictions && count > 0 ? (
                      <button
                        type="button"
                        className="cell-button"
                        aria-pressed={shownCell === `${t}:${p}`}
                        aria-label={`show the ${count} images of ${name(t)} predicted as ${name(p)}`}
                        onClick={() =>
                          actions.showTestImages('cell', run, [domain], {
                            kind: 'cell',
                            trueClass: t,
                            predicted: p,
                            limit: CELL_IMAGES,
                          })
                        }
                      >
                        {count}
                      </button>
                    ) : (
                      count
                    )}
                  </td>
                ))}
                <td className="class-accuracy" data-class={t}>
                  {pct(perClass[t].accuracy)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small" data-testid="mix-ups">
        {mixUps.length === 0
          ? 'No mix-ups.'
          : `Most mixed up: ${mixUps.map((m) => `${name(m.truth)} → ${name(m.predicted)} ${m.count} (${pct(m.share)} %)`).join(', ')}.`}
      </p>
    </figure>
  );
}

export function ClassErrors() {
  // drawn in a task of its own once a run finishes, not in the one that ends the run (bench:ui)
  const runs = useOwnTask(useAppStore((s) => s.runs));
  const domainInfo = useAppStore((s) => s.domains);
  const [chosen, setChosen] = useState<string | null>(null);
  const [other, setOther] = useState<string>('');
  const [domain, setDomain] = useState<string | null>(null);
  if (runs.length === 0) return null;
  // the newest run unless one was chosen (and is still there)
  const run = runs.find((r) => r.uid === chosen) ?? runs[runs.length - 1];
  const second = runs.find((r) => r.uid === other && r.uid !== run.uid) ?? null;
  const domains = run.summary.final.results.map((r) => r.domain);
  const shown = domains.find((d) => d === domain) ?? domains[0];
  const domainName = (id: string): string => domainInfo.find((d) => d.id === id)?.name ?? id;
  return (
    <section className="panel class-errors" aria-labelledby="class-errors-heading">
      <h2 id="class-errors-heading">Errors by class</h2>
      <p className="muted small">
        The final evaluation on the whole test set of one domain: how many images of each true class (rows) went to each
        prediction (columns). Darker off the diagonal is a larger share of that class mistaken. Click a number to see
        its images.
      </p>
      <div className="class-errors-controls">
        <label className="field">
          <span>Run</span>
          <select value={run.uid} onChange={(e) => setChosen(e.target.value)} aria-label="Run">
            {runOptions(runs)}
          </select>
        </label>
        <label className="field">
          <span>Beside it</span>
          <select value={second?.uid ?? ''} onChange={(e) => setOther(e.target.value)} aria-label="Beside it">
            <option value="">none</option>
            {runOptions(runs.filter((r) => r.uid !== run.uid))}
          </select>
        </label>
        <label className="field">
          <span>Domain</span>
          <select value={shown} onChange={(e) => setDomain(e.target.value)} aria-label="Domain">
            {domains.map((d) => (
              <option key={d} value={d}>
                {domainName(d)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="class-errors-runs">
        <Matrix run={run} domain={shown} />
        {second && <Matrix run={second} domain={shown} />}
      </div>
      <CellImages runs={second ? [run, second] : [run]} />
    </section>
  );
}
