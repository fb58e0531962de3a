/** Accuracy over steps on the ID test set, each tracked OOD domain, and their OOD mean. */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { useOwnTask } from './use-own-task';
import type { FinishedRun } from '../../store/runs';

const COLORS = ['#1d2330', '#e8590c', '#2f9e44', '#1971c2', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c'];

interface OverlayLine {
  key: string;
  label: string;
  points: { step: number; value: number }[];
}

/** ID and OOD-mean curves of the finished runs chosen in the runs table. */
function overlayLines(runs: FinishedRun[], overlay: number[]): OverlayLine[] {
  return runs
    .filter((r) => overlay.includes(r.runId))
    .flatMap((r) => [
      {
        key: `run${r.runId}-id`,
        label: `run ${r.runId} ${r.spec.config.method} ID`,
        points: r.evals.map((e) => ({
          step: e.step,
          value: 100 * (e.results.find((x) => x.isId)?.accuracy ?? Number.NaN),
        })),
      },
      {
        key: `run${r.runId}-ood`,
        label: `run ${r.runId} ${r.spec.config.method} OOD mean`,
        points: r.evals.map((e) => {
          const ood = e.results.filter((x) => !x.isId);
          return {
            step: e.step,
            value: ood.length > 0 ? (100 * ood.reduce((a, x) => a + x.accuracy, 0)) / ood.length : Number.NaN,
          };
        }),
      },
    ]);
}

export function AccuracyChart() {
  const evals = useOwnTask(useAppStore((s) => s.run?.evals));
  const domains = useOwnTask(useAppStore((s) => s.domains));
  const runs = useOwnTask(useAppStore((s) => s.runs));
  const overlay = useOwnTask(useAppStore((s) => s.overlay));
  return <AccuracyChartView evals={evals} domains={domains} runs={runs} overlay={overlay} />;
}

/** Memoised: the chart redraws in its own task (useOwnTask), not with every store update. */
const AccuracyChartView = memo(function AccuracyChartView({
  evals,
  domains,
  runs,
  overlay,
}: {
  evals: NonNullable<AppState['run']>['evals'] | undefined;
  domains: AppState['domains'];
  runs: AppState['runs'];
  overlay: AppState['overlay'];
}) {
  if (!evals || evals.length === 0) return null;
  const extra = overlayLines(runs, overlay);
  const keys = evals[0].results.map((r) => r.domain);
  const data = evals.map((e) => {
    const row: Record<string, number> = { step: e.step };
    const ood = e.results.filter((r) => !r.isId);
    for (const r of e.results) row[r.domain] = 100 * r.accuracy;
    if (ood.length > 0) row['OOD mean'] = (100 * ood.reduce((a, r) => a + r.accuracy, 0)) / ood.length;
    return row;
  });
  const last = data[data.length - 1];
  const name = (id: string): string => domains.find((d) => d.id === id)?.name ?? id;
  const summary = `At step ${last.step}: ${keys.map((k) => `${name(k)} ${last[k].toFixed(1)} %`).join(', ')}${last['OOD mean'] !== undefined ? `; OOD mean ${last['OOD mean'].toFixed(1)} %` : ''}.`;
  return (
    <figure className="chart" aria-label="accuracy chart">
      <figcaption>Test accuracy (%) per domain</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} />
          <YAxis domain={[0, 100]} />
          <Tooltip />
          <Legend />
          {keys.map((k, i) => (
            <Line
              key={k}
              dataKey={k}
              name={name(k)}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              isAnimationActive={false}
              strokeWidth={i === 0 ? 2.5 : 1.5}
            />
          ))}
          {last['OOD mean'] !== undefined && (
            <Line dataKey="OOD mean" stroke="#868e96" strokeDasharray="6 3" dot={false} isAnimationActive={false} />
          )}
          {extra.map((l, i) => (
            <Line
              key={l.key}
              data={l.points}
              dataKey="value"
              name={l.label}
              stroke={COLORS[(i + 3) % COLORS.length]}
              strokeDasharray="2 4"
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <p className="sr-only" data-testid="accuracy-summary">
        {summary}
      </p>
    </figure>
  );
});
