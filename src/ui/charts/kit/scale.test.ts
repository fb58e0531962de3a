import { describe, expect, it } from 'vitest';

import { clamp, errorBar, linePath, linearScale, nearestIndex, plotBox, starPath } from './scale';

describe('plotBox', () => {
  it('is the chart less its margins, never narrower or shorter than 1 px', () => {
    expect(plotBox(600, 240, { top: 8, right: 16, bottom: 26, left: 40 })).toEqual({
      width: 600,
      height: 240,
      left: 40,
      top: 8,
      right: 584,
      bottom: 214,
    });
    const tiny = plotBox(30, 20, { top: 8, right: 16, bottom: 26, left: 40 });
    expect(tiny.right).toBe(41);
    expect(tiny.bottom).toBe(9);
  });
});

describe('linearScale', () => {
  it('maps the domain onto the range, backwards too (y grows downwards)', () => {
    const x = linearScale([0, 200], [40, 584]);
    expect(x(0)).toBe(40);
    expect(x(200)).toBe(584);
    expect(x(100)).toBe(312);
    const y = linearScale([0, 100], [214, 8]);
    expect(y(0)).toBe(214);
    expect(y(100)).toBe(8);
    expect(y(50)).toBe(111);
  });

  it('gives finite pixels for an empty domain', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(0);
  });
});

describe('linePath', () => {
  const id = (v: number): number => v;
  it('moves to the first point and draws to the rest, rounded to 0.1 px', () => {
    expect(
      linePath(
        [
          { x: 0, y: 1.234 },
          { x: 10, y: 2 },
          { x: 20, y: 3.05 },
        ],
        id,
        id,
      ),
    ).toBe('M0,1.2L10,2L20,3.1');
  });

  it('breaks the line at a non-finite value, or skips it when asked to connect', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: Number.NaN },
      { x: 2, y: 3 },
    ];
    expect(linePath(points, id, id)).toBe('M0,1M2,3');
    expect(linePath(points, id, id, true)).toBe('M0,1L2,3');
    expect(linePath([], id, id)).toBe('');
  });
});

describe('nearestIndex and clamp', () => {
  it('finds the step nearest a pointer, -1 for none', () => {
    expect(nearestIndex([0, 40, 80, 120], 55)).toBe(1);
    expect(nearestIndex([0, 40, 80, 120], 70)).toBe(2);
    expect(nearestIndex([0, 40], 1e9)).toBe(1);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('keeps a value inside its bounds', () => {
    expect(clamp(5, 0, 3)).toBe(3);
    expect(clamp(-1, 0, 3)).toBe(0);
    expect(clamp(2, 0, 3)).toBe(2);
  });
});

describe('starPath', () => {
  it('is a closed path of ten corners within the outer radius', () => {
    const d = starPath(10, 10, 6);
    const corners = d
      .replace(/^M|Z$/g, '')
      .split('L')
      .map((p) => p.split(',').map(Number));
    expect(corners).toHaveLength(10);
    for (const [x, y] of corners) expect(Math.hypot(x - 10, y - 10)).toBeLessThanOrEqual(6.1);
    expect(d.endsWith('Z')).toBe(true);
  });
});

describe('errorBar', () => {
  it('spans its ends along its axis, with a cap across each end', () => {
    expect(errorBar([10, 30], 50, 'x')).toBe('M10,50H30M10,46v8M30,46v8');
    expect(errorBar([80, 40], 20, 'y')).toBe('M20,80V40M16,80h8M16,40h8');
  });
});
