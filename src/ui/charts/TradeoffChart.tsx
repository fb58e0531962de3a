/**
 * ID vs OOD accuracy of the finished runs, one point per run, coloured by method; a WiSE-FT run adds
 * its measured α sweep as a curve (α = 0 is θ0, α = 1 the fine-tuned model), so TPGM post-hoc's learned
 * per-layer point can be read against it (Wortsman et al., CVPR 2022, Fig. 1).
 */
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';

import type { MethodId } from '../../core/config';
import { METHOD_INFO } from '../../core/methods/catalog';
import { useAppStore } from '../../store/app-store';
import type { DomainResult } from '../../worker/protocol';

const METHOD_COLORS: Record<MethodId, string> = {
  'full-ft': '#e8590c',
  lp: '#2f9e44',
  'lp-ft': '#66a80f',
  'l2-sp': '#1971c2',
  'mars-sp': '#0c8599',
  surgical: '#868e96',
  ftp: '#f08c00',
  spd: '#c2255c',
  'wise-ft': '#ae3ec9',
  tpgm: '#1d2330',
  'tpgm-posthoc': '#5f3dc4',
};

interface Point {
  id: number;
  ood: number;
  label: string;
}

/** (ID %, OOD-mean %) of one measurement, or null without OOD domains. */
function position(results: DomainResult[]): { id: number; ood: number } | null {
  const id = results.find((r) => r.isId);
  const ood = results.filter((r) => !r.isId);
  if (!id || ood.length === 0) return null;
  return { id: 100 * id.accuracy, ood: (100 * ood.reduce((a, r) => a + r.accuracy, 0)) / ood.length };
}

export function TradeoffChart() {
  const runs = useAppStore((s) => s.runs);
  const datasetId = useAppStore((s) => s.draft?.datasetId);
  const shown = runs.filter((r) => r.spec.datasetId === datasetId && r.spec.purpose === 'finetune');
  const byMethod = new Map<MethodId, Point[]>();
  for (const r of shown) {
    const at = position(r.summary.final.results);
    if (!at) continue;
    const method = r.spec.config.method;
    byMethod.set(method, [...(byMethod.get(method) ?? []), { ...at, label: `run ${r.runId}` }]);
  }
  const sweeps = shown.flatMap((r) =>
    r.summary.sweep
      ? [
          {
            runId: r.runId,
            label: r.summary.sweep.label,
            points: r.summary.sweep.points.flatMap((p) => {
              const at = position(p.results);
              return at ? [{ ...at, label: `${r.summary.sweep?.label} = ${p.value}` }] : [];
            }),
          },
        ]
      : [],
  );
  const all = [...[...byMethod.values()].flat(), ...sweeps.flatMap((w) => w.points)];
  // zoom to the points: the axis starts at the tens below the lowest one
  const lowest = (key: 'id' | 'ood'): number =>
    Math.max(0, 10 * Math.floor((Math.min(...all.map((p) => p[key])) - 2) / 10));
  const ticks = (from: number): number[] => {
    const step = 100 - from > 50 ? 20 : 10;
    return Array.from({ length: Math.floor((100 - from) / step) + 1 }, (_, i) => from + i * step);
  };
  if (byMethod.size === 0)
    return <p className="muted small">Finished runs with OOD domains appear here, one point each.</p>;
  const summary = [...byMethod.entries()]
    .map(
      ([m, pts]) =>
        `${METHOD_INFO[m].label}: ${pts.map((p) => `ID ${p.id.toFixed(1)} / OOD ${p.ood.toFixed(1)}`).join(', ')}`,
    )
    .concat(
      sweeps.map(
        (s) =>
          `WiSE-FT run ${s.runId} sweep: ${s.points.map((p) => `${p.label} ID ${p.id.toFixed(1)} / OOD ${p.ood.toFixed(1)}`).join(', ')}`,
      ),
    )
    .join('. ');
  return (
    <figure className="chart" aria-label="ID versus OOD chart">
      <figcaption>Finished runs: ID accuracy vs OOD mean (%), with WiSE-FT’s α sweep</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ScatterChart margin={{ left: 4, right: 12, bottom: 12 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="id"
            type="number"
            name="ID %"
            domain={[lowest('id'), 100]}
            ticks={ticks(lowest('id'))}
            label={{ value: 'ID accuracy (%)', position: 'insideBottomRight', offset: -4 }}
          />
          <YAxis
            dataKey="ood"
            type="number"
            name="OOD mean %"
            width={48}
            domain={[lowest('ood'), 100]}
            ticks={ticks(lowest('ood'))}
            label={{ value: 'OOD mean (%)', angle: -90, position: 'insideBottomLeft', offset: 12 }}
          />
          <Tooltip cursor={{ strokeDasharray: '3 3' }} />
          <Legend />
          {sweeps.map((s) => (
            <Scatter
              key={`sweep-${s.runId}`}
              name={`WiSE-FT sweep (run ${s.runId})`}
              data={s.points}
              fill="#d0bfff"
              line={{ stroke: '#ae3ec9', strokeDasharray: '4 3' }}
              isAnimationActive={false}
            />
          ))}
          {[...byMethod.entries()].map(([m, pts]) => (
            <Scatter
              key={m}
              name={METHOD_INFO[m].label}
              data={pts}
              fill={METHOD_COLORS[m]}
              shape={m === 'tpgm-posthoc' ? 'star' : 'circle'}
              isAnimationActive={false}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      <p className="sr-only" data-testid="tradeoff-summary">
        {summary}.
      </p>
    </figure>
  );
}
