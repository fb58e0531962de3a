/**
 * Where each run ends: ID accuracy against OOD mean (%), from the whole test sets. The README's measured
 * means over 3 seeds (docs/results/, via recordings/reference.json) are drawn grey with ±1 std error
 * bars, so the chart is never empty and a seed-0 recording is read against its seeds' spread; the runs
 * shown (recorded or live) are the coloured points.
 */
import { isMethodId } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { idAndOodMean, runOutcome } from '../../store/runs';
import type { ReferencePoint } from '../../worker/reference';
import { formatPercent, zoomedPercentAxis } from '../charts/chart-style';
import { ScatterPlot, type ScatterSeries } from '../charts/kit/ScatterPlot';
import { METHOD_COLORS } from '../theme/palette';
import { ChartSaveButtons } from '../charts/ChartSaveButtons';
import { capLines, runLine } from '../charts/chart-caption';
import type { Track } from './tracks';

const short = (m: string): string => (isMethodId(m) ? METHOD_INFO[m].short : m);

export function LectureTradeoff({ tracks, references }: { tracks: Track[]; references: readonly ReferencePoint[] }) {
  const finals = tracks.flatMap((t) => {
    const s = t.run.summary;
    const at = s ? idAndOodMean(s.final.results) : null;
    // a stopped or diverged run is a ring, never a finished run's disc
    const complete = s !== null && runOutcome(s, t.run.spec.config.steps).kind === 'finished';
    return at
      ? [{ track: t, complete, point: { ...at, name: complete ? t.name : `${t.name}, ${t.source.split(' · ')[1]}` } }]
      : [];
  });
  const shownMethods = new Set(finals.map((f) => f.track.method as string));
  const refs = references
    .map((p) => ({
      id: p.id.mean,
      ood: p.ood.mean,
      idErr: p.id.std,
      oodErr: p.ood.std,
      // a method drawn in colour is named there; its grey mean stays unnamed beside it
      name: shownMethods.has(p.method) ? '' : short(p.method),
      method: short(p.method),
      seeds: p.seeds.length,
    }))
    .sort((a, b) => b.ood - a.ood);
  // neighbouring points' names alternate sides (left, below), so close points do not print over each other
  const seeds = Math.max(0, ...refs.map((r) => r.seeds));
  const x = zoomedPercentAxis([...finals.map((f) => f.point.id), ...refs.map((r) => r.id - r.idErr)]);
  const y = zoomedPercentAxis([...finals.map((f) => f.point.ood), ...refs.map((r) => r.ood - r.oodErr)]);
  const series: ScatterSeries[] = [
    {
      key: 'reference',
      name: null,
      color: 'var(--color-text-muted)',
      fill: 'var(--color-surface)',
      textClass: 'chart-point-label reference',
      points: refs.map((r, i) => ({
        x: r.id,
        y: r.ood,
        label: `${r.method}, mean of ${r.seeds} seeds`,
        xErr: r.idErr,
        yErr: r.oodErr,
        text: r.name,
        side: i % 2 === 0 ? ('left' as const) : ('bottom' as const),
      })),
    },
    ...finals.map((f) => ({
      key: f.track.key,
      name: f.track.name,
      color: f.track.live ? f.track.color : METHOD_COLORS[f.track.method],
      textClass: 'chart-point-label run',
      points: [
        {
          x: f.point.id,
          y: f.point.ood,
          label: f.point.name,
          hollow: !f.complete,
          text: f.point.name,
          side: f.track.live ? ('bottom' as const) : ('right' as const),
        },
      ],
    })),
  ];
  const summary = [
    ...finals.map((f) => `${f.point.name} ID ${f.point.id.toFixed(1)} / OOD ${f.point.ood.toFixed(1)}`),
    ...refs.map(
      (p) =>
        `${p.method} mean of ${p.seeds} seeds ID ${p.id.toFixed(1)} ± ${p.idErr.toFixed(1)} / OOD ${p.ood.toFixed(1)} ± ${p.oodErr.toFixed(1)}`,
    ),
  ];
  return (
    <figure className="lecture-chart" aria-labelledby="lecture-tradeoff-caption" data-testid="lecture-tradeoff">
      <figcaption id="lecture-tradeoff-caption">Where the runs end: ID vs OOD mean (%, whole test sets)</figcaption>
      <ScatterPlot
        labelledBy="lecture-tradeoff-caption"
        margin={{ top: 8, right: 56, bottom: 40, left: 44 }}
        x={{ ...x, title: 'ID %' }}
        y={{ ...y, title: 'OOD mean %' }}
        formatX={formatPercent}
        formatY={formatPercent}
        legend={false}
        series={series}
      />
      {seeds > 0 && (
        <p className="lecture-note">
          Grey rings: the same methods measured over {seeds} seeds (mean ± 1 std); colours: the runs shown.
        </p>
      )}
      <p className="sr-only" data-testid="lecture-tradeoff-summary">
        {summary.join('. ')}.
      </p>
      <ChartSaveButtons
        what="trade-off chart"
        caption={() => [
          ...(seeds > 0
            ? [`Grey rings: the same methods measured over ${seeds} seeds (mean ± 1 std); colours: the runs shown.`]
            : []),
          ...capLines(tracks.map((t) => runLine(t.name, t.run.spec, t.source))),
        ]}
      />
    </figure>
  );
}
