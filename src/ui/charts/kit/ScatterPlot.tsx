/**
 * A scatter chart drawn as plain SVG from React (the trade-off charts): numeric x and y axes with
 * titles, per series a marker (disc, ring for a stopped or diverged run, star), optionally a line through
 * its points (WiSE-FT's α sweep), ± error bars and a name beside each point; a tooltip for the point
 * nearest the pointer or chosen with the arrow keys. Replaces recharts' ScatterChart (see LinePlot.tsx).
 */
import { useLayoutEffect, useRef, useState, type PointerEvent } from 'react';

import { Grid, XAxisSvg, YAxisSvg, numberTicks, type NumberAxis } from './Axes';
import { LABEL_GAP, placeLabels, type LabelSide } from './label-layout';
import { Legend } from './Legend';
import { errorBar, linePath, linearScale, plotBox, starPath, type Margin } from './scale';
import { Surface, pointerAt, usePlot } from './Surface';
import { TooltipBox } from './Tooltip';

export interface ScatterPoint {
  x: number;
  y: number;
  /** The tooltip's title ("run 3"). */
  label: string;
  /** A stopped or diverged run: a ring, never a finished run's disc. */
  hollow?: boolean;
  /** ± half-widths of error bars. */
  xErr?: number;
  yErr?: number;
  /** A name printed beside the point, on `side` where it collides with nothing (label-layout.ts). */
  text?: string;
  side?: LabelSide;
}

export interface ScatterSeries {
  key: string;
  /** The legend's name; null leaves the series out of the legend. */
  name: string | null;
  color: string;
  /** Marker fill (default `color`); the stroke is `color`. */
  fill?: string;
  shape?: 'disc' | 'star';
  /** A line through the points in order. */
  line?: { color: string; dash?: string };
  /** Dash of a hollow marker's ring. */
  hollowDash?: string;
  /** Class of the printed names (their size and colour come from CSS). */
  textClass?: string;
  points: readonly ScatterPoint[];
}

export interface ScatterPlotProps {
  labelledBy?: string;
  height?: number;
  /** px, or absent (as everywhere in the app) for the container's width. */
  width?: number;
  margin: Margin;
  x: NumberAxis;
  y: NumberAxis;
  series: readonly ScatterSeries[];
  legend?: boolean;
  formatX: (v: number) => string;
  formatY: (v: number) => string;
}

const R = 5;
/** A pointer farther than this (px) from every point shows no tooltip. */
const REACH = 24;

