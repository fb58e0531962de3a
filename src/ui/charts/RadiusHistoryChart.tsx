/** γ over time, one line per projected tensor (from the per-layer statistics of each evaluation). */
import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { CATEGORICAL_COLORS } from '../theme/palette';
import { KEYBOARD_HINT, formatStep, formatValue, lineMargin, stepAxis, valueAxis } from './chart-style';
import { LinePlot } from './kit/LinePlot';
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
  return (
    <figure className="chart" aria-labelledby="radius-history-caption">
      <figcaption id="radius-history-caption">Learned radius γ over steps, per projected tensor</figcaption>
      <LinePlot
        labelledBy="radius-history-caption"
        desc={KEYBOARD_HINT}
        height={200}
        margin={lineMargin(48)}
        x={stepAxis(history[history.length - 1].step)}
        y={valueAxis(history.flatMap((h) => Object.values(h.radii)))}
        formatX={formatStep}
        formatY={formatValue}
        series={names.map((n, i) => ({
          key: n,
          name: n,
          color: CATEGORICAL_COLORS[i % CATEGORICAL_COLORS.length],
          points: history.map((h) => ({ x: h.step, y: h.radii[n] ?? Number.NaN })),
        }))}
      />
      <p className="sr-only" data-testid="radius-history">
        {names.map((n) => `${n}: ${history.map((h) => h.radii[n]?.toPrecision(3)).join(' → ')}`).join('; ')}
      </p>
      <ChartSaveButtons what="radius history chart" caption={caption} />
    </figure>
  );
});
