/** Training loss over steps (read back once per log interval). */
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import { useOwnTask } from './use-own-task';

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
  const idLoss = evals?.map((e) => ({ step: e.step, test: e.results.find((r) => r.isId)?.loss ?? Number.NaN })) ?? [];
  return (
    <figure className="chart" aria-label="loss chart">
      <figcaption>Loss: training batches and the ID test set</figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={[0, 'dataMax']} allowDuplicatedCategory={false} />
          <YAxis />
          <Tooltip />
          <Line data={steps} dataKey="loss" name="training" stroke="#1971c2" dot={false} isAnimationActive={false} />
          <Line data={idLoss} dataKey="test" name="ID test" stroke="#e8590c" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
      <p className="sr-only">
        Training loss {last.loss.toFixed(3)} at step {last.step}.
      </p>
    </figure>
  );
});
