/**
 * The hand-drawn charts' markup, rendered to a string in Node at a fixed width (no DOM, so no
 * ResizeObserver): one path per line series in its colour and dash, bars only for finite values and
 * outlined when asked, a stopped run's marker hollow, every tick labelled, the legend's names, and the
 * SVG an "application" named by its caption. The look is checked by eye (screenshots), not here.
 */
import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

// @ts-expect-error TS6142: tsconfig.node.json (tests) has no `jsx`, so tsc does not load a .tsx; Vitest does
import { BarPlot as UntypedBar } from './BarPlot';
// @ts-expect-error TS6142: as above
import { LinePlot as UntypedLine } from './LinePlot';
// @ts-expect-error TS6142: as above
import { ScatterPlot as UntypedScatter } from './ScatterPlot';

/** The props the tests pass; the components' own types are checked where the app uses them. */
type Props = Record<string, unknown>;
const LinePlot = UntypedLine as FunctionComponent<Props>;
const BarPlot = UntypedBar as FunctionComponent<Props>;
const ScatterPlot = UntypedScatter as FunctionComponent<Props>;

const MARGIN = { top: 8, right: 16, bottom: 26, left: 40 };
const fmt = (v: number): string => `${v}`;
const tags = (html: string, name: string, cls: string): string[] =>
  html.match(new RegExp(`<${name}[^>]*class="${cls}"[^>]*>`, 'g')) ?? [];
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** The text of each legend entry (its icon's markup left out). */
const legendNames = (html: string): string[] =>
  [...html.matchAll(/class="chart-legend-item"[^>]*>(.*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]*>/g, ''));
const texts = (html: string, cls: string): string[] =>
  [...html.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]*)<`, 'g'))].map((m) => m[1]);

describe('LinePlot', () => {
  const html = renderToStaticMarkup(
    createElement(LinePlot, {
      labelledBy: 'cap',
      desc: 'keys',
      width: 400,
      height: 200,
      margin: MARGIN,
      x: { domain: [0, 100], ticks: [0, 50, 100] },
      y: { domain: [0, 1], ticks: [0, 0.5, 1] },
      formatX: fmt,
      formatY: fmt,
      series: [
        {
          key: 'a',
          name: 'Clean',
          color: 'var(--domain-clean)',
          points: [
            { x: 0, y: 0 },
            { x: 100, y: 1 },
          ],
        },
        {
          key: 'b',
          name: 'OOD mean',
          color: 'var(--ood-mean)',
          dash: '6 3',
          points: [
            { x: 0, y: 1 },
            { x: 50, y: Number.NaN },
            { x: 100, y: 0.5 },
          ],
        },
      ],
    }),
  );

  it('draws one path per series, in its colour and dash, from the plot corner to the other', () => {
    const lines = tags(html, 'path', 'chart-line');
    expect(lines).toHaveLength(2);
    expect(attr(lines[0], 'stroke')).toBe('var(--domain-clean)');
    expect(attr(lines[0], 'd')).toBe('M40,174L384,8');
    expect(attr(lines[1], 'stroke-dasharray')).toBe('6 3');
    expect(attr(lines[1], 'd')).toBe('M40,8M384,91'); // the NaN is a gap
  });

  it('labels every tick, names the SVG by its caption and lists the series in the legend', () => {
    expect(texts(html, 'chart-tick')).toEqual(['0', '50', '100', '0', '0.5', '1']);
    expect(html).toMatch(/<svg[^>]*role="application"[^>]*aria-labelledby="cap"/);
    expect(html).toContain('<desc>keys</desc>');
    expect(texts(html, 'chart-legend-item-text')).toEqual(['Clean', 'OOD mean']);
  });

  it('draws nothing until it knows its width', () => {
    const unsized = renderToStaticMarkup(
      createElement(LinePlot, {
        labelledBy: 'c',
        height: 200,
        margin: MARGIN,
        x: { domain: [0, 1], ticks: [] },
        y: { domain: [0, 1], ticks: [] },
        formatX: fmt,
        formatY: fmt,
        series: [],
      }),
    );
    expect(unsized).not.toContain('<svg class="chart-surface"');
    expect(unsized).toContain('class="chart-plot"');
  });
});

describe('BarPlot', () => {
  const html = renderToStaticMarkup(
    createElement(BarPlot, {
      width: 300,
      height: 200,
      margin: MARGIN,
      categories: ['conv1', 'conv2'],
      y: { domain: [0, 10], ticks: [0, 5, 10] },
      formatY: fmt,
      series: [
        { key: 'moved', name: 'moved', color: 'red', values: [5, 10], label: (v: number) => `${v}` },
        { key: 'wanted', name: 'wanted', color: 'red', outline: true, values: [Number.NaN, 10] },
      ],
    }),
  );

  it('draws a bar per finite value, filled or outlined, with its value on top', () => {
    const bars = tags(html, 'rect', 'chart-bar');
    expect(bars).toHaveLength(3);
    expect(bars.map((b) => attr(b, 'fill'))).toEqual(['red', 'red', 'none']);
    expect(attr(bars[2], 'stroke-dasharray')).toBe('5 3');
    // heights on the value scale: 5 is half the plot's 166 px, 10 all of it
    expect(bars.slice(0, 2).map((b) => Number(attr(b, 'height')))).toEqual([83, 166]);
    expect(texts(html, 'chart-bar-label')).toEqual(['5', '10']);
    expect(texts(html, 'chart-tick').slice(0, 2)).toEqual(['conv1', 'conv2']);
  });

  it('lists each series in the legend under its own name, another name, or not at all', () => {
    type Bar = { key: string; name: string; color: string; values: number[]; legend?: object | null };
    const legendOf = (series: Bar[]) =>
      legendNames(
        renderToStaticMarkup(
          createElement(BarPlot, {
            width: 300,
            height: 200,
            margin: MARGIN,
            categories: ['conv1'],
            y: { domain: [0, 10], ticks: [0, 10] },
            formatY: fmt,
            series,
          }),
        ),
      );
    const bar = (key: string, legend?: object | null): Bar => ({
      key,
      name: `${key} moved`,
      color: 'red',
      values: [1],
      ...(legend === undefined ? {} : { legend }),
    });
    expect(legendOf([bar('FT'), bar('TPGM')])).toEqual(['FT moved', 'TPGM moved']);
    expect(legendOf([bar('FT', { name: 'FT', color: 'red' }), bar('TPGM', null)])).toEqual(['FT']);
  });

  it('is hidden from assistive technology when it has no caption to be named by', () => {
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
    expect(html).not.toContain('role="application"');
  });
});

describe('ScatterPlot', () => {
  const html = renderToStaticMarkup(
    createElement(ScatterPlot, {
      labelledBy: 'trade',
      width: 300,
      height: 200,
      margin: MARGIN,
      x: { domain: [80, 100], ticks: [80, 90, 100], title: 'ID accuracy (%)' },
      y: { domain: [60, 100], ticks: [60, 80, 100], title: 'OOD mean (%)' },
      formatX: fmt,
      formatY: fmt,
      series: [
        {
          key: 'ft',
          name: 'FT',
          color: 'blue',
          hollowDash: '3 2',
          points: [
            { x: 90, y: 70, label: 'run 1' },
            { x: 95, y: 80, label: 'run 2', hollow: true },
          ],
        },
        {
          key: 'post',
          name: 'TPGM post-hoc',
          color: 'green',
          shape: 'star',
          points: [{ x: 92, y: 85, label: 'run 3', text: 'run 3', side: 'right' }],
        },
        {
          key: 'ref',
          name: null,
          color: 'grey',
          points: [
            { x: 91, y: 75, label: 'mean', xErr: 1, yErr: 2 },
            { x: 50, y: 75, label: 'off the axis' },
          ],
        },
      ],
    }),
  );

  it('draws a finished run as a disc, a stopped one as a dashed ring, post-hoc TPGM as a star', () => {
    const discs = tags(html, 'circle', 'chart-point');
    expect(discs.slice(0, 2).map((c) => attr(c, 'fill'))).toEqual(['blue', 'none']);
    expect(attr(discs[1], 'stroke-dasharray')).toBe('3 2');
    expect(tags(html, 'path', 'chart-point')).toHaveLength(1);
    expect(texts(html, 'chart-point-label')).toEqual(['run 3']);
  });

  it('leaves out points outside the axes, draws error bars, titles both axes and skips unnamed series in the legend', () => {
    expect(tags(html, 'circle', 'chart-point')).toHaveLength(3);
    expect(html).toContain('class="chart-error-bars"');
    expect(texts(html, 'chart-axis-title')).toEqual(['ID accuracy (%)', 'OOD mean (%)']);
    expect(texts(html, 'chart-legend-item-text')).toEqual(['FT', 'TPGM post-hoc']);
  });
});
