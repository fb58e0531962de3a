/**
 * The design tokens keep their promises, computed from styles.css itself: text >= 4.5:1 and chart lines
 * >= 3:1 against the page and the panels in both themes (WCAG 2.1, 1.4.3 and 1.4.11), domain colours
 * apart for protan, deutan and tritan vision too, overlaid runs in hues no domain uses.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { contrastRatio, deltaE2000, perceived, type Vision } from '../../testing/colour-vision';
import {
  CATEGORICAL_COLORS,
  DOMAIN_COLORS,
  METHOD_COLORS,
  OOD_MEAN_COLOR,
  RUN_COLORS,
  SERIES_COLORS,
  SWEEP_FILL,
} from './palette';

const css = readFileSync(new URL('../styles.css', import.meta.url), 'utf8');

/** The declarations of the first block that opens with `opening` (custom properties only). */
function block(opening: string, from = 0): Record<string, string> {
  const start = css.indexOf(opening, from);
  if (start < 0) throw new Error(`styles.css has no block ${opening}`);
  const body = css.slice(start + opening.length, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

const light = block(':root {\n');
const meanings = block(':root {\n', css.indexOf(':root {\n') + 1);
const darkBySystem = block(":root:not([data-theme='light']) {\n");
const darkForced = block(":root[data-theme='dark'] {\n");
const THEMES = { light: { ...meanings, ...light }, dark: { ...meanings, ...light, ...darkForced } };
type Theme = keyof typeof THEMES;

/** A token's '#rrggbb' in a theme, following var() references. */
function resolve(value: string, theme: Theme): string {
  const ref = /^var\((--[\w-]+)\)$/.exec(value.trim());
  if (!ref) return value;
  const next = THEMES[theme][ref[1]];
  if (next === undefined) throw new Error(`${ref[1]} is not defined`);
  return resolve(next, theme);
}
const color = (name: string, theme: Theme): string => resolve(`var(${name})`, theme);

const VISIONS: Vision[] = ['normal', 'protan', 'deutan', 'tritan'];
const minDeltaE = (a: string[], b: string[], vision: Vision): number =>
  Math.min(
    ...a.flatMap((x) => b.filter((y) => y !== x).map((y) => deltaE2000(perceived(x, vision), perceived(y, vision)))),
  );

const domainLines = [...Object.values(DOMAIN_COLORS), OOD_MEAN_COLOR];
const everyLine = [
  ...domainLines,
  ...RUN_COLORS,
  ...Object.values(METHOD_COLORS),
  SWEEP_FILL,
  ...Object.values(SERIES_COLORS),
  ...CATEGORICAL_COLORS,
];

describe('the theme blocks', () => {
  it('define the dark theme once in meaning: the system-dark and the forced-dark blocks are identical', () => {
    expect(darkBySystem).toEqual(darkForced);
    expect(Object.keys(darkForced).sort()).toEqual(Object.keys(light).sort());
  });

  it('hold every colour literal: rules elsewhere use tokens', () => {
    const outside = css
      .replace(/:root \{\n[^}]*\}/, '')
      .replace(/:root:not\(\[data-theme='light'\]\) \{[^}]*\}/, '')
      .replace(/:root\[data-theme='dark'\] \{[^}]*\}/, '');
    expect(outside.match(/#[0-9a-f]{3,8}\b/gi) ?? []).toEqual([]);
  });

  it('give every palette colour a #rrggbb value in both themes', () => {
    for (const theme of ['light', 'dark'] as const)
      for (const line of everyLine) expect(resolve(line, theme)).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe.each(['light', 'dark'] as const)('the %s theme', (theme) => {
  const grounds = ['--color-bg', '--color-surface'].map((n) => color(n, theme));

  it('has text at >= 4.5:1 on the page, the panels, and the tinted notices and drop zone', () => {
    const pairs: [string, string][] = [
      // --color-axis: the charts draw tick labels in the axis colour
      ...['--color-text', '--color-text-muted', '--color-accent', '--color-error', '--color-axis'].flatMap((t) =>
        ['--color-bg', '--color-surface'].map((g): [string, string] => [t, g]),
      ),
      ['--color-text', '--color-warning-bg'],
      ['--color-error', '--color-warning-bg'],
      ['--color-text', '--color-accent-bg'],
      ['--color-accent', '--color-accent-bg'],
      ['--color-surface', '--color-accent'], // the chosen theme in ThemeSwitch
    ];
    for (const [text, ground] of pairs)
      expect(contrastRatio(color(text, theme), color(ground, theme)), `${text} on ${ground}`).toBeGreaterThanOrEqual(
        4.5,
      );
  });

  it('has chart lines and control borders at >= 3:1 on the page and the panels', () => {
    const lines = everyLine.map((l) => resolve(l, theme));
    for (const line of lines)
      for (const ground of grounds)
        expect(contrastRatio(line, ground), `${line} on ${ground}`).toBeGreaterThanOrEqual(3);
    expect(
      contrastRatio(color('--color-border-strong', theme), color('--color-surface', theme)),
    ).toBeGreaterThanOrEqual(3);
  });

  it.each(VISIONS)('keeps the domain colours apart for %s vision (CIEDE2000 >= 10)', (vision) => {
    const domains = domainLines.map((l) => resolve(l, theme));
    expect(new Set(domains).size).toBe(domains.length);
    expect(minDeltaE(domains, domains, vision)).toBeGreaterThanOrEqual(10);
  });

  it.each(VISIONS)('draws overlaid runs in hues no domain uses, apart for %s vision (CIEDE2000 >= 8)', (vision) => {
    const domains = domainLines.map((l) => resolve(l, theme));
    const runs = RUN_COLORS.map((l) => resolve(l, theme));
    expect(runs.filter((r) => domains.includes(r))).toEqual([]);
    expect(minDeltaE(runs, [...domains, ...runs], vision)).toBeGreaterThanOrEqual(8);
  });

  it('gives every method its own colour', () => {
    const methods = Object.values(METHOD_COLORS).map((l) => resolve(l, theme));
    expect(new Set(methods).size).toBe(methods.length);
  });
});

describe('the colour maths', () => {
  it('matches WCAG and CIEDE2000 reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    // Sharma, Wu & Dalal (2005), table 1, pairs 1, 7 and 17
    expect(deltaE2000([50, 2.6772, -79.7751], [50, 0, -82.7485])).toBeCloseTo(2.0425, 4);
    expect(deltaE2000([50, 0, 0], [50, -1, 2])).toBeCloseTo(2.3669, 4);
    expect(deltaE2000([50, 2.5, 0], [73, 25, -18])).toBeCloseTo(27.1492, 4);
  });
});
