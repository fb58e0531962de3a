/**
 * The plot area every chart of the kit draws in: a <div> sized by the container (or a fixed height)
 * holding the SVG and the tooltip. With `labelledBy` the SVG is an "application" named by the chart's
 * caption, stepped through with the arrow keys (useActiveIndex); without, it is hidden from assistive
 * technology (the numbers are given in text beside it). A chart that fills a large container (full
 * screen) is drawn smaller and scaled up by CSS, text and all (text-scale.ts).
 */
import type { CSSProperties, KeyboardEvent, PointerEvent, ReactNode, Ref } from 'react';

import { textScale } from './text-scale';
import { useActiveIndex } from './Tooltip';
import { useSize } from './use-size';

export interface SurfaceProps {
  plotRef: Ref<HTMLDivElement>;
  /** px of the drawing (the measured size over `scale`, or given); nothing is drawn until both are known. */
  width: number;
  height: number;
  /** How much larger the drawing is shown than it is drawn (1: as drawn). */
  scale: number;
  /** A height the chart asked for (else it fills its container's). */
  fixedHeight?: number;
  labelledBy?: string;
  /** The <desc>: how to read the chart from the keyboard. */
  desc?: string;
  onKeyDown(e: KeyboardEvent): void;
  onBlur(): void;
  onPointerMove(e: PointerEvent<SVGSVGElement>): void;
  onPointerLeave(): void;
  /** The tooltip box, drawn over the SVG. */
  tooltip: ReactNode;
  children: ReactNode;
}

export function Surface(p: SurfaceProps) {
  const keyboard =
    p.labelledBy !== undefined
      ? { role: 'application', 'aria-labelledby': p.labelledBy, tabIndex: 0, onKeyDown: p.onKeyDown, onBlur: p.onBlur }
      : { 'aria-hidden': true };
  // scaled from the top left corner, so the drawing fills the plot area it was measured in
  const scaled: CSSProperties | undefined =
    p.scale === 1 ? undefined : { transform: `scale(${p.scale})`, transformOrigin: '0 0' };
  return (
    <div className="chart-plot" ref={p.plotRef} style={p.fixedHeight ? { height: p.fixedHeight } : undefined}>
      {p.width > 0 && p.height > 0 && (
        <svg
          className="chart-surface"
          width={p.width}
          height={p.height}
          style={scaled}
          {...keyboard}
          onPointerMove={p.onPointerMove}
          onPointerLeave={p.onPointerLeave}
        >
          {p.desc && <desc>{p.desc}</desc>}
          {p.children}
        </svg>
      )}
      {scaled ? (
        // the tooltip is placed in the drawing's px: it takes the same scale in a box of the drawing's size
        <div className="chart-scaled-layer" style={{ ...scaled, width: p.width, height: p.height }}>
          {p.tooltip}
        </div>
      ) : (
        p.tooltip
      )}
    </div>
  );
}

/**
 * What every chart of the kit starts with: its size (given, or its container's), the item chosen by
 * pointer or keys among `count`, and the Surface's props but for the pointer and the tooltip.
 */
export function usePlot(props: { width?: number; height?: number; labelledBy?: string; desc?: string }, count: number) {
  const [plotRef, size] = useSize<HTMLDivElement>();
  const { active, setActive, onKeyDown, onBlur } = useActiveIndex(count);
  // only a chart that fills its container grows with it (the lab's charts have a fixed height)
  const scale = props.width === undefined && props.height === undefined ? textScale(size.width, size.height) : 1;
  const width = props.width ?? size.width / scale;
  const height = props.height ?? size.height / scale;
  const surface = {
    plotRef,
    width,
    height,
    scale,
    fixedHeight: props.height,
    labelledBy: props.labelledBy,
    desc: props.desc,
    onKeyDown,
    onBlur,
    onPointerLeave: () => setActive(null),
  };
  return { width, height, scale, active, setActive, surface };
}

/** The pointer in the drawing's px (the SVG's own coordinates), whatever scale it is shown at. */
export function pointerAt(e: PointerEvent<SVGSVGElement>, scale: number): { x: number; y: number } {
  const r = e.currentTarget.getBoundingClientRect();
  return { x: (e.clientX - r.left) / scale, y: (e.clientY - r.top) / scale };
}
