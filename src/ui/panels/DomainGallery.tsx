/**
 * The domain gallery: the same sample images under every domain, drawn from real pixels on canvases,
 * so a person sees what in-distribution (clean) and out-of-distribution mean here.
 */
import { useEffect, useRef } from 'react';

import { useAppStore } from '../../store/app-store';
import type { GalleryImage } from '../../worker/protocol';
import { useActions } from '../actions-context';

const SIZE = 28;
const SCALE = 2;

export function Thumb({ image, label }: { image: GalleryImage; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const side = Math.round(Math.sqrt(image.rgba.length / 4));
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), side, side), 0, 0);
  }, [image]);
  const side = Math.round(Math.sqrt(image.rgba.length / 4)) || SIZE;
  return (
    <canvas
      ref={ref}
      width={side}
      height={side}
      style={{ width: side * SCALE, height: side * SCALE }}
      title={label}
      aria-label={label}
    />
  );
}

export function DomainGallery() {
  const actions = useActions();
  const rows = useAppStore((s) => s.rows);
  const domains = useAppStore((s) => s.domains);
  const galleryFor = useAppStore((s) => s.galleryFor);
  const pending = useAppStore((s) => s.galleryRequest);
  const error = useAppStore((s) => s.galleryError);
  const severities = useAppStore((s) => s.severities);
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
      {pending !== null && <p role="status">Rendering the domains in the worker…</p>}
      {error && (
        <p className="error" role="alert">
          The gallery could not be drawn: {error.message}
        </p>
      )}
      <table className="gallery" data-testid="gallery" data-dataset={galleryFor ?? ''}>
        <tbody>
          {rows.map((row) => {
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
                    <Thumb key={i} image={im} label={`${d?.name ?? row.domain}: ${classes?.[im.label] ?? im.label}`} />
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
