/**
 * ID vs OOD accuracy of the finished runs, one point per run, coloured by method; a WiSE-FT run adds
 * its measured α sweep as a curve (α = 0 is θ0, α = 1 the fine-tuned model), so TPGM post-hoc's learned
 * per-layer point can be read against it (Wortsman et al., CVPR 2022, Fig. 1).
 */
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

import type { MethodId } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore } from '../../store/app-store';
import { idAndOodMean, outcomeLabel, runOutcome } from '../../store/runs';
import { METHOD_COLORS, SWEEP_FILL } from '../theme/palette';
import {
  AXIS_LABEL_STYLE,
  AXIS_STYLE,
  LEGEND_STYLE,
  TOOLTIP_STYLE,
  formatPercent,
  zoomedPercentAxis,
} from './chart-style';
import { ChartSaveButtons } from './ChartSaveButtons';
import { capLines, finishedRunLine } from './chart-caption';

interface Point {
  id: number;
  ood: number;
  label: string;
  /** False for a stopped or diverged run: drawn hollow, never as a finished one. */
  complete: boolean;
}

const isIncomplete = (payload: unknown): boolean =>
  typeof payload === 'object' && payload !== null && (payload as Partial<Point>).complete === false;

/** Markers in `color`: a filled disc for a finished run, a dashed ring for a stopped or diverged one. */
const runMarker =
  (color: string) =>
  ({ cx, cy, payload }: { cx?: number; cy?: number; payload?: unknown }) => {
    if (cx === undefined || cy === undefined) return <g />;
    return isIncomplete(payload) ? (
      <circle cx={cx} cy={cy} r={5} fill="none" stroke={color} strokeWidth={2} strokeDasharray="3 2" />
    ) : (
      <circle cx={cx} cy={cy} r={5} fill={color} />
    );
  };

export function TradeoffChart() {
  const runs = useAppStore((s) => s.runs);
  const datasetId = useAppStore((s) => s.draft?.datasetId);
  const shown = runs.filter((r) => r.spec.datasetId === datasetId && r.spec.purpose === 'finetune');
  const byMethod = new Map<MethodId, Point[]>();
  for (const r of shown) {
    const at = idAndOodMean(r.summary.final.results);
    if (!at) continue;
    const method = r.spec.config.method;
    const outcome = runOutcome(r.summary, r.spec.config.steps);
    const run = `run ${r.runId}${r.recorded ? ` (${r.recorded})` : ''}`;
    const label = outcome.kind === 'finished' ? run : `${run} (${outcomeLabel(outcome)})`;
    byMethod.set(method, [...(byMethod.get(method) ?? []), { ...at, label, complete: outcome.kind === 'finished' }]);
  }
  const sweeps = shown.flatMap((r) =>
    r.summary.sweep
      ? [
          {
            runId: r.runId,
            label: r.summary.sweep.label,
            points: r.summary.sweep.points.flatMap((p) => {
              const at = idAndOodMean(p.results);
              return at ? [{ ...at, label: `${r.summary.sweep?.label} = ${p.value}`, complete: true }] : [];
            }),
          },
        ]
      : [],
  );
  const all = [...[...byMethod.values()].flat(), ...sweeps.flatMap((w) => w.points)];
  const x = zoomedPercentAxis(all.map((p) => p.id));
  const y = zoomedPercentAxis(all.map((p) => p.ood));
  if (byMethod.size === 0)
    return <p className="muted small">Finished runs with OOD domains appear here, one point each.</p>;
  const summary = [...byMethod.entries()]
    .map(
      ([m, pts]) =>
        `${METHOD_INFO[m].short}: ${pts.map((p) => `ID ${p.id.toFixed(1)} / OOD ${p.ood.toFixed(1)}${p.complete ? '' : ` (${p.label})`}`).join(', ')}`,
    )
    .concat(
      sweeps.map(
        (s) =>
          `WiSE-FT run ${s.runId} sweep: ${s.points.map((p) => `${p.label} ID ${p.id.toFixed(1)} / OOD ${p.ood.toFixed(1)}`).join(', ')}`,
      ),
    )
    .join('. ');
  return (
    <figure className="chart" aria-labelledby="tradeoff-caption">
      <figcaption id="tradeoff-caption">
        Finished runs: ID accuracy vs OOD mean (%), with WiSE-FT’s α sweep; a ring is a stopped or diverged run
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ScatterChart margin={{ left: 4, right: 12, bottom: 12 }} aria-labelledby="tradeoff-caption">
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            {...AXIS_STYLE}
            dataKey="id"
            type="number"
            name="ID accuracy"
            {...x}
            label={{ ...AXIS_LABEL_STYLE, value: 'ID accuracy (%)', position: 'insideBottomRight', offset: -4 }}
          />
          <YAxis
            {...AXIS_STYLE}
            dataKey="ood"
            type="number"
            name="OOD mean"
            width={48}
            {...y}
            label={{ ...AXIS_LABEL_STYLE, value: 'OOD mean (%)', angle: -90, position: 'insideBottomLeft', offset: 12 }}
          />
          <Tooltip
            {...TOOLTIP_STYLE}
            cursor={{ ...TOOLTIP_STYLE.cursor, strokeDasharray: '3 3' }}
            formatter={formatPercent}
          />
          <Legend {...LEGEND_STYLE} />
          {sweeps.map((s) => (
            <Scatter
              key={`sweep-${s.runId}`}
              name={`WiSE-FT sweep (run ${s.runId})`}
              data={s.points}
              fill={SWEEP_FILL}
              line={{ stroke: METHOD_COLORS['wise-ft'], strokeDasharray: '4 3' }}
              isAnimationActive={false}
            />
          ))}
          {[...byMethod.entries()].map(([m, pts]) => (
            <Scatter
              key={m}
              name={METHOD_INFO[m].short}
              data={pts}
              fill={METHOD_COLORS[m]}
              shape={m === 'tpgm-posthoc' ? 'star' : runMarker(METHOD_COLORS[m])}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      <p className="sr-only" data-testid="tradeoff-summary">
        {summary}.
      </p>
      <ChartSaveButtons what="trade-off chart" caption={() => capLines(shown.map(finishedRunLine))} />
    </figure>
  );
}
