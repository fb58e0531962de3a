/** Training loss over steps (read back once per log interval). */
import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { DOMAIN_COLORS, SERIES_COLORS } from '../theme/palette';
import { KEYBOARD_HINT, formatStep, lineMargin, formatValue, stepAxis, valueAxis } from './chart-style';
import { LinePlot } from './kit/LinePlot';
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
  const training = steps.map((p) => ({ x: p.step, y: p.loss }));
  const idLoss = evals?.map((e) => ({ step: e.step, test: e.results.find((r) => r.isId)?.loss ?? Number.NaN })) ?? [];
  return (
    <figure className="chart" aria-labelledby="loss-caption">
      <figcaption id="loss-caption">Loss: training batches and the ID test set</figcaption>
      <LinePlot
        labelledBy="loss-caption"
        desc={KEYBOARD_HINT}
        height={180}
        margin={lineMargin(40)}
        x={stepAxis(Math.max(last.step, ...idLoss.map((p) => p.step)))}
        y={valueAxis([...steps.map((s) => s.loss), ...idLoss.map((p) => p.test)])}
        formatX={formatStep}
        formatY={formatValue}
        series={[
          { key: 'training', name: 'training', color: SERIES_COLORS.first, points: training },
          // the ID test set in the ID domain's colour, as on the accuracy chart
          {
            key: 'test',
            name: 'ID test',
            color: DOMAIN_COLORS[idDomain],
            points: idLoss.map((p) => ({ x: p.step, y: p.test })),
          },
        ]}
      />
      <p className="sr-only">
        Training loss {last.loss.toFixed(3)} at step {last.step}.
      </p>
      <ChartSaveButtons what="loss chart" caption={caption} />
    </figure>
  );
});
