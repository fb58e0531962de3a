/**
 * A grouped bar chart drawn as plain SVG from React: one group per category (a layer), one bar per
 * series in it, filled or outlined (TPGM's drift before the projection), optional value labels on top, a
 * legend and a tooltip of the group under the pointer or the arrow keys. Replaces recharts' BarChart (see
 * LinePlot.tsx for why).
 */
import type { PointerEvent } from 'react';

import { Grid, XAxisSvg, YAxisSvg, type NumberAxis } from './Axes';
import { Legend } from './Legend';
import { clamp, linearScale, plotBox, type Margin } from './scale';
import { Surface, pointerAt, usePlot } from './Surface';
import { TooltipBox } from './Tooltip';

export interface BarSeries {
  key: string;
  name: string;
  color: string;
  /** One value per category (NaN: no bar). */
  values: readonly number[];
  /** Drawn as a dashed outline, not filled. */
  outline?: boolean;
  /** Value labels above the bars (formatted; '' for none). */
  label?: (v: number) => string;
  /** Its legend entry, when not its own name and colour; null: none (another series' entry speaks for it). */
  legend?: { name: string; color: string } | null;
}

export interface BarPlotProps {
  labelledBy?: string;
  desc?: string;
  /** px, or absent to fill the container's height (the lecture view). */
  height?: number;
  /** px, or absent (as everywhere in the app) for the container's width. */
  width?: number;
  margin: Margin;
  categories: readonly string[];
  y: NumberAxis;
  series: readonly BarSeries[];
  /** Category labels turned by this many degrees (long names). */
  angle?: number;
  formatY: (v: number) => string;
}

/** Gap between bars of a group and the share of a category's width the group takes. */
const BAR_GAP = 2;
const GROUP_SHARE = 0.8;

export function BarPlot(props: BarPlotProps) {
  const { categories, series, y: yAxis } = props;
  const { width, height, scale, active, setActive, surface } = usePlot(props, categories.length);
  const box = plotBox(width, height, props.margin);
  const y = linearScale(yAxis.domain, [box.bottom, box.top]);
  const band = (box.right - box.left) / Math.max(1, categories.length);
  const barWidth = Math.max(1, (band * GROUP_SHARE - BAR_GAP * (series.length - 1)) / Math.max(1, series.length));
  const centre = (i: number): number => box.left + band * (i + 0.5);
  const barX = (i: number, j: number): number => centre(i) - (band * GROUP_SHARE) / 2 + j * (barWidth + BAR_GAP);
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const at = pointerAt(e, scale).x;
    setActive(
      at < box.left || at > box.right ? null : clamp(Math.floor((at - box.left) / band), 0, categories.length - 1),
    );
  };
  const rows =
    active === null
      ? []
      : series.flatMap((s) =>
          Number.isFinite(s.values[active])
            ? [{ key: s.key, name: s.name, color: s.color, value: props.formatY(s.values[active]) }]
            : [],
        );
  return (
    <>
      <Surface
        {...surface}
        onPointerMove={onPointerMove}
        tooltip={
          active !== null &&
          rows.length > 0 && (
            <TooltipBox x={centre(active)} y={box.top} width={width} title={categories[active]} rows={rows} />
          )
        }
      >
        {active !== null && (
          <rect
            className="chart-cursor-band"
            x={box.left + band * active}
            y={box.top}
            width={band}
            height={box.bottom - box.top}
          />
        )}
        <Grid box={box} ys={yAxis.ticks.map(y)} xs={[]} />
        <XAxisSvg box={box} ticks={categories.map((c, i) => ({ at: centre(i), label: c }))} angle={props.angle} />
        <YAxisSvg box={box} axis={yAxis} y={y} />
        {series.map((s, j) => (
          <g key={s.key} className={s.outline ? 'chart-bars chart-bars-outline' : 'chart-bars'}>
            {s.values.map((v, i) =>
              Number.isFinite(v) ? (
                <rect
                  key={i}
                  className="chart-bar"
                  x={barX(i, j)}
                  y={Math.min(y(v), y(0))}
                  width={barWidth}
                  height={Math.abs(y(0) - y(v))}
                  {...(s.outline
                    ? { fill: 'none', stroke: s.color, strokeWidth: 2, strokeDasharray: '5 3' }
                    : { fill: s.color })}
                />
              ) : null,
            )}
            {s.label &&
              s.values.map((v, i) =>
                Number.isFinite(v) && s.label?.(v) ? (
                  <text
                    key={`l${i}`}
                    className="chart-bar-label"
                    x={barX(i, j) + barWidth / 2}
                    y={y(v) - 4}
                    textAnchor="middle"
                  >
                    {s.label(v)}
                  </text>
                ) : null,
              )}
          </g>
        ))}
      </Surface>
      <Legend
        entries={series
          .filter((s) => s.legend !== null)
          .map((s) => ({
            key: s.key,
            name: s.legend?.name ?? s.name,
            color: s.legend?.color ?? s.color,
            icon: s.outline ? 'outline' : 'bar',
          }))}
      />
    </>
  );
}
