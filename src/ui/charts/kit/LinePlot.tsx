/**
 * A line chart drawn as plain SVG from React: numeric x (steps) and y axes, one path per series, a
 * legend, and a tooltip of every series' value at the step under the pointer or the arrow keys. It
 * replaces recharts' LineChart, whose store (Redux dispatches and memoised selectors per child on every
 * mount and update) was the main thread's longest work during a run (BENCHMARKS.md §5): this draws in
 * one render, a few milliseconds for the live charts' points.
 */
import type { PointerEvent } from 'react';

import { Grid, XAxisSvg, YAxisSvg, numberTicks, type NumberAxis } from './Axes';
import { Legend, type LegendEntry } from './Legend';
import { linePath, linearScale, nearestIndex, plotBox, type Margin } from './scale';
import { Surface, pointerAt, usePlot } from './Surface';
import { TooltipBox } from './Tooltip';

export interface LineSeries {
  key: string;
  name: string;
  color: string;
  /** In x order; a non-finite y is a gap. */
  points: readonly { x: number; y: number }[];
  strokeWidth?: number;
  dash?: string;
  /** Draw across gaps (non-finite values) instead of breaking the line. */
  connect?: boolean;
}

export interface LinePlotProps {
  /** id of the caption that names the chart (its <svg> is an "application" named by it). */
  labelledBy: string;
  /** The <desc>: how to read it from the keyboard. */
  desc?: string;
  /** px, or absent to fill the container's height (the lecture view). */
  height?: number;
  /** px, or absent (as everywhere in the app) for the container's width. */
  width?: number;
  margin: Margin;
  x: NumberAxis;
  y: NumberAxis;
  series: readonly LineSeries[];
  /** Tooltip title for a step ("step 80") and value ("93.1 %"). */
  formatX: (x: number) => string;
  formatY: (y: number) => string;
}

export function LinePlot(props: LinePlotProps) {
  const { series, x: xAxis, y: yAxis, margin } = props;
  const steps = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const { width, height, scale, active, setActive, surface } = usePlot(props, steps.length);
  const box = plotBox(width, height, margin);
  const x = linearScale(xAxis.domain, [box.left, box.right]);
  const y = linearScale(yAxis.domain, [box.bottom, box.top]);
  const legend: LegendEntry[] = series.map((s) => ({
    key: s.key,
    name: s.name,
    color: s.color,
    icon: 'line',
    dash: s.dash,
  }));
  // px back to a step: the step nearest the pointer, none outside the plot
  const stepAt = linearScale([box.left, box.right], xAxis.domain);
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const at = pointerAt(e, scale).x;
    setActive(at < box.left || at > box.right ? null : nearestIndex(steps, stepAt(at)));
  };
  const step = active === null ? null : steps[active];
  const rows =
    step === null
      ? []
      : series.flatMap((s) => {
          const p = s.points.find((q) => q.x === step);
          return p && Number.isFinite(p.y)
            ? [{ key: s.key, name: s.name, color: s.color, value: props.formatY(p.y), y: p.y }]
            : [];
        });
  return (
    <>
      <Surface
        {...surface}
        onPointerMove={onPointerMove}
        tooltip={
          step !== null &&
          rows.length > 0 && (
            <TooltipBox x={x(step)} y={box.top} width={width} title={props.formatX(step)} rows={rows} />
          )
        }
      >
        <Grid box={box} ys={yAxis.ticks.map(y)} xs={xAxis.ticks.map(x)} />
        <XAxisSvg box={box} ticks={numberTicks(xAxis, x)} title={xAxis.title} />
        <YAxisSvg box={box} axis={yAxis} y={y} />
        {series.map((s) => (
          <path
            key={s.key}
            className="chart-line"
            d={linePath(s.points, x, y, s.connect)}
            fill="none"
            stroke={s.color}
            strokeWidth={s.strokeWidth ?? 1.5}
            strokeDasharray={s.dash}
            strokeLinejoin="round"
          />
        ))}
        {step !== null && (
          <g className="chart-cursor">
            <line x1={x(step)} x2={x(step)} y1={box.top} y2={box.bottom} />
            {rows.map((r) => (
              <circle key={r.key} cx={x(step)} cy={y(r.y)} r={4} fill={r.color} />
            ))}
          </g>
        )}
      </Surface>
      <Legend entries={legend} />
    </>
  );
}
