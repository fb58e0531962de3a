/**
 * Saving a chart, the pure parts: styles inlined on a small fake SVG tree (resolved colours, no var(),
 * inherited values written only where they change), the serialiser's escaping, text wrapping, the
 * export's layout and size, file names, and the caption that says which run and settings a chart shows.
 */
import { describe, expect, it } from 'vitest';

import { DEFAULT_CONFIG } from '../../core/spec/config';
import { FAKE_SPEC } from '../../testing/fake-recording';
import { capLines, MAX_CAPTION_RUNS, runLine } from './chart-caption';
import {
  EXPORT_TYPE,
  exportFileName,
  exportLayout,
  inlineStyles,
  mergeStyles,
  serialiseSvg,
  styleDeclarations,
  wrapText,
  type ExportNode,
  type SourceTree,
} from './chart-export';

/** A fake element: what the page would compute for it, its attributes and children. */
interface Fake {
  name: string;
  attrs?: [string, string][];
  computed?: Record<string, string>;
  children?: (Fake | string)[];
  skip?: boolean;
}
const FAKE_TREE: SourceTree<Fake> = {
  name: (e) => e.name,
  attrs: (e) => e.attrs ?? [],
  computed: (e) => (p) => e.computed?.[p] ?? '',
  children: (e) => e.children ?? [],
  skipped: (e) => e.skip === true,
};
const styleOf = (n: ExportNode | string): string =>
  typeof n === 'string' ? '' : (n.attrs.find(([k]) => k === 'style')?.[1] ?? '');

const AXIS = 'rgb(91, 100, 117)';
const FONT = { 'font-family': 'system-ui, sans-serif', 'font-size': '13px' };

describe('inlineStyles', () => {
  const tree: Fake = {
    name: 'svg',
    attrs: [
      ['class', 'chart-surface'],
      ['tabindex', '0'],
      ['style', 'width: 100%'],
    ],
    computed: { ...FONT, fill: AXIS, stroke: 'none' },
    children: [
      {
        name: 'line',
        // a chart writes the theme's variable as a presentation attribute; the page resolves it
        attrs: [
          ['stroke', 'var(--color-axis)'],
          ['x1', '0'],
          ['data-testid', 'x'],
        ],
        computed: { ...FONT, fill: AXIS, stroke: AXIS },
      },
      {
        name: 'text',
        attrs: [['style', 'transform: translateX(12px); fill: var(--color-text)']],
        computed: { ...FONT, fill: 'rgb(0, 0, 0)', stroke: 'none', opacity: '0.5' },
        children: ['a < b'],
      },
      { name: 'g', skip: true, computed: FONT },
    ],
  };
  const out = inlineStyles(tree, FAKE_TREE, null);
  if (!out) throw new Error('the root was skipped');
  const markup = serialiseSvg(out);

  it('carries resolved colours and no custom property anywhere', () => {
    expect(markup).not.toContain('var(');
    expect(styleOf(out)).toContain(`fill: ${AXIS}`);
    expect(styleOf(out)).toContain('font-family: system-ui, sans-serif');
    expect(styleOf(out.children[0])).toBe(`stroke: ${AXIS}`);
  });
  it('writes an inherited value only where it changes, even back to the initial one', () => {
    // the text is black under a grey parent: without "fill: rgb(0, 0, 0)" it would inherit grey
    expect(styleOf(out.children[1])).toContain('fill: rgb(0, 0, 0)');
    expect(styleOf(out.children[1])).toContain('opacity: 0.5');
    expect(styleOf(out.children[1])).not.toContain('font-size');
  });
  it('keeps the inline transform, drops page-only attributes and skipped elements', () => {
    expect(styleOf(out.children[1])).toContain('transform: translateX(12px)');
    expect(markup).not.toMatch(/tabindex|data-testid|width: 100%/);
    expect(out.children).toHaveLength(2);
    expect(markup).toContain('a &lt; b');
  });
});

