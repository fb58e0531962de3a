/**
 * Saving a chart, the DOM half: reads a chart figure's own <svg> with the styles the page computed for
 * each element (colours resolved from the theme's custom properties), redraws the HTML legend under it
 * (kit/Legend.tsx) as SVG, adds the figure's title and a caption, and serialises it (chart-export.ts says
 * why this way). The PNG is that SVG drawn onto a canvas by the browser (an <img> from a blob: URL, which
 * the CSP's img-src allows), at PNG_SCALE pixels per CSS pixel. Reads the DOM only; writes nothing into the page.
 */
import {
  EXPORT_TYPE,
  PNG_SCALE,
  exportLayout,
  inlineStyles,
  serialiseSvg,
  wrapText,
  type ExportNode,
  type SourceTree,
} from './chart-export';

/** A serialised chart and its size in CSS px (whole pixels). */
export interface ChartExport {
  svg: string;
  width: number;
  height: number;
}

/** What the page draws only while a pointer or the keyboard is on the chart, and the chart's own notes. */
const SKIPPED = '.chart-cursor, .chart-cursor-band, title, desc';

type Computed = (name: string) => string;
const computed = (el: Element): Computed => {
  const style = getComputedStyle(el);
  return (name) => style.getPropertyValue(name);
};
const px = (x: number): string => String(Math.round(x * 100) / 100);

/** The page's DOM as inlineStyles reads it. */
const DOM_TREE: SourceTree<Element> = {
  name: (e) => e.tagName,
  attrs: (e) => [...e.attributes].map((a) => [a.name, a.value] as const),
  computed,
  children: (e) =>
    [...e.childNodes].flatMap((c): (Element | string)[] =>
      c.nodeType === Node.TEXT_NODE ? [c.textContent ?? ''] : c instanceof Element ? [c] : [],
    ),
  skipped: (e) => e.matches(SKIPPED),
};
const exportElement = (e: Element, parent: Computed | null): ExportNode | null => inlineStyles(e, DOM_TREE, parent);

/** The figure's chart: its outermost <svg> that is not a legend or tooltip icon or inside the save buttons. */
export function chartSvgOf(figure: Element): SVGSVGElement | null {
  return (
    [...figure.querySelectorAll('svg')].find(
      (s) => !s.parentElement?.closest('svg') && !s.closest('.chart-legend, .chart-tooltip, .chart-save'),
    ) ?? null
  );
}

/**
 * The size the chart is drawn at: its <svg>'s own width and height in px (kit/*.tsx write their rendered
 * size there; the projection picture its 320 px, which the lecture view shrinks by CSS), else as rendered.
 */
function drawnSize(svg: SVGSVGElement): { width: number; height: number } | null {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  return width > 0 && height > 0 ? { width, height } : null;
}

/** `node` with its position and size replaced (a nested <svg> placed in the export's coordinates). */
function placed(node: ExportNode, box: { x: number; y: number; width: number; height: number }): ExportNode {
  const geometry = new Set(['x', 'y', 'width', 'height']);
  const extra: [string, string][] = Object.entries(box).map(([k, v]) => [k, px(v)]);
  return { ...node, attrs: [...extra, ...node.attrs.filter(([n]) => !geometry.has(n))] };
}

/**
 * The legend is HTML under the <svg>: each entry redrawn as its icon (SVG) and a <text>.
 * @param k the drawing's px per screen px (below 1 for a chart shown scaled up, kit/text-scale.ts)
 */
function legendNodes(figure: Element, origin: DOMRect, k: number): ExportNode[] {
  return [...figure.querySelectorAll('.chart-legend-item')].flatMap((item) => {
    const nodes: ExportNode[] = [];
    const icon = item.querySelector('svg');
    const iconNode = icon ? exportElement(icon, null) : null;
    if (icon && iconNode) {
      const r = icon.getBoundingClientRect();
      nodes.push(
        placed(iconNode, {
          x: k * (r.left - origin.left),
          y: k * (r.top - origin.top),
          width: k * r.width,
          height: k * r.height,
        }),
      );
    }
    const label = item.querySelector('.chart-legend-item-text');
    if (label?.textContent) {
      const r = label.getBoundingClientRect();
      const c = computed(label);
      const fontPx = k * Number.parseFloat(c('font-size'));
      const style = `fill: ${c('color')}; font-size: ${px(fontPx)}px; font-weight: ${c('font-weight')}`;
      nodes.push({
        name: 'text',
        attrs: [
          ['x', px(k * (r.left - origin.left))],
          ['y', px(k * (r.top - origin.top + r.height / 2))],
          ['dominant-baseline', 'central'],
          ['style', style],
        ],
        children: [label.textContent],
      });
    }
    return nodes;
  });
}

