/** One strip of example images per domain: what "in-distribution" (clean) and "out-of-distribution" look like. */
import { useAppStore } from '../../store/app-store';
import { Thumb } from '../panels/Thumb';

const PER_DOMAIN = 1;

/**
 * `shown`: the domains the runs shown were measured on (ID first; the gallery has more). `classes`: the
 * dataset's classes those runs see (the new-classes lesson's 5–9), absent for all: an example is of one
 * of them, never a class the runs never met (the gallery's sample starts at class 0).
 */
export function ExampleStrip({ shown, classes }: { shown: readonly string[]; classes?: readonly number[] }) {
  const all = useAppStore((s) => s.rows);
  // a domain none of whose sampled images is of a class the runs see is left out, not shown with another
  const rows = (shown.length > 0 ? all.filter((r) => shown.includes(r.domain)) : all).flatMap((row) => {
    const images = row.images.filter((im) => !classes || classes.includes(im.label)).slice(0, PER_DOMAIN);
    return images.length > 0 ? [{ ...row, images }] : [];
  });
  const domains = useAppStore((s) => s.domains);
  if (rows.length === 0) return <p className="lecture-empty">Drawing the example images…</p>;
  return (
    <ul className="example-strip" data-testid="example-strip" aria-label="Example test images of each domain">
      {rows.map((row) => {
        const name = domains.find((d) => d.id === row.domain)?.name ?? row.domain;
        const { images } = row;
        return (
          <li key={row.domain} data-domain={row.domain} data-labels={images.map((im) => im.label).join(' ')}>
            <span className={row.domain === 'clean' ? 'id-tag' : 'ood-tag'}>
              {row.domain === 'clean' ? 'ID' : 'OOD'}
            </span>
            <span className="example-name">{name}</span>
            <span className="example-images">
              {images.map((im, i) => (
                <Thumb key={i} image={im} label={`${name} example ${i + 1}`} />
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