describe('styleDeclarations and mergeStyles', () => {
  it('compares a root with the initial values and a non-inherited property always with its initial', () => {
    const parent = (p: string): string => (p === 'opacity' ? '0.5' : '');
    expect(styleDeclarations((p) => (p === 'opacity' ? '0.5' : ''), parent)).toBe('opacity: 0.5');
    expect(styleDeclarations((p) => (p === 'stroke' ? 'none' : ''), null)).toBe('');
  });
  it('lets the computed declarations win and keeps the rest', () => {
    expect(mergeStyles('fill: red', 'FILL: blue; transform: scaleX(2); stroke: var(--x)')).toBe(
      'fill: red; transform: scaleX(2)',
    );
  });
});

describe('serialiseSvg', () => {
  it('adds the namespaces and escapes text and attributes', () => {
    const svg = serialiseSvg({
      name: 'svg',
      attrs: [['aria-label', 'say "hi" & go']],
      children: [{ name: 'use', attrs: [['xlink:href', '#a']], children: [] }],
    });
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"');
    expect(svg).toContain('aria-label="say &quot;hi&quot; &amp; go"');
    expect(svg).toContain('<use xlink:href="#a"/></svg>');
  });
});

describe('layout', () => {
  const measure = (line: string): number => 7 * line.length;
  it('wraps at words, never splitting one', () => {
    expect(wrapText('the quick brown fox', 70, measure)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('  averyveryverylongword x ', 35, measure)).toEqual(['averyveryverylongword', 'x']);
    expect(wrapText('', 100, measure)).toEqual([]);
  });
  it('puts the title above the chart and the caption below, in whole pixels', () => {
    const l = exportLayout({ width: 612.4, height: 240 }, 1, 2);
    expect(l.width).toBe(613);
    expect(l.titleY[0]).toBeLessThan(l.chartY);
    expect(l.captionY[0]).toBeGreaterThan(l.chartY + 240);
    expect(l.captionY[1] - l.captionY[0]).toBeCloseTo(EXPORT_TYPE.captionSize * EXPORT_TYPE.leading);
    expect(l.height).toBeGreaterThanOrEqual(Math.ceil(l.captionY[1] + EXPORT_TYPE.pad / 2));
    expect(Number.isInteger(l.height)).toBe(true);
    expect(exportLayout({ width: 100, height: 50 }, 0, 0)).toMatchObject({ width: 100, height: 50, chartY: 0 });
  });
  it('names the file after the chart and the time it was saved', () => {
    expect(exportFileName('Per-layer drift chart', 'svg', new Date(2026, 11, 4, 9, 5))).toBe(
      'tpgm-per-layer-drift-chart-2026-12-04-0905.svg',
    );
  });
});

describe('caption', () => {
  it('names the run, method and its settings, dataset, model, seed and when', () => {
    const line = runLine('TPGM', FAKE_SPEC, 'recorded 2026-12-02 · wasm · seed 0');
    // a run named by its method (the lecture's tracks) says the method once
    expect(line).toMatch(/^TPGM \(.*Radius .*MARS norm\) · mnist · cnn-small-mnist \(pre-trained\) · seed 0 · /);
    expect(line).toContain('20 steps, batch 32 · SGD lr 0.01, cosine · ID clean, 1 OOD domain · recorded 2026-12-02');
    const l2 = { ...FAKE_SPEC, config: { ...DEFAULT_CONFIG, method: 'l2-sp' as const, seed: 3 } };
    expect(runLine('run 2', l2, '')).toContain(
      'run 2: L2-SP (α (pull of the backbone towards θ0) 0.1, β (L2 on the head) 0.01)',
    );
    expect(runLine('run 2', l2, '')).toContain('seed 3');
  });
  it('describes at most MAX_CAPTION_RUNS lines and counts the rest', () => {
    const many = Array.from({ length: 9 }, (_, i) => `run ${i}`);
    expect(capLines(many)).toHaveLength(MAX_CAPTION_RUNS);
    expect(capLines(many).at(-1)).toBe(`and ${9 - MAX_CAPTION_RUNS + 1} more runs`);
    expect(capLines(many.slice(0, 2))).toEqual(['run 0', 'run 1']);
  });
});
