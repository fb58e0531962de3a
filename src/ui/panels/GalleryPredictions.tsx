/**
 * The gallery with a finished run's predictions: one test image of each class per domain, as the run's
 * domains showed them, with ✓ or ✗ and the predicted class under each; a second run that saw the same
 * images adds its verdict beside, so a lecturer can point at a digit FT gets wrong and TPGM gets right.
 */
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore } from '../../store/app-store';
import type { FinishedRun } from '../../store/runs';
import { predictionOf, sameTestImages } from '../../store/test-images';
import type { TestImageRow } from '../../worker/protocol';
import { useActions } from '../actions-context';
import { runLabel } from '../errors/class-errors';
import { Thumb } from './Thumb';
import './gallery-predictions.css';

/** Images per class and domain, and their seed: the plain gallery's ten, one of each class. */
const SAMPLE = { kind: 'sample', perClass: 1, seed: 0 } as const;

const hasPredictions = (r: FinishedRun): boolean => r.summary.final.results.some((x) => x.predictions);

/** The runs shown, if the gallery shows predictions: the chosen one and the one beside it. */
export function useGalleryRuns(): { run: FinishedRun; other: FinishedRun | null } | null {
  const view = useAppStore((s) => s.testImages.gallery);
  const runs = useAppStore((s) => s.runs);
  const run = view ? runs.find((r) => r.uid === view.runUid) : undefined;
  if (!view || !run) return null;
  const other = view.besideUid ? (runs.find((r) => r.uid === view.besideUid) ?? null) : null;
  return { run, other };
}

export function PredictionPicker({ datasetId }: { datasetId: string | null }) {
  const actions = useActions();
  const runs = useAppStore((s) => s.runs);
  const view = useAppStore((s) => s.testImages.gallery);
  const candidates = runs.filter((r) => r.spec.datasetId === datasetId && hasPredictions(r));
  const shown = useGalleryRuns();
  if (candidates.length === 0) return null;
  const domainsOf = (r: FinishedRun) => r.summary.final.results.map((x) => x.domain);
  const choose = (uid: string) => {
    const run = candidates.find((r) => r.uid === uid);
    if (run) actions.showTestImages('gallery', run, domainsOf(run), SAMPLE);
    else actions.closeTestImages('gallery');
  };
  // beside it: a run that saw the same images of every domain the chosen run measured
  const besides = shown
    ? candidates.filter(
        (r) => r.uid !== shown.run.uid && domainsOf(shown.run).every((d) => sameTestImages(r.spec, shown.run.spec, d)),
      )
    : [];
  return (
    <div className="gallery-predictions-picker">
      <label className="field">
        <span>Predictions of</span>
        <select value={view?.runUid ?? ''} onChange={(e) => choose(e.target.value)} aria-label="Predictions of">
          <option value="">none (the domains at the severities set here)</option>
          {candidates.map((r) => (
            <option key={r.uid} value={r.uid}>
              {runLabel(r)}
            </option>
          ))}
        </select>
      </label>
      {shown && besides.length > 0 && (
        <label className="field">
          <span>Beside it</span>
          <select
            value={shown.other?.uid ?? ''}
            onChange={(e) => actions.setGalleryBeside(e.target.value || null)}
            aria-label="Predictions beside it"
          >
            <option value="">none</option>
            {besides.map((r) => (
              <option key={r.uid} value={r.uid}>
                {runLabel(r)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

function Verdict({ run, tag, row, position, label, name }: VerdictProps) {
  const predicted = predictionOf(run, row.domain, position);
  if (predicted === null) return null;
  const right = predicted === label;
  return (
    <span
      className={right ? 'verdict right' : 'verdict wrong'}
      title={`${runLabel(run)} predicted ${name(predicted)}`}
      data-testid="verdict"
      data-run={run.uid}
    >
      {tag ? `${tag} ` : ''}
      {right ? '✓' : `✗ ${name(predicted)}`}
    </span>
  );
}
interface VerdictProps {
  run: FinishedRun;
  /** Which run the verdict is, when two are shown ("FT", or "run 3" when both are one method). */
  tag: string | null;
  row: TestImageRow;
  position: number;
  label: number;
  name: (c: number) => string;
}

function tags(run: FinishedRun, other: FinishedRun | null): [string | null, string | null] {
  if (!other) return [null, null];
  const method = (r: FinishedRun) => METHOD_INFO[r.spec.config.method].short;
  return method(run) === method(other) ? [`run ${run.runId}`, `run ${other.runId}`] : [method(run), method(other)];
}

/** The gallery's rows with the chosen run's verdicts (and the one beside it). */
export function PredictionRows({ rows, classes }: { rows: TestImageRow[]; classes: readonly string[] | undefined }) {
  const domains = useAppStore((s) => s.domains);
  const shown = useGalleryRuns();
  if (!shown) return null;
  const name = (c: number): string => classes?.[c] ?? String(c);
  const [tag, otherTag] = tags(shown.run, shown.other);
  return (
    <>
      {rows.map((row) => {
        const d = domains.find((x) => x.id === row.domain);
        return (
          <tr key={row.domain} data-domain={row.domain}>
            <th scope="row">
              <div>{d?.name ?? row.domain}</div>
              <div className="muted small">
                {d && d.severity.max > d.severity.min ? `${d.severity.label}: ${row.severity} · ` : ''}as run{' '}
                {shown.run.runId} saw it
              </div>
            </th>
            <td>
              <ul className="gallery-verdicts">
                {row.images.map((im) => (
                  <li key={im.position} data-position={im.position}>
                    <Thumb
                      image={{ label: im.label, rgba: im.rgba }}
                      label={`${d?.name ?? row.domain}: ${name(im.label)}, test image ${im.position}`}
                    />
                    <Verdict run={shown.run} tag={tag} row={row} position={im.position} label={im.label} name={name} />
                    {shown.other && (
                      <Verdict
                        run={shown.other}
                        tag={otherTag}
                        row={row}
                        position={im.position}
                        label={im.label}
                        name={name}
                      />
                    )}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        );
      })}
    </>
  );
}
