/**
 * Where each run ends: ID accuracy against OOD mean (%), from the whole test sets. The README's measured
 * means over 3 seeds (docs/results/, via recordings/reference.json) are drawn grey with ±1 std error
 * bars, so the chart is never empty and a seed-0 recording is read against its seeds' spread; the runs
 * shown (recorded or live) are the coloured points.
 */
import {
  CartesianGrid,
  ErrorBar,
  LabelList,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import { isMethodId } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { idAndOodMean, runOutcome } from '../../store/runs';
import type { ReferencePoint } from '../../worker/reference';
import { TOOLTIP_STYLE, formatPercent, zoomedPercentAxis } from '../charts/chart-style';
import { METHOD_COLORS } from '../theme/palette';
import { ChartSaveButtons } from '../charts/ChartSaveButtons';
import { capLines, runLine } from '../charts/chart-caption';
import type { Track } from './tracks';

const TICK = { fontSize: 14, fill: 'var(--color-axis)' };
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
  // neighbouring points' names alternate sides, so close points do not print over each other
  const sides = [refs.filter((_, i) => i % 2 === 0), refs.filter((_, i) => i % 2 === 1)];
  const seeds = Math.max(0, ...refs.map((r) => r.seeds));
  const x = zoomedPercentAxis([...finals.map((f) => f.point.id), ...refs.map((r) => r.id - r.idErr)]);
  const y = zoomedPercentAxis([...finals.map((f) => f.point.ood), ...refs.map((r) => r.ood - r.oodErr)]);
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
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 56, bottom: 12, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="id"
            type="number"
            name="ID"
            {...x}
            tick={TICK}
            allowDataOverflow
            label={{
              value: 'ID %',
              position: 'insideBottomRight',
              offset: -2,
              fontSize: 14,
              fill: 'var(--color-axis)',
            }}
          />
          <YAxis dataKey="ood" type="number" name="OOD mean" {...y} tick={TICK} width={40} allowDataOverflow />
          <Tooltip {...TOOLTIP_STYLE} formatter={formatPercent} />
          {sides.map((side, i) => (
            <Scatter
              key={i}
              name={`mean of ${seeds} seeds`}
              data={side}
              fill="var(--color-surface)"
              stroke="var(--color-text-muted)"
              strokeWidth={2}
              isAnimationActive={false}
            >
              <ErrorBar dataKey="idErr" direction="x" stroke="var(--color-text-muted)" width={4} />
              <ErrorBar dataKey="oodErr" direction="y" stroke="var(--color-text-muted)" width={4} />
              <LabelList
                dataKey="name"
                position={i === 0 ? 'left' : 'bottom'}
                fontSize={14}
                fill="var(--color-text-muted)"
              />
            </Scatter>
          ))}
          {finals.map((f) => (
            <Scatter
              key={f.track.key}
              name={f.track.name}
              data={[f.point]}
              fill={f.complete ? (f.track.live ? f.track.color : METHOD_COLORS[f.track.method]) : 'none'}
              stroke={f.track.live ? f.track.color : METHOD_COLORS[f.track.method]}
              strokeWidth={2}
              isAnimationActive={false}
            >
              <LabelList
                dataKey="name"
                position={f.track.live ? 'bottom' : 'right'}
                fontSize={16}
                fill="var(--color-text)"
              />
            </Scatter>
          ))}
        </ScatterChart>
      </ResponsiveContainer>
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
