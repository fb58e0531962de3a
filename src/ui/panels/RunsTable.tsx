/**
 * Every finished run: method, how it ended, ID accuracy and OOD mean first (visible without scrolling
 * at 1024 px), then each OOD domain, model, seed, steps and time, with export as JSON (everything) or
 * CSV (the table), import of a JSON export (store/runs-import.ts checks it), and a box per row to
 * overlay its curves. Numbers are the final, whole-test-set ones.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { isRunActive, useAppStore } from '../../store/app-store';
import { outcomeLabel, runRow, runsToCsv, runsToJson, type FinishedRun } from '../../store/runs';
import { clearRuns } from '../../store/runs-db';
import { importRuns, MAX_RUNS_FILE_BYTES, tooLargeToImport, type RunsImport } from '../../store/runs-import';
import { useActions } from '../actions-context';
import { FileChooserButton } from '../controls/FileChooserButton';
import { saveBlob } from '../download';
import { ModelDownload } from './ModelDownload';

const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : (100 * v).toFixed(1));

/**
 * "Import JSON…" (a FileChooserButton, like the upload choosers): the runs that pass the checks join the table (each once, by uid: like runs of
 * another tab, through `restoreRuns`), and `onResult` gets the line that says what was imported,
 * already there or refused. Nothing in the table is lost either way.
 */
function ImportButton({ onResult }: { onResult: (result: ImportResult) => void }) {
  const actions = useActions();
  const onPick = ([file]: File[]): void => {
    if (file.size > MAX_RUNS_FILE_BYTES) {
      onResult(tooLargeToImport(file.name, file.size));
      return;
    }
    file.text().then(
      (text) => {
        const read = importRuns(text, file.name, useAppStore.getState().runs);
        if (read.added.length > 0) actions.restoreRuns(read.added);
        onResult(read);
      },
      (err: unknown) =>
        onResult({
          text: `${file.name} could not be read: ${(err as Error).message}. The table is unchanged.`,
          tone: 'alert',
        }),
    );
  };
  return (
    <FileChooserButton inputLabel="Import a runs JSON file" accept=".json,application/json" onFiles={onPick}>
      Import JSON…
    </FileChooserButton>
  );
}

/** `n` counts the imports, so each one's line is a fresh live region, read out even when its words repeat. */
type ImportResult = Pick<RunsImport, 'text' | 'tone'> & { n?: number };

/** The table itself: one row per finished run, with its overlay box. */
function RunsGrid({ runs }: { runs: FinishedRun[] }) {
  const actions = useActions();
  const overlay = useAppStore((s) => s.overlay);
  const domains = useAppStore((s) => s.domains);
  // interrupted runs that can go on: the step of their newest checkpoint, while no run is training (the
  // run on screen has its button beside Start, in the run controls)
  const checkpointSteps = useAppStore(
    useShallow((s) =>
      isRunActive(s.run?.state ?? null) || s.status !== 'ready'
        ? {}
        : Object.fromEntries(
            Object.entries(s.checkpoints)
              .filter(([uid]) => uid !== s.run?.uid)
              .map(([uid, c]) => [uid, c.step]),
          ),
    ),
  );
  const rows = runs.map(runRow);
  const oodIds = [...new Set(rows.flatMap((r) => r.ood.map((o) => o.domain)))];
  const name = (id: string): string => domains.find((d) => d.id === id)?.name ?? id;
  return (
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
            <th scope="col">trained model</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
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
                className={r.outcome.kind === 'diverged' ? 'error' : undefined}
                title={r.outcome.kind === 'diverged' ? r.outcome.why : undefined}
              >
                <span data-testid="run-outcome">
                  {outcomeLabel(r.outcome)}
                  {r.continuedFrom !== null && (
                    <span
                      className="muted small"
                      title="Continued from a checkpoint after an interruption: the same steps"
                    >
                      {' '}
                      (continued from step {r.continuedFrom})
                    </span>
                  )}
                </span>
                {r.outcome.kind === 'interrupted' && checkpointSteps[r.uid] !== undefined && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className="small"
                      onClick={() => actions.continueRun(r.uid)}
                      title="Go on from the run's newest checkpoint: the same steps it would have taken"
                    >
                      Continue from step {checkpointSteps[r.uid]}
                    </button>
                  </>
                )}
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
              <td>
                <ModelDownload run={runs[i]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RunsTable() {
  const actions = useActions();
  const runs = useAppStore((s) => s.runs);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const some = runs.length > 0;
  // one tree whether or not there are runs, so the Import button keeps its focus when the table appears
  return (
    <section className="panel" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs</h2>
      <p className="muted small">
        {some
          ? 'Final accuracy on each domain’s whole test set. A stopped or diverged run is marked, drawn hollow or dashed, and kept out of every mean.'
          : 'No finished runs yet. A file saved with Export JSON can be imported.'}
      </p>
      {some && <RunsGrid runs={runs} />}
      <div className="buttons">
        {some && (
          <>
            <button
              type="button"
              onClick={() => saveBlob(new Blob([runsToJson(runs)], { type: 'application/json' }), 'tpgm-runs.json')}
            >
              Export JSON
            </button>
            <button
              type="button"
              onClick={() => saveBlob(new Blob([runsToCsv(runs)], { type: 'text/csv' }), 'tpgm-runs.csv')}
            >
              Export CSV
            </button>
          </>
        )}
        <ImportButton onResult={(r) => setImported((prev) => ({ ...r, n: (prev?.n ?? 0) + 1 }))} />
        {some && (
          <button
            type="button"
            onClick={() => {
              if (window.confirm('Forget every finished run, here and in this browser’s storage?')) {
                setImported(null);
                actions.clearRuns();
                void clearRuns();
              }
            }}
          >
            Clear runs
          </button>
        )}
      </div>
      {imported && (
        <p
          key={imported.n}
          role={imported.tone}
          className={imported.tone === 'alert' ? 'error small' : 'small'}
          data-testid="runs-import-result"
        >
          {imported.text}
        </p>
      )}
    </section>
  );
}
