/** One strip of example images per domain: what "in-distribution" (clean) and "out-of-distribution" look like. */
import { useAppStore } from '../../store/app-store';
import { Thumb } from '../panels/Thumb';

const PER_DOMAIN = 1;

/** `domains`: the ones the runs shown were measured on (ID first); the gallery has more. */
export function ExampleStrip({ shown }: { shown: readonly string[] }) {
  const all = useAppStore((s) => s.rows);
  const rows = shown.length > 0 ? all.filter((r) => shown.includes(r.domain)) : all;
  const domains = useAppStore((s) => s.domains);
  if (rows.length === 0) return <p className="lecture-empty">Drawing the example images…</p>;
  return (
    <ul className="example-strip" data-testid="example-strip" aria-label="Example test images of each domain">
      {rows.map((row) => {
        const name = domains.find((d) => d.id === row.domain)?.name ?? row.domain;
        return (
          <li key={row.domain} data-domain={row.domain}>
            <span className={row.domain === 'clean' ? 'id-tag' : 'ood-tag'}>
              {row.domain === 'clean' ? 'ID' : 'OOD'}
            </span>
            <span className="example-name">{name}</span>
            <span className="example-images">
              {row.images.slice(0, PER_DOMAIN).map((im, i) => (
                <Thumb key={i} image={im} label={`${name} example ${i + 1}`} />
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
