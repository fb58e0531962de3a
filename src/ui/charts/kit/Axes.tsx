/**
 * The frame of a cartesian chart, drawn as plain SVG: dashed grid lines at the ticks, the axis lines, tick
 * marks and labels, and the axis titles. Colours are the theme's tokens through CSS classes (charts.css),
 * so a theme switch needs no re-render.
 */
import type { PlotBox, Scale } from './scale';

/** A numeric axis: its domain, the ticks drawn (every one labelled) and how a tick reads. */
export interface NumberAxis {
  domain: readonly [number, number];
  ticks: readonly number[];
  format?: (v: number) => string;
  title?: string;
}

const TICK_LENGTH = 6;
const plain = (v: number): string => String(v);

/** Horizontal grid lines at the y ticks; vertical ones at `xs` (px) unless that is empty. */
export function Grid({ box, ys, xs }: { box: PlotBox; ys: readonly number[]; xs: readonly number[] }) {
  return (
    <g className="chart-grid" aria-hidden="true">
      {ys.map((y) => (
        <line key={`y${y}`} x1={box.left} x2={box.right} y1={y} y2={y} strokeDasharray="3 3" />
      ))}
      {xs.map((x) => (
        <line key={`x${x}`} x1={x} x2={x} y1={box.top} y2={box.bottom} strokeDasharray="3 3" />
      ))}
    </g>
  );
}

/** The x axis under the plot: numeric ticks, or category labels at `categories` (px centres). */
export function XAxisSvg({
  box,
  ticks,
  title,
  angle = 0,
}: {
  box: PlotBox;
  ticks: readonly { at: number; label: string }[];
  title?: string;
  /** Labels turned by this many degrees (long layer names), anchored at their end. */
  angle?: number;
}) {
  return (
    <g className="chart-axis chart-x-axis">
      <line className="chart-axis-line" x1={box.left} x2={box.right} y1={box.bottom} y2={box.bottom} />
      {ticks.map((t) => (
        <g key={`${t.at}:${t.label}`}>
          <line className="chart-axis-line" x1={t.at} x2={t.at} y1={box.bottom} y2={box.bottom + TICK_LENGTH} />
          <text
            className="chart-tick"
            x={t.at}
            y={box.bottom + TICK_LENGTH + 3}
            textAnchor={angle ? 'end' : 'middle'}
            dominantBaseline="hanging"
            transform={angle ? `rotate(${angle} ${t.at} ${box.bottom + TICK_LENGTH + 3})` : undefined}
          >
            {t.label}
          </text>
        </g>
      ))}
      {title && (
        <text className="chart-axis-title" x={box.right} y={box.height - 4} textAnchor="end">
          {title}
        </text>
      )}
    </g>
  );
}

/** The y axis left of the plot, ticks labelled by `format`, its title turned up the left edge. */
export function YAxisSvg({ box, axis, y }: { box: PlotBox; axis: NumberAxis; y: Scale }) {
  const format = axis.format ?? plain;
  return (
    <g className="chart-axis chart-y-axis">
      <line className="chart-axis-line" x1={box.left} x2={box.left} y1={box.top} y2={box.bottom} />
      {axis.ticks.map((t) => (
        <g key={t}>
          <line className="chart-axis-line" x1={box.left - TICK_LENGTH} x2={box.left} y1={y(t)} y2={y(t)} />
          <text
            className="chart-tick"
            x={box.left - TICK_LENGTH - 3}
            y={y(t)}
            textAnchor="end"
            dominantBaseline="central"
          >
            {format(t)}
          </text>
        </g>
      ))}
      {axis.title && (
        <text
          className="chart-axis-title"
          x={0}
          y={0}
          textAnchor="start"
          dominantBaseline="hanging"
          transform={`translate(2 ${box.bottom}) rotate(-90)`}
        >
          {axis.title}
        </text>
      )}
    </g>
  );
}

/** Numeric x ticks as XAxisSvg takes them. */
export const numberTicks = (axis: NumberAxis, x: Scale): { at: number; label: string }[] =>
  axis.ticks.map((t) => ({ at: x(t), label: (axis.format ?? plain)(t) }));
