/** Training loss over steps (read back once per log interval). */
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { DOMAIN_COLORS, SERIES_COLORS } from '../theme/palette';
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

export function LossChart() {
  const steps = useOwnTask(useAppStore((s) => s.run?.steps));
  const evals = useOwnTask(useAppStore((s) => s.run?.evals));
  return <LossChartView steps={steps} evals={evals} />;
}

/** Memoised: the chart redraws in its own task (useOwnTask), not with every store update. */
const LossChartView = memo(function LossChartView({
  steps,
  evals,
}: {
  steps: NonNullable<AppState['run']>['steps'] | undefined;
  evals: NonNullable<AppState['run']>['evals'] | undefined;
}) {
  if (!steps || steps.length === 0) return null;
  const last = steps[steps.length - 1];
  const idDomain = evals?.[0]?.results.find((r) => r.isId)?.domain ?? 'clean';
  const idLoss = evals?.map((e) => ({ step: e.step, test: e.results.find((r) => r.isId)?.loss ?? Number.NaN })) ?? [];
  return (
    <figure className="chart" aria-labelledby="loss-caption">
      <figcaption id="loss-caption">Loss: training batches and the ID test set</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart aria-labelledby="loss-caption" desc={KEYBOARD_HINT} margin={LINE_CHART_MARGIN}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            {...AXIS_STYLE}
            dataKey="step"
            type="number"
            allowDuplicatedCategory={false}
            {...stepAxis(Math.max(last.step, ...idLoss.map((p) => p.step)))}
          />
          <YAxis
            {...AXIS_STYLE}
            {...valueAxis([...steps.map((s) => s.loss), ...idLoss.map((p) => p.test)])}
            width={40}
          />
          <Tooltip {...TOOLTIP_STYLE} formatter={formatValue} labelFormatter={formatStep} />
          <Legend {...LEGEND_STYLE} />
          <Line
            data={steps}
            dataKey="loss"
            name="training"
            stroke={SERIES_COLORS.first}
            dot={false}
            isAnimationActive={false}
          />
          {/* the ID test set in the ID domain's colour, as on the accuracy chart */}
          <Line
            data={idLoss}
            dataKey="test"
            name="ID test"
            stroke={DOMAIN_COLORS[idDomain]}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <p className="sr-only">
        Training loss {last.loss.toFixed(3)} at step {last.step}.
      </p>
      <ChartSaveButtons what="loss chart" caption={caption} />
    </figure>
  );
});
