/**
 * What every chart shares besides its data: margins, value formatting and round axis ticks. Colours and
 * type sizes are CSS rules in charts.css (design tokens); series colours are in ../theme/palette.ts.
 */

/**
 * Room around a line chart's plot: `yAxisWidth` px left for the value ticks, 16 px right so the last step
 * tick (centred on the edge) is not cut off, and under it the step ticks.
 */
export const lineMargin = (yAxisWidth: number) => ({ top: 8, right: 16, bottom: 26, left: yAxisWidth }) as const;

/** The <desc> of a chart's focusable SVG: how to read it without a mouse (kit/Tooltip.tsx's keys). */
export const KEYBOARD_HINT = 'Arrow keys move through the points; the tooltip shows their values.';

/** A tooltip value as a percentage with one decimal ("93.1 %"); anything else unchanged. */
export const formatPercent = (value: unknown): string =>
  typeof value === 'number' ? `${value.toFixed(1)} %` : String(value ?? '');

/** A tooltip value with three significant digits (losses, radii, deviations). */
export const formatValue = (value: unknown): string =>
  typeof value === 'number' ? value.toPrecision(3) : String(value ?? '');

/** A tooltip title on a step axis ("step 120"). */
export const formatStep = (label: unknown): string => `step ${String(label)}`;

/** Y axis of accuracies in %: 0 to 100 every 20. */
export const PERCENT_AXIS = { domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] } as const;

/**
 * A percent axis zoomed to the points: from the tens below the lowest value (less a 2-point margin) to
 * 100, in steps of 20 from a multiple of 20 when the range is over 50 (0, 20, 40, not 10, 30, 50), else 10.
 */
export function zoomedPercentAxis(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const low = Math.max(0, 10 * Math.floor((Math.min(100, ...values) - 2) / 10));
  const step = 100 - low > 50 ? 20 : 10;
  const from = step === 20 ? 20 * Math.floor(low / 20) : low;
  return { domain: [from, 100], ticks: Array.from({ length: (100 - from) / step + 1 }, (_, i) => from + i * step) };
}

/**
 * An axis over round ticks, every one drawn and labelled (recharts dropped labels it thought collided:
 * 0, 5, 10, 15, 25 with room to spare).
 */
interface RoundAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * Ticks at round numbers from 0 to the first tick at or above `max`: the step is the smallest of 1, 2,
 * 2.5 or 5 × 10^k that needs at most `maxIntervals` intervals. roundTicks(123) is 0, 25, …, 125.
 */
export function roundTicks(max: number, maxIntervals = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const magnitude = 10 ** Math.floor(Math.log10(max / maxIntervals));
  const step =
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => Math.ceil(max / s - 1e-9) <= maxIntervals) ??
    10 * magnitude;
  const count = Math.ceil(max / step - 1e-9);
  // products of the step, rounded to its decimals: 0.1 × 3 is 0.30000000000000004
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: count + 1 }, (_, i) => Number((i * step).toFixed(decimals)));
}

/** An X axis over steps 0…`maxStep` with round ticks. */
export function stepAxis(maxStep: number): RoundAxis {
  const ticks = roundTicks(maxStep);
  return { domain: [0, ticks[ticks.length - 1]], ticks };
}

/** A value axis from 0 over non-negative `values` (non-finite ones, e.g. a diverged loss, ignored). */
export function valueAxis(values: number[]): RoundAxis {
  return stepAxis(Math.max(0, ...values.filter(Number.isFinite)));
}
