/**
 * ID and OOD-mean accuracy over steps for every run shown: solid ID, dashed OOD mean, one colour per
 * run. The points are the live evaluations (a fixed subset of each test set); the final whole-test-set
 * numbers are the trade-off chart's.
 */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { LEGEND_STYLE, TOOLTIP_STYLE, formatPercent, formatStep } from '../charts/chart-style';
import { idAndOodMean } from '../../store/runs';
import { ChartSaveButtons } from '../charts/ChartSaveButtons';
import { capLines, runLine } from '../charts/chart-caption';
import type { Track } from './tracks';

const TICK = { fontSize: 14, fill: 'var(--color-axis)' };

export function AccuracyLines({ tracks, totalSteps }: { tracks: Track[]; totalSteps: number }) {
  const byStep = new Map<number, Record<string, number>>();
  for (const t of tracks)
    for (const e of t.run.evals) {
      const at = idAndOodMean(e.results);
      if (!at) continue;
      const row = byStep.get(e.step) ?? { step: e.step };
      row[`${t.key}:id`] = at.id;
      row[`${t.key}:ood`] = at.ood;
      byStep.set(e.step, row);
    }
  const data = [...byStep.values()].sort((a, b) => a.step - b.step);
  const perClass = tracks.find((t) => t.run.spec.liveTestPerClass)?.run.spec.liveTestPerClass;
  return (
    <figure className="lecture-chart" aria-labelledby="lecture-accuracy-caption" data-testid="lecture-accuracy">
      <figcaption id="lecture-accuracy-caption">Accuracy over steps: ID (solid) and OOD mean (dashed), %</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={[0, totalSteps]}
            tick={TICK}
            stroke="var(--color-axis)"
            allowDecimals={false}
          />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={TICK} stroke="var(--color-axis)" width={40} />
          <Tooltip {...TOOLTIP_STYLE} formatter={formatPercent} labelFormatter={formatStep} />
          <Legend {...LEGEND_STYLE} wrapperStyle={{ ...LEGEND_STYLE.wrapperStyle, fontSize: 14 }} />
          {tracks.flatMap((t) =>
            (
              [
                ['id', 'ID', undefined],
                ['ood', 'OOD', '6 4'],
              ] as const
            ).map(([key, label, dash]) => (
              <Line
                key={`${t.key}:${key}`}
                dataKey={`${t.key}:${key}`}
                name={`${t.name} ${label}`}
                stroke={t.color}
                strokeWidth={3}
                strokeDasharray={dash}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            )),
          )}
        </LineChart>
      </ResponsiveContainer>
      {perClass ? <p className="lecture-note">Each point: {perClass} test images per class of every domain.</p> : null}
      <ChartSaveButtons
        what="accuracy chart"
        caption={() => [
          ...(perClass ? [`Each point: ${perClass} test images per class of every domain.`] : []),
          ...capLines(tracks.map((t) => runLine(t.name, t.run.spec, t.source))),
        ]}
      />
    </figure>
  );
}
