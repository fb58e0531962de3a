/**
 * The domain gallery: the same sample images under every domain, drawn from real pixels on canvases,
 * so a person sees what in-distribution (clean) and out-of-distribution mean here.
 */
import { useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';
import { PredictionPicker, PredictionRows, useGalleryRuns } from './GalleryPredictions';
import { Thumb } from './Thumb';

export function DomainGallery() {
  const actions = useActions();
  const rows = useAppStore((s) => s.rows);
  const domains = useAppStore((s) => s.domains);
  const galleryFor = useAppStore((s) => s.galleryFor);
  const pending = useAppStore((s) => s.galleryRequest);
  const error = useAppStore((s) => s.galleryError);
  const severities = useAppStore((s) => s.severities);
  const predictions = useAppStore((s) => s.testImages.gallery);
  const shownRun = useGalleryRuns();
  const classes = useAppStore((s) =>
    s.galleryFor
      ? (s.available[s.galleryFor]?.classes ?? s.catalog.find((d) => d.id === s.galleryFor)?.classes)
      : undefined,
  );

  return (
    <section className="panel" aria-labelledby="gallery-heading">
      <h2 id="gallery-heading">Domains</h2>
      <p className="muted">
        The model is fine-tuned on <em>clean</em> images (in-distribution) and tested on every other row
        (out-of-distribution).
      </p>
      <PredictionPicker datasetId={galleryFor} />
      {pending !== null && <p role="status">Rendering the domains in the worker…</p>}
      {predictions?.requestId != null && <p role="status">Finding the run's test images in the worker…</p>}
      {predictions?.error && (
        <p className="error" role="alert">
          The run's predictions could not be shown: {predictions.error.message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          The gallery could not be drawn: {error.message}
        </p>
      )}
      <table className="gallery" data-testid="gallery" data-dataset={galleryFor ?? ''}>
        <tbody>
          {shownRun && predictions?.rows && <PredictionRows rows={predictions.rows} classes={classes} />}
          {!(shownRun && predictions?.rows) &&
            rows.map((row) => {
              const d = domains.find((x) => x.id === row.domain);
              return (
                <tr key={row.domain} data-domain={row.domain}>
                  <th scope="row">
                    <div>{d?.name ?? row.domain}</div>
                    <div className="muted small">{d?.description}</div>
                    {d && d.severity.max > d.severity.min && (
                      <label className="small">
                        {d.severity.label}{' '}
                        <input
                          type="range"
                          min={d.severity.min}
                          max={d.severity.max}
                          step={d.severity.step}
                          value={severities[d.id] ?? d.severity.default}
                          onChange={(e) => actions.setSeverity(d.id, Number(e.target.value))}
                          onPointerUp={() => actions.refreshGallery()}
                          onKeyUp={() => actions.refreshGallery()}
                          aria-label={`${d.name} severity`}
                        />{' '}
                        {severities[d.id] ?? d.severity.default}
                      </label>
                    )}
                  </th>
                  <td>
                    {row.images.map((im, i) => (
                      <Thumb
                        key={i}
                        image={im}
                        label={`${d?.name ?? row.domain}: ${classes?.[im.label] ?? im.label}`}
                      />
                    ))}
                  </td>
                </tr>
              );
            })}
        </tbody>
      </table>
    </section>
  );
}