export function ScatterPlot(props: ScatterPlotProps) {
  const { series, x: xAxis, y: yAxis } = props;
  const all = series.flatMap((s) => s.points.map((p) => ({ s, p })));
  const { width, height, scale, active, setActive, surface } = usePlot(props, all.length);
  const box = plotBox(width, height, props.margin);
  const x = linearScale(xAxis.domain, [box.left, box.right]);
  const y = linearScale(yAxis.domain, [box.bottom, box.top]);
  const inside = (p: ScatterPoint): boolean =>
    p.x >= xAxis.domain[0] && p.x <= xAxis.domain[1] && p.y >= yAxis.domain[0] && p.y <= yAxis.domain[1];
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const { x: px, y: py } = pointerAt(e, scale);
    let best: number | null = null;
    let dist = REACH;
    all.forEach(({ p }, i) => {
      const d = Math.hypot(x(p.x) - px, y(p.y) - py);
      if (d < dist) [best, dist] = [i, d];
    });
    setActive(best);
  };
  const chosen = active === null ? null : all[active];
  // names, the later series' first (the runs drawn over the references), on the side placeLabels finds
  // once their sizes are measured; before that (and in a static render) on the side asked for
  const named = series
    .flatMap((s) => s.points.filter(inside).flatMap((p, i) => (p.text ? [{ s, p, key: `${s.key}:t${i}` }] : [])))
    .reverse();
  const texts = useRef(new Map<string, SVGTextElement>());
  const [sides, setSides] = useState<Record<string, LabelSide>>({});
  useLayoutEffect(() => {
    // a chart not laid out (hidden) measures nothing, or throws in some engines: it keeps the sides asked for
    const sizes = named.map(({ key }) => {
      try {
        const box = texts.current.get(key)?.getBBox();
        return box && box.width > 0 ? box : undefined;
      } catch {
        return undefined;
      }
    });
    if (sizes.some((b) => !b)) return;
    const markers = all.filter(({ p }) => inside(p)).map(({ p }) => ({ x: x(p.x), y: y(p.y) }));
    const placed = placeLabels(
      named.map(({ p }, i) => ({
        x: x(p.x),
        y: y(p.y),
        width: sizes[i]!.width,
        height: sizes[i]!.height,
        side: p.side ?? 'right',
      })),
      markers,
      R,
      box,
    );
    const next = Object.fromEntries(named.map(({ key }, i) => [key, placed[i]]));
    if (named.some(({ key }) => next[key] !== sides[key])) setSides(next);
  });
  return (
    <>
      <Surface
        {...surface}
        onPointerMove={onPointerMove}
        tooltip={
          chosen && (
            <TooltipBox
              x={x(chosen.p.x)}
              y={Math.max(box.top, y(chosen.p.y) - 20)}
              width={width}
              title={chosen.p.label}
              rows={[
                { key: 'x', name: xAxis.title ?? 'x', value: props.formatX(chosen.p.x), color: chosen.s.color },
                { key: 'y', name: yAxis.title ?? 'y', value: props.formatY(chosen.p.y), color: chosen.s.color },
              ]}
            />
          )
        }
      >
        <defs>
          <clipPath id={`${props.labelledBy ?? 'scatter'}-clip`}>
            <rect x={box.left} y={box.top} width={box.right - box.left} height={box.bottom - box.top} />
          </clipPath>
        </defs>
        <Grid box={box} ys={yAxis.ticks.map(y)} xs={xAxis.ticks.map(x)} />
        <XAxisSvg box={box} ticks={numberTicks(xAxis, x)} title={xAxis.title} />
        <YAxisSvg box={box} axis={yAxis} y={y} />
        <g clipPath={`url(#${props.labelledBy ?? 'scatter'}-clip)`}>
          {series.map((s) => (
            <g key={s.key} className="chart-scatter">
              {s.line && (
                <path
                  className="chart-line"
                  d={linePath(s.points, x, y)}
                  fill="none"
                  stroke={s.line.color}
                  strokeDasharray={s.line.dash}
                />
              )}
              {s.points.filter(inside).map((p, i) => (
                <g key={i} className="chart-error-bars" stroke={s.color}>
                  {p.xErr !== undefined && <path d={errorBar([x(p.x - p.xErr), x(p.x + p.xErr)], y(p.y), 'x')} />}
                  {p.yErr !== undefined && <path d={errorBar([y(p.y - p.yErr), y(p.y + p.yErr)], x(p.x), 'y')} />}
                </g>
              ))}
              {s.points
                .filter(inside)
                .map((p, i) =>
                  s.shape === 'star' ? (
                    <path
                      key={`m${i}`}
                      className="chart-point"
                      d={starPath(x(p.x), y(p.y), R + 2)}
                      fill={s.fill ?? s.color}
                    />
                  ) : (
                    <circle
                      key={`m${i}`}
                      className="chart-point"
                      cx={x(p.x)}
                      cy={y(p.y)}
                      r={R}
                      fill={p.hollow ? 'none' : (s.fill ?? s.color)}
                      stroke={s.color}
                      strokeWidth={2}
                      strokeDasharray={p.hollow ? s.hollowDash : undefined}
                    />
                  ),
                )}
            </g>
          ))}
        </g>
        {named.map(({ s, p, key }) => {
          const side = sides[key] ?? p.side ?? 'right';
          const off = R + LABEL_GAP;
          return (
            <text
              key={key}
              ref={(el) => void (el ? texts.current.set(key, el) : texts.current.delete(key))}
              className={s.textClass ?? 'chart-point-label'}
              data-side={side}
              x={x(p.x) + (side === 'left' ? -off : side === 'right' ? off : 0)}
              y={y(p.y) + (side === 'bottom' ? off : side === 'top' ? -off : 0)}
              textAnchor={side === 'left' ? 'end' : side === 'right' ? 'start' : 'middle'}
              dominantBaseline={side === 'bottom' ? 'hanging' : side === 'top' ? 'text-after-edge' : 'central'}
            >
              {p.text}
            </text>
          );
        })}
      </Surface>
      {props.legend !== false && (
        <Legend
          entries={series.flatMap((s) =>
            s.name === null
              ? []
              : [
                  {
                    key: s.key,
                    name: s.name,
                    color: s.color,
                    icon: s.shape === 'star' ? ('star' as const) : ('disc' as const),
                  },
                ],
          )}
        />
      )}
    </>
  );
}
