/**
 * The images of one confusion cell (true → predicted), as the domain showed them to the run, fetched
 * from the worker when the cell is clicked. With a second run beside it that saw the same images,
 * each image says what that run predicted too, so "FT gets this 4 wrong, TPGM right" can be pointed at.
 */
import { classNamesOf } from '../../core/spec/class-list';
import { useAppStore } from '../../store/app-store';
import type { FinishedRun } from '../../store/runs';
import { predictionOf, sameTestImages } from '../../store/test-images';
import { useActions } from '../actions-context';
import { Thumb } from '../panels/Thumb';
import '../panels/gallery-predictions.css';
import { runLabel } from './class-errors';

/** Images shown of one cell: a screenful; the count says how many more there are. */
export const CELL_IMAGES = 48;

export function CellImages({ runs }: { runs: readonly FinishedRun[] }) {
  const actions = useActions();
  const view = useAppStore((s) => s.testImages.cell);
  const allRuns = useAppStore((s) => s.runs);
  const available = useAppStore((s) => s.available);
  const catalog = useAppStore((s) => s.catalog);
  const run = view ? allRuns.find((r) => r.uid === view.runUid) : undefined;
  if (!view || !run || view.query.kind !== 'cell') return null;
  const domain = view.domains[0];
  const classes = classNamesOf(
    (available[run.spec.datasetId] ?? catalog.find((d) => d.id === run.spec.datasetId))?.classes ?? [],
    run.spec.classes,
  );
  const name = (c: number): string => classes[c] ?? String(c);
  const { trueClass, predicted } = view.query;
  // the other run on screen, when it measured the very same images
  const other = runs.find((r) => r.uid !== run.uid && sameTestImages(r.spec, run.spec, domain)) ?? null;
  const row = view.rows?.[0];
  return (
    <section className="cell-images" aria-labelledby="cell-images-heading" data-testid="cell-images">
      <div className="cell-images-head">
        <h3 id="cell-images-heading">
          {runLabel(run)} on {domain}: {name(trueClass)} predicted as {name(predicted)}
        </h3>
        <button type="button" onClick={() => actions.closeTestImages('cell')}>
          Close
        </button>
      </div>
      {view.requestId !== null && <p role="status">Finding the images in the worker…</p>}
      {view.error && (
        <p className="error" role="alert">
          The images could not be shown: {view.error.message}
        </p>
      )}
      {row && (
        <>
          <p className="small muted" role="status" data-testid="cell-count">
            {row.matched} {row.matched === 1 ? 'image' : 'images'}
            {row.images.length < row.matched ? ` (the first ${row.images.length} shown)` : ''}, as {domain} at severity{' '}
            {row.severity} showed them to the run.
            {other ? ` Under each: what ${runLabel(other)} predicted.` : ''}
          </p>
          <ul className="cell-image-grid">
            {row.images.map((im) => {
              const theirs = other ? predictionOf(other, domain, im.position) : null;
              return (
                <li key={im.position} data-position={im.position}>
                  <Thumb
                    image={{ label: im.label, rgba: im.rgba }}
                    label={`test image ${im.position}: ${name(im.label)}, predicted ${name(im.predicted)}`}
                  />
                  {theirs !== null && (
                    <span
                      className={theirs === im.label ? 'verdict right' : 'verdict wrong'}
                      data-testid="other-verdict"
                    >
                      {theirs === im.label ? `✓ ${name(theirs)}` : `✗ ${name(theirs)}`}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
