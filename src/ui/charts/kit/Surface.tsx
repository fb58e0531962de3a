/**
 * The plot area every chart of the kit draws in: a <div> sized by the container (or a fixed height)
 * holding the SVG and the tooltip. With `labelledBy` the SVG is an "application" named by the chart's
 * caption, stepped through with the arrow keys (useActiveIndex); without, it is hidden from assistive
 * technology (the numbers are given in text beside it).
 */
import type { KeyboardEvent, PointerEvent, ReactNode, Ref } from 'react';

import { useActiveIndex } from './Tooltip';
import { useSize } from './use-size';

export interface SurfaceProps {
  plotRef: Ref<HTMLDivElement>;
  /** px, measured or given; nothing is drawn until both are known. */
  width: number;
  height: number;
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
  return (
    <div className="chart-plot" ref={p.plotRef} style={p.fixedHeight ? { height: p.fixedHeight } : undefined}>
      {p.width > 0 && p.height > 0 && (
        <svg
          className="chart-surface"
          width={p.width}
          height={p.height}
          {...keyboard}
          onPointerMove={p.onPointerMove}
          onPointerLeave={p.onPointerLeave}
        >
          {p.desc && <desc>{p.desc}</desc>}
          {p.children}
        </svg>
      )}
      {p.tooltip}
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
  const width = props.width ?? size.width;
  const height = props.height ?? size.height;
  const surface = {
    plotRef,
    width,
    height,
    fixedHeight: props.height,
    labelledBy: props.labelledBy,
    desc: props.desc,
    onKeyDown,
    onBlur,
    onPointerLeave: () => setActive(null),
  };
  return { width, height, active, setActive, surface };
}
