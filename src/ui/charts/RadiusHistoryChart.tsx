/** γ over time, one line per projected tensor (from the per-layer statistics of each evaluation). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { CATEGORICAL_COLORS } from '../theme/palette';
import {
  AXIS_STYLE,
  KEYBOARD_HINT,
  LINE_CHART_MARGIN,
  LEGEND_STYLE,
  TOOLTIP_STYLE,
  formatStep,
  formatValue,
  stepAxis,
  valueAxis,
} from './chart-style';
import { useOwnTask } from './use-own-task';
import { ChartSaveButtons } from './ChartSaveButtons';
import { currentCaption } from './chart-caption';

const caption = (): string[] => currentCaption(useAppStore.getState());

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
    <figure className="chart" aria-labelledby="radius-history-caption">
      <figcaption id="radius-history-caption">Learned radius γ over steps, per projected tensor</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} aria-labelledby="radius-history-caption" desc={KEYBOARD_HINT} margin={LINE_CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis {...AXIS_STYLE} dataKey="step" type="number" {...stepAxis(history[history.length - 1].step)} />
          <YAxis {...AXIS_STYLE} {...valueAxis(history.flatMap((h) => Object.values(h.radii)))} width={48} />
          <Tooltip {...TOOLTIP_STYLE} formatter={formatValue} labelFormatter={formatStep} />
          <Legend {...LEGEND_STYLE} />
          {names.map((n, i) => (
            <Line
              key={n}
              dataKey={n}
              stroke={CATEGORICAL_COLORS[i % CATEGORICAL_COLORS.length]}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <p className="sr-only" data-testid="radius-history">
        {names.map((n) => `${n}: ${history.map((h) => h.radii[n]?.toPrecision(3)).join(' → ')}`).join('; ')}
      </p>
      <ChartSaveButtons what="radius history chart" caption={caption} />
    </figure>
  );
});