const tidy = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** A text line of the export's own (title or caption), in the page's font. */
const textLine = (text: string, y: number, style: string): ExportNode => ({
  name: 'text',
  attrs: [
    ['x', String(EXPORT_TYPE.pad)],
    ['y', px(y)],
    ['style', style],
  ],
  children: [text],
});

/**
 * The chart of `figure` as a standalone SVG: its title (the figcaption's text) above, `caption` lines
 * below, on the theme's surface colour, at the chart's drawn width (drawnSize) in the page's font.
 * @param caption what the chart draws (runs, settings), one entry per line; long ones are wrapped
 */
export function buildChartExport(figure: Element, caption: readonly string[]): ChartExport {
  const chart = chartSvgOf(figure);
  if (!chart) throw new Error('the figure has no chart to save');
  const box = chart.getBoundingClientRect();
  const size = drawnSize(chart) ?? box;
  // a chart shown scaled (full screen) is saved at the size it is drawn at, its HTML legend with it
  const k = box.width > 0 ? size.width / box.width : 1;
  const root = computed(document.documentElement);
  const font = root('font-family');
  const token = (name: string): string => root(name).trim();
  const measure = document.createElement('canvas').getContext('2d');
  const widthOf = (fontPx: number, weight: number) => (line: string) => {
    if (!measure) return line.length * fontPx * 0.55;
    measure.font = `${weight} ${fontPx}px ${font}`;
    return measure.measureText(line).width;
  };
  const { pad, titleSize, captionSize } = EXPORT_TYPE;
  const room = Math.max(120, size.width - 2 * pad);
  const title = wrapText(tidy(figure.querySelector('figcaption')?.textContent), room, widthOf(titleSize, 600));
  const lines = caption.flatMap((c) => wrapText(tidy(c), room, widthOf(captionSize, 400)));
  // the legend sits under the <svg>: the picture's chart band reaches to its last entry
  const legendEnd = Math.max(
    0,
    ...[...figure.querySelectorAll('.chart-legend-item')].map(
      (i) => k * (i.getBoundingClientRect().bottom - box.top) + 4,
    ),
  );
  const layout = exportLayout(
    { width: size.width, height: Math.max(size.height, legendEnd) },
    title.length,
    lines.length,
  );
  const chartNode = exportElement(chart, null);
  if (!chartNode) throw new Error('the chart could not be read');
  // the <svg>'s own viewBox keeps its drawing scaled as on the page (the projection picture is scaled by CSS)
  const viewBox: [string, string][] = chart.hasAttribute('viewBox')
    ? []
    : [['viewBox', `0 0 ${size.width} ${size.height}`]];
  const nested = placed(
    { ...chartNode, attrs: [...chartNode.attrs, ...viewBox] },
    { x: 0, y: layout.chartY, width: size.width, height: size.height },
  );
  const titleStyle = `fill: ${token('--color-text')}; font-size: ${titleSize}px; font-weight: 600`;
  const captionStyle = `fill: ${token('--color-text-muted')}; font-size: ${captionSize}px`;
  const picture: ExportNode = {
    name: 'svg',
    attrs: [
      ['width', String(layout.width)],
      ['height', String(layout.height)],
      ['viewBox', `0 0 ${layout.width} ${layout.height}`],
      ['style', `font-family: ${font}`],
    ],
    children: [
      { name: 'title', attrs: [], children: [title.join(' ')] },
      { name: 'desc', attrs: [], children: [caption.join('\n')] },
      {
        name: 'rect',
        attrs: [
          ['width', '100%'],
          ['height', '100%'],
          ['style', `fill: ${token('--color-surface')}`],
        ],
        children: [],
      },
      ...title.map((t, i) => textLine(t, layout.titleY[i], titleStyle)),
      nested,
      { name: 'g', attrs: [['transform', `translate(0 ${layout.chartY})`]], children: legendNodes(figure, box, k) },
      ...lines.map((t, i) => textLine(t, layout.captionY[i], captionStyle)),
    ],
  };
  return { svg: serialiseSvg(picture), width: layout.width, height: layout.height };
}

/** The export drawn by the browser's own SVG renderer onto a canvas, `scale` pixels per CSS pixel, as PNG. */
export async function exportPng(e: ChartExport, scale = PNG_SCALE): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([e.svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = e.width * scale;
    canvas.height = e.height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('this browser gave no 2D canvas');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
