/**
 * Per-layer learned radius γ beside the layer's deviation from θ0 in the same norm (the quantity γ
 * bounds), one bar pair per projected tensor; nothing for a method without radii (LabDriftChart shows
 * every method's relative drift on one scale).
 */
import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { SERIES_COLORS } from '../theme/palette';
import { KEYBOARD_HINT, formatValue, valueAxis } from './chart-style';
import { BarPlot } from './kit/BarPlot';
import { useOwnTask } from './use-own-task';
import { ChartSaveButtons } from './ChartSaveButtons';
import { currentCaption } from './chart-caption';

const caption = (): string[] => currentCaption(useAppStore.getState());

export function RadiusChart() {
  const layers = useOwnTask(useAppStore((s) => s.run?.layers));
  return <RadiusChartView layers={layers} />;
}

/** Memoised: the chart redraws in its own task (useOwnTask), not with every store update. */
const RadiusChartView = memo(function RadiusChartView({
  layers,
}: {
  layers: NonNullable<AppState['run']>['layers'] | undefined;
}) {
  // a method without radii is drawn by LabDriftChart alone (the same per-layer scale as every method)
  const projected = layers?.layers.filter((l) => l.radius !== null) ?? [];
  if (!layers || projected.length === 0) return null;
  const data = projected.map((l) => ({ name: l.name, radius: l.radius ?? 0, deviation: l.boundedDeviation ?? 0 }));
  return (
    <figure className="chart" aria-labelledby="radius-caption">
      <>
        <figcaption id="radius-caption">
          Radius γ (learned; fixed for MARS-SP) and deviation ‖θ − θ0‖ per projected tensor (step {layers.step})
        </figcaption>
        <BarPlot
          labelledBy="radius-caption"
          desc={KEYBOARD_HINT}
          height={240}
          // room under the plot for the layer names, turned 30°
          margin={{ top: 8, right: 8, bottom: 76, left: 56 }}
          angle={-30}
          categories={data.map((d) => d.name)}
          y={valueAxis(data.flatMap((d) => [d.radius, d.deviation]))}
          formatY={formatValue}
          series={[
            { key: 'radius', name: 'radius γ', color: SERIES_COLORS.first, values: data.map((d) => d.radius) },
            { key: 'deviation', name: 'deviation', color: SERIES_COLORS.second, values: data.map((d) => d.deviation) },
          ]}
        />
        <ul className="sr-only" data-testid="radius-values">
          {data.map((d) => (
            <li key={d.name} data-name={d.name} data-radius={d.radius} data-deviation={d.deviation}>
              {d.name}: γ {d.radius.toPrecision(3)}, deviation {d.deviation.toPrecision(3)}
            </li>
          ))}
        </ul>
        <ChartSaveButtons what="radius chart" caption={caption} />
      </>
    </figure>
  );
});
