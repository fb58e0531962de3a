import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  EXTREME_RATIO,
  SCALE_FRACTION,
  formatSig3,
  pointOnRay,
  projectionAriaLabel,
  projectionGeometry,
  projectionStatement,
  type ProjectionPictureProps,
} from './projection-geometry';

const HALF = 160;
const props = (radius: number, wanted: number, projected: number): ProjectionPictureProps => ({
  layer: 'conv1/kernel',
  radius,
  wanted,
  projected,
  step: 120,
});
const geometry = (radius: number, wanted: number, projected: number) =>
  projectionGeometry({ radius, wanted, projected }, HALF);

describe('projectionGeometry: one honest linear scale', () => {
  it('maps the larger of ‖θ̃ − θ0‖ and γ to the chosen fraction of the half-width', () => {
    const clipped = geometry(0.123, 0.456, 0.123);
    expect(clipped.wantedPx).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect(clipped.radiusPx).toBeCloseTo((SCALE_FRACTION * HALF * 0.123) / 0.456, 10);
    const inside = geometry(0.3, 0.17, 0.17);
    expect(inside.radiusPx).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect(inside.wantedPx).toBeCloseTo((SCALE_FRACTION * HALF * 0.17) / 0.3, 10);
    expect(projectionGeometry({ radius: 2, wanted: 1, projected: 1 }, 100, 0.5).radiusPx).toBeCloseTo(50, 10);
  });

  it('draws every distance with the same pixels per unit, whatever the magnitudes', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-9, max: 1e6, noNaN: true }),
        (radius, wanted) => {
          const projected = Math.min(radius, wanted);
          const g = geometry(radius, wanted, projected);
          expect(g.state).toBe('drawn');
          expect(Math.max(g.radiusPx, g.wantedPx)).toBeCloseTo(SCALE_FRACTION * HALF, 8);
          expect(g.radiusPx / g.pxPerUnit).toBeCloseTo(radius, 6 - Math.log10(radius));
          expect(g.wantedPx / g.pxPerUnit).toBeCloseTo(wanted, 6 - Math.log10(wanted));
          expect(g.projectedPx / g.pxPerUnit).toBeCloseTo(projected, 6 - Math.log10(projected));
        },
      ),
    );
  });

  it('shows θ inside the circle whenever ‖θ − θ0‖ ≤ γ, and θ̃ outside it exactly when it is clipped', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1e3, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (radius, wanted, fraction) => {
          const projected = Math.min(radius, wanted) * fraction;
          const g = geometry(radius, wanted, projected);
          const theta = pointOnRay(g.projectedPx, 30);
          expect(Math.hypot(theta.x, theta.y)).toBeLessThanOrEqual(g.radiusPx * (1 + 1e-12));
          expect(g.projectedOutside).toBe(false);
          const tilde = pointOnRay(g.wantedPx, 30);
          if (g.clipped) expect(Math.hypot(tilde.x, tilde.y)).toBeGreaterThan(g.radiusPx);
        },
      ),
    );
  });

  it('places a point on the ray, angle degrees above the horizontal (SVG y grows down)', () => {
    const p = pointOnRay(2, 30);
    expect(p.x).toBeCloseTo(Math.sqrt(3), 12);
    expect(p.y).toBeCloseTo(-1, 12);
    expect(pointOnRay(1, -90).y).toBeCloseTo(1, 12);
  });
});

describe('projectionGeometry: clipped, ratio, extremes', () => {
  it('is clipped when the step wanted more than γ, beyond rounding', () => {
    expect(geometry(0.1, 0.4, 0.1).clipped).toBe(true);
    expect(geometry(0.1, 0.05, 0.05).clipped).toBe(false);
    // TPGM clamps γ to the drift itself: on the boundary is "inside", and so is a float32 rounding above it
    expect(geometry(0.2, 0.2, 0.2).clipped).toBe(false);
    expect(geometry(0.2, 0.2 * (1 + 1e-6), 0.2).clipped).toBe(false);
    expect(geometry(0.2, 0.2 * 1.01, 0.2).clipped).toBe(true);
  });

  it('gives r = ‖θ − θ0‖ / ‖θ̃ − θ0‖, or none when the step wanted no drift', () => {
    expect(geometry(0.1, 0.4, 0.1).ratio).toBeCloseTo(0.25, 12);
    expect(geometry(0.3, 0.17, 0.17).ratio).toBe(1);
    expect(geometry(0.3, 0, 0).ratio).toBeNull();
  });

  it('flags a ball or a step under 2 % of the other, instead of faking the scale', () => {
    const ball = geometry(0.001, 0.1, 0.001);
    expect(ball.extreme).toEqual({ tiny: 'ball', percent: expect.closeTo(1, 10) as number });
    expect(ball.radiusPx).toBeCloseTo((SCALE_FRACTION * HALF) / 100, 10);
    expect(geometry(0.5, 0.004, 0.004).extreme).toEqual({ tiny: 'step', percent: expect.closeTo(0.8, 10) as number });
    expect(geometry(0.03, 1, 0.03).extreme).toBeNull();
    expect(geometry(EXTREME_RATIO, 1, EXTREME_RATIO).extreme).toBeNull();
  });
});

