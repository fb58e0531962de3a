/**
 * The arithmetic of the hand-drawn charts (kit/*.tsx): linear scales from data to pixels, the plot box
 * inside a chart's margins, and an SVG path through points. Pure, no DOM: unit-tested in Node. Tick
 * values come from chart-style.ts (roundTicks, zoomedPercentAxis), as before.
 */

/** A chart's box: its size in px and the plot inside it (what the axes frame). */
export interface PlotBox {
  width: number;
  height: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Room around the plot, px. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plot inside a `width` × `height` chart less `margin`; never narrower or shorter than 1 px. */
export function plotBox(width: number, height: number, margin: Margin): PlotBox {
  const left = margin.left;
  const top = margin.top;
  return {
    width,
    height,
    left,
    top,
    right: Math.max(left + 1, width - margin.right),
    bottom: Math.max(top + 1, height - margin.bottom),
  };
}

/** value -> px mapping `domain` onto `range` (either may run backwards: y grows downwards in SVG). */
export type Scale = (value: number) => number;

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/**
 * An SVG path `d` through `points` in order, px rounded to 0.1; a non-finite value breaks the line (a
 * gap, as recharts drew it without connectNulls) unless `connect`, which skips it.
 */
export function linePath(points: readonly { x: number; y: number }[], x: Scale, y: Scale, connect = false): string {
  const r = (v: number): number => Math.round(v * 10) / 10;
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      if (!connect) pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r(x(p.x))},${r(y(p.y))}`;
    pen = true;
  }
  return d;
}

/** The index in sorted `values` nearest to `v` (-1 for none): which step a pointer is over. */
export function nearestIndex(values: readonly number[], v: number): number {
  let best = -1;
  let dist = Infinity;
  values.forEach((x, i) => {
    const d = Math.abs(x - v);
    if (d < dist) {
      dist = d;
      best = i;
    }
  });
  return best;
}

/** `v` kept inside [lo, hi]. */
export const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** A five-pointed star centred on (cx, cy), outer radius `r` (TPGM post-hoc's marker). */
export function starPath(cx: number, cy: number, r: number): string {
  const points = Array.from({ length: 10 }, (_, i) => {
    const a = (Math.PI / 5) * i - Math.PI / 2;
    const rr = i % 2 === 0 ? r : r * 0.45;
    return `${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`;
  });
  return `M${points.join('L')}Z`;
}

/**
 * An error bar's path: a line from `ends[0]` to `ends[1]` (px) along `axis` at `at` on the other axis,
 * with an 8 px cap across each end.
 */
export function errorBar(ends: readonly [number, number], at: number, axis: 'x' | 'y'): string {
  const [a, b] = ends;
  return axis === 'x'
    ? `M${a},${at}H${b}M${a},${at - 4}v8M${b},${at - 4}v8`
    : `M${at},${a}V${b}M${at - 4},${a}h8M${at - 4},${b}h8`;
}
