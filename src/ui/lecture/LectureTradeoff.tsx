/**
 * Where each run ends: ID accuracy against OOD mean (%), from the whole test sets. The experiment's
 * other recorded methods (LP: θ0's own features with a trained head) are reference points, so the chart
 * is never empty. Every point comes from a recording or the live run.
 */
import { CartesianGrid, LabelList, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

import { METHOD_INFO } from '../../core/methods/catalog';
import { TOOLTIP_STYLE, formatPercent } from '../charts/chart-style';
import { METHOD_COLORS } from '../theme/palette';
import type { Recording } from '../../worker/recording';
import { idOod, type Track } from './tracks';

const TICK = { fontSize: 14, fill: 'var(--color-axis)' };

export function LectureTradeoff({ tracks, references }: { tracks: Track[]; references: Recording[] }) {
  const finals = tracks.flatMap((t) => {
    const at = t.run.summary ? idOod(t.run.summary.final.results) : null;
    return at ? [{ track: t, point: { ...at, name: t.name } }] : [];
  });
  const refs = references
    .flatMap((r) => {
      const last = r.entries[r.entries.length - 1].event;
      const at = last.type === 'finished' ? idOod(last.summary.final.results) : null;
      return at ? [{ ...at, name: METHOD_INFO[r.spec.config.method].short }] : [];
    })
    .sort((a, b) => b.ood - a.ood);
  // neighbouring points' names alternate sides, so close points do not print over each other
  const sides = [refs.filter((_, i) => i % 2 === 0), refs.filter((_, i) => i % 2 === 1)];
  const summary = [
    ...finals.map((f) => `${f.point.name} ID ${f.point.id.toFixed(1)} / OOD ${f.point.ood.toFixed(1)}`),
    ...refs.map((p) => `${p.name} (recorded reference) ID ${p.id.toFixed(1)} / OOD ${p.ood.toFixed(1)}`),
  ].filter((s): s is string => s !== null);
  return (
    <figure className="lecture-chart" aria-labelledby="lecture-tradeoff-caption" data-testid="lecture-tradeoff">
      <figcaption id="lecture-tradeoff-caption">Where the runs end: ID vs OOD mean (%, whole test sets)</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <ScatterChart margin={{ top: 8, right: 56, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="id" type="number" name="ID" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={TICK} />
          <YAxis
            dataKey="ood"
            type="number"
            name="OOD mean"
            domain={[0, 100]}
            ticks={[0, 25, 50, 75, 100]}
            tick={TICK}
            width={40}
          />
          <Tooltip {...TOOLTIP_STYLE} formatter={formatPercent} />
          {sides.map((side, i) => (
            <Scatter
              key={i}
              name="recorded references"
              data={side}
              fill="var(--color-text-muted)"
              isAnimationActive={false}
            >
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
              fill={f.track.live ? f.track.color : METHOD_COLORS[f.track.method]}
              isAnimationActive={false}
            >
              <LabelList dataKey="name" position="right" fontSize={16} fill="var(--color-text)" />
            </Scatter>
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      <p className="sr-only" data-testid="lecture-tradeoff-summary">
        {summary.join('. ')}.
      </p>
    </figure>
  );
}
