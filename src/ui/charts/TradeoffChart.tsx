/**
 * ID vs OOD accuracy of the finished runs, one point per run, coloured by method; a WiSE-FT run adds
 * its measured α sweep as a curve (α = 0 is θ0, α = 1 the fine-tuned model), so TPGM post-hoc's learned
 * per-layer point can be read against it (Wortsman et al., CVPR 2022, Fig. 1).
 */
import type { MethodId } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore } from '../../store/app-store';
import { idAndOodMean, outcomeLabel, runOutcome } from '../../store/runs';
import { METHOD_COLORS, SWEEP_FILL } from '../theme/palette';
import { formatPercent, zoomedPercentAxis } from './chart-style';
import { ScatterPlot, type ScatterSeries } from './kit/ScatterPlot';
import { ChartSaveButtons } from './ChartSaveButtons';
import { useOwnTask } from './use-own-task';
import { capLines, finishedRunLine } from './chart-caption';

interface Point {
  id: number;
  ood: number;
  label: string;
  /** False for a stopped or diverged run: drawn hollow, never as a finished one. */
  complete: boolean;
}

export function TradeoffChart() {
  // a finished run redraws this below the live charts in a task of its own, not in the one that ends the run
  const runs = useOwnTask(useAppStore((s) => s.runs));
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
  const series: ScatterSeries[] = [
    ...sweeps.map((w) => ({
      key: `sweep-${w.runId}`,
      name: `WiSE-FT sweep (run ${w.runId})`,
      color: SWEEP_FILL,
      line: { color: METHOD_COLORS['wise-ft'], dash: '4 3' },
      points: w.points.map((p) => ({ x: p.id, y: p.ood, label: p.label })),
    })),
    ...[...byMethod.entries()].map(([m, pts]) => ({
      key: m,
      name: METHOD_INFO[m].short,
      color: METHOD_COLORS[m],
      shape: m === 'tpgm-posthoc' ? ('star' as const) : ('disc' as const),
      hollowDash: '3 2',
      points: pts.map((p) => ({ x: p.id, y: p.ood, label: `${METHOD_INFO[m].short} ${p.label}`, hollow: !p.complete })),
    })),
  ];
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
      <ScatterPlot
        labelledBy="tradeoff-caption"
        height={260}
        margin={{ top: 8, right: 12, bottom: 40, left: 52 }}
        x={{ ...x, title: 'ID accuracy (%)' }}
        y={{ ...y, title: 'OOD mean (%)' }}
        formatX={formatPercent}
        formatY={formatPercent}
        series={series}
      />
      <p className="sr-only" data-testid="tradeoff-summary">
        {summary}.
      </p>
      <ChartSaveButtons what="trade-off chart" caption={() => capLines(shown.map(finishedRunLine))} />
    </figure>
  );
}