describe('projectionGeometry: degenerate inputs', () => {
  it('refuses NaN, ±∞ and negative distances', () => {
    for (const [r, w, p] of [
      [NaN, 1, 1],
      [1, Infinity, 1],
      [1, 1, -Infinity],
      [-0.1, 1, 0.1],
      [1, 1, NaN],
    ]) {
      const g = geometry(r, w, p);
      expect(g.state).toBe('invalid');
      expect(g.pxPerUnit).toBe(0);
      expect(g.clipped).toBe(false);
    }
  });

  it('draws nothing to scale for a layer that has not moved (γ = 0, no drift)', () => {
    const g = geometry(0, 0, 0);
    expect(g.state).toBe('still');
    expect([g.radiusPx, g.wantedPx, g.projectedPx, g.pxPerUnit]).toEqual([0, 0, 0, 0]);
    expect(g.ratio).toBeNull();
  });

  it('γ = 0 with a drift: a ball of one point, θ back at θ0', () => {
    const g = geometry(0, 0.3, 0);
    expect(g.state).toBe('drawn');
    expect(g.radiusPx).toBe(0);
    expect(g.wantedPx).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect(g.clipped).toBe(true);
    expect(g.ratio).toBe(0);
    expect(g.extreme).toBeNull();
  });

  it('no drift inside a ball: θ̃ = θ = θ0, nothing clipped', () => {
    const g = geometry(0.3, 0, 0);
    expect(g.state).toBe('drawn');
    expect(g.radiusPx).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect([g.wantedPx, g.projectedPx]).toEqual([0, 0]);
    expect(g.clipped).toBe(false);
  });

  it('keeps θ in the picture when its numbers contradict the projection, and says so', () => {
    const g = geometry(0.1, 0.1, 0.3);
    expect(g.projectedOutside).toBe(true);
    expect(g.projectedPx).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect(projectionStatement(props(0.1, 0.1, 0.3), g)).toMatch(/θ lies outside the ball/);
  });
});

describe('formatSig3', () => {
  it('prints three significant digits, as a person reads them', () => {
    expect(formatSig3(0.123456)).toBe('0.123');
    expect(formatSig3(0.5)).toBe('0.500');
    expect(formatSig3(45.678)).toBe('45.7');
    expect(formatSig3(120)).toBe('120');
    expect(formatSig3(0.000123456)).toBe('0.000123');
    expect(formatSig3(1234)).toBe('1.23 × 10³');
    expect(formatSig3(999.6)).toBe('1.00 × 10³');
    expect(formatSig3(45678)).toBe('4.57 × 10⁴');
    expect(formatSig3(1.234e-7)).toBe('1.23 × 10⁻⁷');
    expect(formatSig3(2.5e-12)).toBe('2.50 × 10⁻¹²');
    expect(formatSig3(-0.5)).toBe('−0.500');
    expect(formatSig3(0)).toBe('0');
  });

  it('names what is not a number', () => {
    expect(formatSig3(NaN)).toBe('NaN');
    expect(formatSig3(Infinity)).toBe('∞');
    expect(formatSig3(-Infinity)).toBe('−∞');
  });
});

describe('projectionStatement and projectionAriaLabel', () => {
  const say = (radius: number, wanted: number, projected: number) =>
    projectionStatement(props(radius, wanted, projected), geometry(radius, wanted, projected));

  it('says what the projection did', () => {
    expect(say(0.123, 0.456, 0.123)).toBe(
      'Outside the ball: the step wanted 3.71 × γ, so θ is projected back to the ball (r = 0.270).',
    );
    expect(say(0.3, 0.17, 0.17)).toBe('Inside the ball: no projection (θ = θ̃).');
    expect(say(0.2, 0.2, 0.2)).toBe('Inside the ball: no projection (θ = θ̃).');
    expect(say(0.3, 0, 0)).toMatch(/^Inside the ball: no projection\. The step wanted no drift/);
    expect(say(0, 0.3, 0)).toMatch(/^γ = 0: the ball is a single point/);
    expect(say(0, 0, 0)).toMatch(/has not moved from θ0/);
  });

  it('says when the honest scale makes something too small to see', () => {
    expect(say(0.001, 0.1, 0.001)).toMatch(/one linear scale, the ball is tiny: γ is 1\.00 % of the wanted drift/);
    expect(say(0.5, 0.004, 0.004)).toMatch(/one linear scale, the step is tiny: the wanted drift is 0\.800 % of γ/);
  });

  it('names the numbers that are not distances', () => {
    expect(say(NaN, 0.2, 0.1)).toBe('No picture: γ = NaN is not a distance (a distance is a finite number ≥\u00a00).');
    expect(say(NaN, Infinity, 0.1)).toMatch(/^No picture: γ = NaN, ‖θ̃ − θ0‖ = ∞ are not distances/);
  });

  it('gives the accessible name every number', () => {
    const p = props(0.123, 0.456, 0.123);
    const label = projectionAriaLabel(p, projectionGeometry(p, HALF));
    expect(label).toMatch(/^Projection of conv1\/kernel at step 120: /);
    for (const text of ['radius γ 0.123', 'wanted drift 0.456', 'after projection 0.123', 'ratio r 0.270']) {
      expect(label).toContain(text);
    }
    expect(label).toContain('Outside the ball');
  });
});
