/**
 * Every finished run: method, how it ended, ID accuracy and OOD mean first (visible without scrolling
 * at 1024 px), then each OOD domain, model, seed, steps and time, with export as JSON (everything) or
 * CSV (the table), and a box per row to overlay its curves. Numbers are the final, whole-test-set ones.
 */
import { useAppStore } from '../../store/app-store';
import { outcomeLabel, runRow, runsToCsv, runsToJson } from '../../store/runs';
import { clearRuns } from '../../store/runs-db';
import { useActions } from '../actions-context';

const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : (100 * v).toFixed(1));

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function RunsTable() {
  const actions = useActions();
  const runs = useAppStore((s) => s.runs);
  const overlay = useAppStore((s) => s.overlay);
  const domains = useAppStore((s) => s.domains);
  if (runs.length === 0) return null;
  const rows = runs.map(runRow);
  const oodIds = [...new Set(rows.flatMap((r) => r.ood.map((o) => o.domain)))];
  const name = (id: string): string => domains.find((d) => d.id === id)?.name ?? id;
  return (
    <section className="panel" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <p className="muted small">
        Final accuracy on each domain’s whole test set. A stopped or diverged run is marked, drawn hollow or dashed, and
        kept out of every mean.
      </p>
      <div className="table-scroll">
        <table className="runs" aria-label="runs table">
          <thead>
            <tr>
              <th scope="col">overlay</th>
              <th scope="col">run</th>
              <th scope="col">method</th>
              <th scope="col">state</th>
              <th scope="col">ID %</th>
              <th scope="col">OOD mean %</th>
              {oodIds.map((d) => (
                <th scope="col" key={d}>
                  {name(d)} %
                </th>
              ))}
              <th scope="col">model</th>
              <th scope="col">seed</th>
              <th scope="col">steps</th>
              <th scope="col">time</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.uid}
                data-run={r.runId}
                data-method={r.method}
                data-outcome={r.outcome.kind}
                className={r.outcome.kind === 'finished' ? undefined : 'incomplete'}
              >
                <td>
                  <input
                    type="checkbox"
                    checked={overlay.includes(r.uid)}
                    onChange={() => actions.toggleOverlay(r.uid)}
                    aria-label={`overlay run ${r.runId}`}
                  />
                </td>
                <td>{r.runId}</td>
                <th scope="row" title={r.method}>
                  {r.methodLabel}
                  {r.recorded && (
                    <span className="muted small recorded-tag" data-testid="recorded-tag">
                      {' '}
                      ({r.recorded})
                    </span>
                  )}
                </th>
                <td
                  data-testid="run-outcome"
                  className={r.outcome.kind === 'diverged' ? 'error' : undefined}
                  title={r.outcome.kind === 'diverged' ? r.outcome.why : undefined}
                >
                  {outcomeLabel(r.outcome)}
                </td>
                <td data-testid="id-accuracy">{pct(r.idAccuracy)}</td>
                <td data-testid="ood-mean">{pct(r.oodMean)}</td>
                {oodIds.map((d) => (
                  <td key={d}>{pct(r.ood.find((o) => o.domain === d)?.accuracy ?? null)}</td>
                ))}
                <td>{r.model}</td>
                <td>{r.seed}</td>
                <td data-testid="run-steps">{r.steps}</td>
                <td>
                  {r.wallSeconds.toFixed(1)} s on {r.backend}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="buttons">
        <button type="button" onClick={() => download('tpgm-runs.json', 'application/json', runsToJson(runs))}>
          Export JSON
        </button>
        <button type="button" onClick={() => download('tpgm-runs.csv', 'text/csv', runsToCsv(runs))}>
          Export CSV
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm('Forget every finished run, here and in this browser’s storage?')) {
              actions.clearRuns();
              void clearRuns();
            }
          }}
        >
          Clear runs
        </button>
      </div>
    </section>
  );
}
