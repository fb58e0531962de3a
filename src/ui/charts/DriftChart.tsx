/**
 * The "why", on one scale for every method: how far each layer's kernel moved from θ0, relative to its
 * size (‖θ − θ0‖ / ‖θ0‖, %), per run shown; for a projected run also the drift its last step wanted
 * before the projection (‖θ̃ − θ0‖ / ‖θ0‖, an outlined bar), so the clipping shows. Biases and the head
 * are listed apart: a bias starts at 0 (its relative drift is unbounded) and the head is new. Used by
 * the lecture view (recorded and live runs) and the lab (the current run and the overlaid finished ones).
 */
import { isKernel, type LayerStat } from '../../core/spec/layer-stat';
import type { LayerPoint } from '../../worker/protocol';
import { KEYBOARD_HINT, formatValue, valueAxis } from './chart-style';
import { BarPlot, type BarSeries } from './kit/BarPlot';
import { ChartSaveButtons } from './ChartSaveButtons';
import { capLines } from './chart-caption';
import { driftNote } from './drift-note';

/** One run's bars: its latest per-layer statistics. */
export interface DriftSeries {
  key: string;
  name: string;
  color: string;
  layers: LayerPoint | null;
  /** The run and its settings in one line, for a saved picture's caption (chart-caption.ts runLine). */
  about?: string;
}

const shortName = (name: string): string => name.replace(/\/kernel$/, '');
const percent = (x: number): number => 100 * x;
const label = (x: number): string => {
  if (!Number.isFinite(x) || x === 0) return '';
  return x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2);
};

/** A kernel of the backbone: what the drift is drawn for (a bias starts at 0, the head is new). */
const wantedOf = (l: LayerStat): number | null =>
  l.wantedDeviation != null && l.anchorNorm > 0 ? l.wantedDeviation / l.anchorNorm : null;

/** `height`: fixed (px) in the lab; absent, it fills its panel (the lecture view). */
export function DriftChart({ series, height }: { series: DriftSeries[]; height?: number }) {
  const withLayers = series.filter((t) => t.layers !== null);
  const names = withLayers[0]?.layers?.layers.filter(isKernel).map((l) => l.name) ?? [];
  if (names.length === 0)
    return <p className="lecture-empty">Per-layer drift appears at the first measurement after step 0.</p>;
  const layerOf = (t: DriftSeries, name: string): LayerStat | undefined =>
    t.layers?.layers.find((x) => x.name === name);
  const note = driftNote(withLayers.map((t) => ({ name: t.name, step: t.layers?.step ?? 0 })));
  const projected = withLayers.filter((t) => t.layers?.layers.some((l) => wantedOf(l) !== null));
  // the legend names each run once (its filled bars) and the outlines once: "moved" is the chart's title
  const bars: BarSeries[] = [
    ...withLayers.map((t) => ({
      key: t.key,
      name: `${t.name} moved`,
      legend: { name: t.name, color: t.color },
      color: t.color,
      values: names.map((n) => {
        const l = layerOf(t, n);
        return l ? percent(l.relativeDeviation) : Number.NaN;
      }),
      ...(withLayers.length <= 2 ? { label } : {}),
    })),
    ...projected.map((t, i) => ({
      key: `${t.key}:wanted`,
      name: `${t.name} wanted (before projection)`,
      // one entry for every run's outline, in the run's colour (the text's when there are several)
      legend:
        i === 0 ? { name: 'wanted (before projection)', color: projected.length > 1 ? 'currentColor' : t.color } : null,
      color: t.color,
      outline: true,
      values: names.map((n) => {
        const l = layerOf(t, n);
        const wanted = l ? wantedOf(l) : null;
        return wanted === null ? Number.NaN : percent(wanted);
      }),
    })),
  ];
  const apart = withLayers.map((t) => {
    const others = t.layers?.layers.filter((l) => !isKernel(l)) ?? [];
    return `${t.name}: ${others.map((l) => `${shortName(l.name)} ‖θ−θ0‖ ${l.deviation.toPrecision(2)}`).join(', ')}`;
  });
  return (
    <figure className={height ? 'chart' : 'lecture-chart'} aria-labelledby="drift-caption" data-testid="drift-chart">
      <figcaption id="drift-caption">How far each layer moved from θ0: ‖θ − θ0‖ / ‖θ0‖ of its kernel (%)</figcaption>
      <BarPlot
        key={withLayers.map((t) => t.key).join(' ')}
        labelledBy="drift-caption"
        desc={KEYBOARD_HINT}
        height={height}
        margin={{ top: 18, right: 8, bottom: 26, left: 56 }}
        categories={names.map(shortName)}
        y={{ ...valueAxis(bars.flatMap((b) => b.values)), format: (v) => `${v} %` }}
        formatY={(v) => `${formatValue(v)} %`}
        series={bars}
      />
      <p className="lecture-note">{note}</p>
      <p className="sr-only">{apart.join('; ')}.</p>
      <ul className="sr-only" data-testid="drift-values">
        {withLayers.flatMap((t) =>
          (t.layers?.layers ?? []).filter(isKernel).map((l) => (
            <li key={`${t.key}:${l.name}`} data-run={t.name} data-layer={l.name} data-relative={l.relativeDeviation}>
              {t.name} {l.name}: moved {(100 * l.relativeDeviation).toPrecision(3)} %
            </li>
          )),
        )}
      </ul>
      <ChartSaveButtons
        what="per-layer drift chart"
        caption={() => [note, ...capLines(withLayers.map((t) => t.about ?? t.name))]}
      />
    </figure>
  );
}
