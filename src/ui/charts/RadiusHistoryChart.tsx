/**
 * γ over time, one line per projected tensor (from the per-layer statistics of each evaluation): the
 * current run's solid, and each overlaid finished run's dashed in the same tensor's colour (its history
 * is kept with the run and across reloads), so TPGM's radii are still there when FT runs.
 */
import { memo, useMemo } from 'react';

import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore } from '../../store/app-store';
import type { RadiusHistoryPoint } from '../../store/runs';
import { CATEGORICAL_COLORS } from '../theme/palette';
import { KEYBOARD_HINT, formatStep, formatValue, lineMargin, stepAxis, valueAxis } from './chart-style';
import { LinePlot } from './kit/LinePlot';
import { useOwnTask } from './use-own-task';
import { ChartSaveButtons } from './ChartSaveButtons';
import { currentCaption } from './chart-caption';

const caption = (): string[] => currentCaption(useAppStore.getState());

/** One run's history as drawn: the current run's (label null) or an overlaid one's. */
interface History {
  key: string;
  /** "run 3 · TPGM", or null for the current run. */
  label: string | null;
  points: readonly RadiusHistoryPoint[];
}

export function RadiusHistoryChart() {
  // narrow selections: the current run's history changes at its evaluations, not with every loss
  const current = useOwnTask(useAppStore((s) => s.run?.radiusHistory));
  const currentUid = useAppStore((s) => s.run?.uid);
  const runs = useOwnTask(useAppStore((s) => s.runs));
  const overlay = useOwnTask(useAppStore((s) => s.overlay));
  const histories = useMemo(() => {
    const out: History[] = [];
    if (currentUid && current && current.length >= 2) out.push({ key: currentUid, label: null, points: current });
    for (const r of runs)
      if (overlay.includes(r.uid) && r.uid !== currentUid && (r.radiusHistory?.length ?? 0) >= 2)
        out.push({
          key: r.uid,
          label: `run ${r.runId} · ${METHOD_INFO[r.spec.config.method].short}`,
          points: r.radiusHistory ?? [],
        });
    return out;
  }, [current, currentUid, runs, overlay]);
  return <RadiusHistoryChartView histories={histories} />;
}

/** Memoised: the chart redraws in its own task (useOwnTask), not with every store update. */
const RadiusHistoryChartView = memo(function RadiusHistoryChartView({ histories }: { histories: History[] }) {
  if (histories.length === 0) return null;
  // a tensor keeps its colour in every run; the tensors in the order the runs list them
  const names = [...new Set(histories.flatMap((h) => Object.keys(h.points[h.points.length - 1].radii)))];
  const colour = (n: string): string => CATEGORICAL_COLORS[names.indexOf(n) % CATEGORICAL_COLORS.length];
  const lastStep = Math.max(...histories.map((h) => h.points[h.points.length - 1].step));
  const series = histories.flatMap((h) =>
    Object.keys(h.points[h.points.length - 1].radii).map((n) => ({
      key: `${h.key}:${n}`,
      name: h.label === null ? n : `${h.label}: ${n}`,
      color: colour(n),
      dash: h.label === null ? undefined : '5 3',
      points: h.points.map((p) => ({ x: p.step, y: p.radii[n] ?? Number.NaN })),
    })),
  );
  return (
    <figure className="chart" aria-labelledby="radius-history-caption">
      <figcaption id="radius-history-caption">Learned radius γ over steps, per projected tensor</figcaption>
      <LinePlot
        labelledBy="radius-history-caption"
        desc={KEYBOARD_HINT}
        height={200}
        margin={lineMargin(48)}
        x={stepAxis(lastStep)}
        y={valueAxis(histories.flatMap((h) => h.points.flatMap((p) => Object.values(p.radii))))}
        formatX={formatStep}
        formatY={formatValue}
        series={series}
      />
      <p className="sr-only" data-testid="radius-history">
        {histories
          .map((h) =>
            Object.keys(h.points[h.points.length - 1].radii)
              .map(
                (n) =>
                  `${h.label === null ? '' : `${h.label}: `}${n}: ${h.points.map((p) => p.radii[n]?.toPrecision(3)).join(' → ')}`,
              )
              .join('; '),
          )
          .join('; ')}
      </p>
      <ChartSaveButtons what="radius history chart" caption={caption} />
    </figure>
  );
});
