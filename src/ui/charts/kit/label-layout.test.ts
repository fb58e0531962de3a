import { describe, expect, it } from 'vitest';

import { labelRect, placeLabels, type LabelRequest, type Rect } from './label-layout';

const R = 5;
const bounds: Rect = { left: 0, top: 0, right: 400, bottom: 300 };
const name = (x: number, y: number, side: LabelRequest['side'] = 'right', width = 40): LabelRequest => ({
  x,
  y,
  width,
  height: 16,
  side,
});
const intersect = (a: Rect, b: Rect): boolean =>
  Math.min(a.right, b.right) > Math.max(a.left, b.left) && Math.min(a.bottom, b.bottom) > Math.max(a.top, b.top);

describe('placeLabels', () => {
  it('keeps every name on the side asked for where nothing is in its way', () => {
    const requests = [name(50, 50), name(200, 150, 'left'), name(300, 250, 'bottom', 20)];
    expect(placeLabels(requests, requests, R, bounds)).toEqual(['right', 'left', 'bottom']);
  });

  it('parts two names that would print over each other (LP and TPGM ending together), clear of both points', () => {
    // two points 8 px apart, both asking for the right: their names ran together
    const requests = [name(200, 100), name(208, 102)];
    const sides = placeLabels(requests, requests, R, bounds);
    const rects = requests.map((q, i) => labelRect(q.x, q.y, q.width, q.height, sides[i], R));
    const markers = requests.map((q) => ({ left: q.x - R, right: q.x + R, top: q.y - R, bottom: q.y + R }));
    expect(intersect(rects[0], rects[1])).toBe(false);
    for (const rect of rects) for (const m of markers) expect(intersect(rect, m)).toBe(false);
    // asked for the right, both on the right: they overlap (what the chart drew before)
    const asked = requests.map((q) => labelRect(q.x, q.y, q.width, q.height, 'right', R));
    expect(intersect(asked[0], asked[1])).toBe(true);
  });

  it('keeps names inside the plot: a point at the right edge is named on its left', () => {
    expect(placeLabels([name(395, 100)], [{ x: 395, y: 100 }], R, bounds)).toEqual(['left']);
    expect(placeLabels([name(200, 296, 'bottom')], [{ x: 200, y: 296 }], R, bounds)).not.toContain('bottom');
  });

  it('keeps a name off another point', () => {
    // a reference point sits right where the name would go
    const sides = placeLabels(
      [name(100, 100)],
      [
        { x: 100, y: 100 },
        { x: 125, y: 100 },
      ],
      R,
      bounds,
    );
    expect(sides).toEqual(['left']);
  });

  it('takes the side that collides least where every side collides', () => {
    // a crowd of names around one point: still one side each
    const requests = Array.from({ length: 6 }, (_, i) => name(200 + i, 100 + i));
    const sides = placeLabels(requests, requests, R, bounds);
    expect(sides).toHaveLength(6);
    expect(new Set(sides).size).toBe(4); // spread over all four sides, not piled on one
  });
});
