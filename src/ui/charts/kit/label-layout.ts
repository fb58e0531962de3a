/**
 * Where a scatter chart prints each point's name, so that names do not print over each other, over
 * another point or out of the plot (the lecture's LP and TPGM end a fraction of a point apart and
 * their names ran together). Greedy, in the order given (most important first): each name takes the
 * first of its preferred side, right, left, above and below that collides with nothing placed so far;
 * where every side collides, the one that collides least.
 */
export type LabelSide = 'left' | 'right' | 'bottom' | 'top';

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A name to place: its point (px), its measured size and the side its chart would choose. */
export interface LabelRequest {
  x: number;
  y: number;
  width: number;
  height: number;
  side: LabelSide;
}

/** The gap between a marker's edge and its name. */
export const LABEL_GAP = 4;

/** The box a name of `w` × `h` takes on `side` of a marker of radius `r` at (x, y). */
export function labelRect(x: number, y: number, w: number, h: number, side: LabelSide, r: number): Rect {
  const off = r + LABEL_GAP;
  switch (side) {
    case 'right':
      return { left: x + off, right: x + off + w, top: y - h / 2, bottom: y + h / 2 };
    case 'left':
      return { left: x - off - w, right: x - off, top: y - h / 2, bottom: y + h / 2 };
    case 'bottom':
      return { left: x - w / 2, right: x + w / 2, top: y + off, bottom: y + off + h };
    case 'top':
      return { left: x - w / 2, right: x + w / 2, top: y - off - h, bottom: y - off };
  }
}

const overlap = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) *
  Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));

const area = (a: Rect): number => (a.right - a.left) * (a.bottom - a.top);

/**
 * A side for each request (same order). `markers` are every point drawn (px; a name's own point is
 * among them and never in its way), `r` their radius, `bounds` the area names must stay inside.
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  markers: readonly { x: number; y: number }[],
  r: number,
  bounds: Rect,
): LabelSide[] {
  const markerRects = markers.map((m) => ({ left: m.x - r, right: m.x + r, top: m.y - r, bottom: m.y + r }));
  const placed: Rect[] = [];
  return requests.map((q) => {
    const sides = [...new Set<LabelSide>([q.side, 'right', 'left', 'top', 'bottom'])];
    let best: { side: LabelSide; rect: Rect; cost: number } | null = null;
    for (const side of sides) {
      const rect = labelRect(q.x, q.y, q.width, q.height, side, r);
      const inside = overlap(rect, bounds);
      const cost =
        area(rect) -
        inside +
        placed.reduce((c, p) => c + overlap(rect, p), 0) +
        markerRects.reduce((c, m) => c + overlap(rect, m), 0);
      if (best === null || cost < best.cost) best = { side, rect, cost };
      if (cost === 0) break;
    }
    placed.push(best!.rect);
    return best!.side;
  });
}
