/**
 * The projection picture's markup, rendered to a string in Node (no DOM): the SVG's structure follows
 * the geometry, the raw numbers are on data attributes for e2e tests, and degenerate inputs give a
 * message rather than a drawing. The look is checked by eye (screenshots), not here.
 */
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { SCALE_FRACTION, type ProjectionPictureProps } from './projection-geometry';
// @ts-expect-error TS6142: tsconfig.node.json (tests) has no `jsx`, so tsc does not load a .tsx; Vitest does
import { ProjectionPicture as Untyped } from './ProjectionPicture';

const ProjectionPicture = Untyped as FunctionComponent<ProjectionPictureProps>;
const HALF = 160;

const render = (radius: number, wanted: number, projected: number, extra: Partial<ProjectionPictureProps> = {}) =>
  renderToStaticMarkup(
    createElement(ProjectionPicture, { layer: 'conv1/kernel', radius, wanted, projected, step: 120, ...extra }),
  );

/** The value of `attr` on the element carrying data-testid="`testId`". */
function attrOf(html: string, testId: string, attr: string): string | undefined {
  const tag = new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : new RegExp(`\\s${attr}="([^"]*)"`).exec(tag)?.[1];
}

describe('ProjectionPicture markup', () => {
  it('draws the ball, θ̃ and θ on one scale, θ inside the ball, and the arrow when clipped', () => {
    const html = render(0.123, 0.456, 0.123);
    const ballR = Number(attrOf(html, 'projection-ball', 'r'));
    const wantedPx = Number(attrOf(html, 'projection-wanted', 'data-px'));
    const projectedPx = Number(attrOf(html, 'projection-projected', 'data-px'));
    expect(wantedPx).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect(ballR).toBeCloseTo((wantedPx * 0.123) / 0.456, 10);
    expect(projectedPx).toBeLessThanOrEqual(ballR);
    expect(html).toContain(`style="transform:translateX(${wantedPx}px)"`);
    expect(attrOf(html, 'projection-arrow', 'data-shown')).toBe('true');
    expect(attrOf(html, 'projection-statement', 'data-outcome')).toBe('clipped');
    expect(html).toContain('role="img"');
    expect(attrOf(html, 'projection-picture', 'data-clipped')).toBe('true');
  });

  it('carries the raw numbers for tests to compare against a recording', () => {
    const html = render(0.12345678, 0.4567, 0.12345678, { step: 321 });
    expect(attrOf(html, 'projection-picture', 'data-layer')).toBe('conv1/kernel');
    expect(attrOf(html, 'projection-picture', 'data-radius')).toBe('0.12345678');
    expect(attrOf(html, 'projection-picture', 'data-wanted')).toBe('0.4567');
    expect(attrOf(html, 'projection-picture', 'data-projected')).toBe('0.12345678');
    expect(attrOf(html, 'projection-picture', 'data-step')).toBe('321');
  });

  it('prints every number with three significant digits, and the norm', () => {
    const html = render(0.12345678, 0.4567, 0.12345678, { normLabel: 'MARS (max row L1)' });
    expect(html).toContain('<dd data-testid="projection-radius">0.123</dd>');
    expect(html).toContain('<dd data-testid="projection-wanted-value">0.457</dd>');
    expect(html).toContain('<dd data-testid="projection-projected-value">0.123</dd>');
    expect(html).toContain('<dd data-testid="projection-ratio">0.270</dd>');
    expect(html).toContain('(norm: MARS (max row L1))');
    const label = /role="img" aria-label="([^"]*)"/.exec(html)?.[1];
    expect(label).toMatch(/radius γ 0\.123, wanted drift 0\.457, drift after projection 0\.123, ratio r 0\.270/);
  });

  it('says "inside the ball: no projection" and hides the arrow when θ̃ is inside', () => {
    const html = render(0.3, 0.17, 0.17);
    expect(Number(attrOf(html, 'projection-ball', 'r'))).toBeCloseTo(SCALE_FRACTION * HALF, 10);
    expect(attrOf(html, 'projection-arrow', 'data-shown')).toBe('false');
    expect(html).toContain('class="pp-arrow pp-hidden"');
    expect(html).toContain('Inside the ball: no projection');
    expect(attrOf(html, 'projection-statement', 'data-outcome')).toBe('inside');
  });

  it('states an extreme ratio in words and keeps the honest scale', () => {
    const html = render(0.001, 0.2, 0.001);
    expect(Number(attrOf(html, 'projection-ball', 'r'))).toBeCloseTo((SCALE_FRACTION * HALF) / 200, 10);
    expect(html).toContain('the ball is tiny: γ is 0.500 % of the wanted drift');
  });

  it('shows a message, not a drawing, for numbers that are not distances', () => {
    const html = render(NaN, Infinity, 0.1);
    expect(html).not.toContain('<svg');
    expect(html).toMatch(/role="img" aria-label="[^"]*No picture: γ = NaN, ‖θ̃ − θ0‖ = ∞ are not distances/);
    expect(attrOf(html, 'projection-picture', 'data-radius')).toBe('NaN');
    expect(attrOf(html, 'projection-picture', 'data-wanted')).toBe('Infinity');
    expect(attrOf(html, 'projection-picture', 'data-state')).toBe('invalid');
    expect(html).not.toContain('drawn to scale');
  });

  it('draws only θ0 for a layer that has not moved, and a one-point ball for γ = 0', () => {
    const still = render(0, 0, 0);
    expect(still).not.toContain('data-testid="projection-ball"');
    expect(still).toContain('data-testid="projection-anchor"');
    expect(still).toContain('has not moved from θ0');
    expect(still).toContain('<dd data-testid="projection-ratio">—</dd>');
    const point = render(0, 0.3, 0);
    expect(attrOf(point, 'projection-ball', 'r')).toBe('0');
    expect(attrOf(point, 'projection-projected', 'data-px')).toBe('0');
    expect(point).toContain('γ = 0: the ball is a single point');
  });
});
