/**
 * What a chart shows for the point (or step, or bar) under the pointer or chosen with the arrow keys: a
 * box of its values inside the chart (one that left it would be clipped by the panel), and the keyboard
 * handling that makes the chart's SVG an "application" to step through (Home/End jump to the ends).
 */
import { useState, type KeyboardEvent } from 'react';

import { clamp } from './scale';

export interface TooltipRow {
  key: string;
  name: string;
  value: string;
  color: string;
}

/** The chosen index (null: none) and the keys that move it among `count` items. */
export function useActiveIndex(count: number) {
  const [active, setActive] = useState<number | null>(null);
  const shown = active !== null && active < count ? active : null;
  const onKeyDown = (e: KeyboardEvent): void => {
    if (count === 0) return;
    const at = shown ?? -1;
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowUp'
        ? at + 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowDown'
          ? at < 0
            ? count - 1
            : at - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? count - 1
              : e.key === 'Escape'
                ? null
                : undefined;
    if (next === undefined) return;
    e.preventDefault();
    setActive(next === null ? null : clamp(next, 0, count - 1));
  };
  return { active: shown, setActive, onKeyDown, onBlur: () => setActive(null) };
}

/** The box, at (x, y) px in the chart, flipped to the other side of the point near the right edge. */
export function TooltipBox({
  x,
  y,
  width,
  title,
  rows,
}: {
  x: number;
  y: number;
  width: number;
  title: string;
  rows: readonly TooltipRow[];
}) {
  const left = x > width * 0.6;
  return (
    <div
      className="chart-tooltip"
      role="status"
      style={{ top: Math.max(0, y), ...(left ? { right: width - x + 12 } : { left: x + 12 }) }}
    >
      <div className="chart-tooltip-title">{title}</div>
      {rows.map((r) => (
        <div key={r.key} className="chart-tooltip-row">
          <svg width="10" height="10" aria-hidden="true">
            <rect width="10" height="10" fill={r.color} />
          </svg>
          {r.name}: {r.value}
        </div>
      ))}
    </div>
  );
}
