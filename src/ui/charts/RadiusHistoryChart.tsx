/** γ over time, one line per projected tensor (from the per-layer statistics of each evaluation). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { useOwnTask } from './use-own-task';

const COLORS = [
  '#1971c2',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#f08c00',
  '#0c8599',
  '#c2255c',
  '#5c940d',
  '#364fc7',
  '#862e9c',
];

export function RadiusHistoryChart() {
  const history = useOwnTask(useAppStore((s) => s.run?.radiusHistory));
  return <RadiusHistoryChartView history={history} />;
}

/** Memoised: the chart redraws in its own task (useOwnTask), not with every store update. */
const RadiusHistoryChartView = memo(function RadiusHistoryChartView({
  history,
}: {
  history: NonNullable<AppState['run']>['radiusHistory'] | undefined;
}) {
  if (!history || history.length < 2) return null;
  const names = Object.keys(history[history.length - 1].radii);
  const data = history.map((h) => ({ step: h.step, ...h.radii }));
  return (
    <figure className="chart" aria-label="radius history chart">
      <figcaption>Learned radius γ over steps, per projected tensor</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} />
          <YAxis />
          <Tooltip />
          <Legend />
          {names.map((n, i) => (
            <Line key={n} dataKey={n} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <p className="sr-only" data-testid="radius-history">
        {names.map((n) => `${n}: ${history.map((h) => h.radii[n]?.toPrecision(3)).join(' → ')}`).join('; ')}
      </p>
    </figure>
  );
});
