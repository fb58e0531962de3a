/**
 * Saving a chart as SVG and PNG, the pure half: the style properties an exported SVG must carry, the
 * serialiser of the exported tree, the layout of title, chart and caption, and file names. The DOM half
 * (reading the chart's <svg> and its computed styles, rasterising) is chart-export-dom.ts.
 *
 * Why this way: the charts are drawn as SVG (kit/), so the chart's own <svg> is the picture (vector, exact). The page
 * colours it with CSS custom properties (var(--color-axis)) and stylesheet rules, which mean nothing
 * outside the page, so every element gets the styles the page computed for it, resolved to colours. The
 * PNG is that SVG drawn by the browser's own rasteriser (an <img> onto a canvas), so the two always agree,
 * with no library and no hand-written rasteriser. The export is built as a string, never as DOM nodes
 * with style attributes, which the page's CSP (style-src 'self') would refuse.
 */

/** The PNG's pixels per CSS pixel: crisp in print and on a high-density screen, whatever this one is. */
export const PNG_SCALE = 2;

/** An element of the exported SVG: its name, attributes (in order) and children (text is a string). */
export interface ExportNode {
  name: string;
  attrs: readonly (readonly [string, string])[];
  children: readonly (ExportNode | string)[];
}

/** A CSS property an SVG renderer needs; `inherited` ones are written only where they differ from the parent. */
export interface StyleProp {
  name: string;
  inherited: boolean;
  /** The value Chromium computes when nothing sets it (not written on an element that has it). */
  initial: string;
}

/** What decides how an SVG chart looks; layout (display, position) is the SVG's own geometry. */
export const EXPORTED_STYLES: readonly StyleProp[] = [
  { name: 'fill', inherited: true, initial: 'rgb(0, 0, 0)' },
  { name: 'fill-opacity', inherited: true, initial: '1' },
  { name: 'fill-rule', inherited: true, initial: 'nonzero' },
  { name: 'stroke', inherited: true, initial: 'none' },
  { name: 'stroke-width', inherited: true, initial: '1px' },
  { name: 'stroke-dasharray', inherited: true, initial: 'none' },
  { name: 'stroke-dashoffset', inherited: true, initial: '0px' },
  { name: 'stroke-opacity', inherited: true, initial: '1' },
  { name: 'stroke-linecap', inherited: true, initial: 'butt' },
  { name: 'stroke-linejoin', inherited: true, initial: 'miter' },
  { name: 'paint-order', inherited: true, initial: 'normal' },
  { name: 'color', inherited: true, initial: 'rgb(0, 0, 0)' },
  { name: 'font-family', inherited: true, initial: '' },
  { name: 'font-size', inherited: true, initial: '' },
  { name: 'font-weight', inherited: true, initial: '400' },
  { name: 'font-style', inherited: true, initial: 'normal' },
  { name: 'font-variant-numeric', inherited: true, initial: 'normal' },
  { name: 'text-anchor', inherited: true, initial: 'start' },
  { name: 'dominant-baseline', inherited: true, initial: 'auto' },
  { name: 'baseline-shift', inherited: false, initial: '0px' },
  { name: 'visibility', inherited: true, initial: 'visible' },
  { name: 'opacity', inherited: false, initial: '1' },
  { name: 'vector-effect', inherited: false, initial: 'none' },
  { name: 'display', inherited: false, initial: 'inline' },
];

/**
 * The style attribute that makes an element look as it did in the page: every exported property whose
 * computed value differs from what the element would get anyway (its parent's, for an inherited one; the
 * initial value otherwise). `parent` null: the root, which inherits nothing.
 * @param own the element's computed value of a property ("rgb(91, 100, 117)")
 */
export function styleDeclarations(own: (name: string) => string, parent: ((name: string) => string) | null): string {
  return EXPORTED_STYLES.flatMap((p) => {
    const value = own(p.name).trim();
    const inheritedValue = p.inherited && parent ? parent(p.name).trim() : p.initial;
    return value === '' || value === inheritedValue ? [] : [`${p.name}: ${value}`];
  }).join('; ');
}

/** True for a value the exported file cannot resolve (a CSS custom property). */
export const hasCustomProperty = (value: string): boolean => value.includes('var(');

/** An element's own inline style the export keeps: how it looks and where it is moved (a CSS transform). */
const KEPT_INLINE = new Set([...EXPORTED_STYLES.map((p) => p.name), 'transform', 'transform-origin', 'transform-box']);

/**
 * The computed declarations `base`, plus those of the element's inline style `extra` that base does not
 * set and that draw (KEPT_INLINE: a page layout's width: 100% would stretch the exported chart).
 */
export function mergeStyles(base: string, extra: string): string {
  const names = new Set(declarations(base).map(([n]) => n));
  const kept = declarations(extra).filter(([n, v]) => KEPT_INLINE.has(n) && !names.has(n) && !hasCustomProperty(v));
  return [base, ...kept.map(([n, v]) => `${n}: ${v}`)].filter((s) => s !== '').join('; ');
}

function declarations(style: string): [string, string][] {
  return style
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d.includes(':'))
    .map((d) => {
      const at = d.indexOf(':');
      return [d.slice(0, at).trim().toLowerCase(), d.slice(at + 1).trim()];
    });
}

/** How inlineStyles reads a tree of elements (the page's DOM, or plain objects in a test). */
export interface SourceTree<E> {
  /** The element's name as SVG spells it ("clipPath"). */
  name(e: E): string;
  attrs(e: E): readonly (readonly [string, string])[];
  /** Its computed value of a CSS property. */
  computed(e: E): (name: string) => string;
  /** Element and text children, in order. */
  children(e: E): readonly (E | string)[];
  /** True for what the export leaves out (a hover cursor, the chart's own notes). */
  skipped(e: E): boolean;
}

/** Attributes that mean something only in the page (focus, tests); `style` is rebuilt from computed values. */
const pageOnly = (name: string): boolean => name === 'style' || name === 'tabindex' || name.startsWith('data-');

/**
 * `e` and its subtree as export nodes, each with its computed styles inlined and everything naming a
 * custom property dropped (an attribute stroke="var(--color-axis)" becomes the computed stroke), so the
 * file looks as the page did with no stylesheet. The element's own inline style (a CSS transform) is kept.
 * @param parent the parent's computed values (null: the root, compared with initial values)
 */
export function inlineStyles<E>(
  e: E,
  tree: SourceTree<E>,
  parent: ((name: string) => string) | null,
): ExportNode | null {
  if (tree.skipped(e)) return null;
  const own = tree.computed(e);
  const attrs = tree.attrs(e).filter(([n, v]) => !pageOnly(n) && !hasCustomProperty(v));
  const inline = tree.attrs(e).find(([n]) => n === 'style')?.[1] ?? '';
  const style = mergeStyles(styleDeclarations(own, parent), inline);
  const children = tree.children(e).flatMap((c): (ExportNode | string)[] => {
    if (typeof c === 'string') return [c];
    const node = inlineStyles(c, tree, own);
    return node ? [node] : [];
  });
  return { name: tree.name(e), attrs: style === '' ? attrs : [...attrs, ['style', style]], children };
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string): string => escapeText(s).replace(/"/g, '&quot;');

/** The tree as SVG markup (attributes and text escaped); the root gets the SVG namespaces. */
export function serialiseSvg(root: ExportNode): string {
  const attrs: [string, string][] = [['xmlns', 'http://www.w3.org/2000/svg']];
  if (usesXlink(root)) attrs.push(['xmlns:xlink', 'http://www.w3.org/1999/xlink']);
  const withNs = { ...root, attrs: [...attrs, ...root.attrs.filter(([n]) => !n.startsWith('xmlns'))] };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup(withNs)}\n`;
}

function usesXlink(node: ExportNode): boolean {
  return (
    node.attrs.some(([n]) => n.startsWith('xlink:')) || node.children.some((c) => typeof c !== 'string' && usesXlink(c))
  );
}

function markup(node: ExportNode): string {
  const attrs = node.attrs.map(([n, v]) => ` ${n}="${escapeAttr(v)}"`).join('');
  if (node.children.length === 0) return `<${node.name}${attrs}/>`;
  const inner = node.children.map((c) => (typeof c === 'string' ? escapeText(c) : markup(c))).join('');
  return `<${node.name}${attrs}>${inner}</${node.name}>`;
}

/**
 * `text` broken into lines no wider than `maxWidth` at word boundaries (a word wider than that gets a
 * line of its own). @param measure a line's width in px
 */
export function wrapText(text: string, maxWidth: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(candidate) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Type and spacing of the exported figure (CSS px). */
export const EXPORT_TYPE = { pad: 10, titleSize: 14, captionSize: 11, leading: 1.35 } as const;

/** Where each part of the exported figure sits: title lines, then the chart, then the caption lines. */
export interface ExportLayout {
  /** Whole pixels: the chart's width rounded up; the PNG is this × PNG_SCALE. */
  width: number;
  height: number;
  /** Baselines of the title's and the caption's lines. */
  titleY: number[];
  chartY: number;
  captionY: number[];
}

export function exportLayout(chart: { width: number; height: number }, titleLines: number, captionLines: number) {
  const { pad, titleSize, captionSize, leading } = EXPORT_TYPE;
  const titleStep = titleSize * leading;
  const captionStep = captionSize * leading;
  const titleY = Array.from({ length: titleLines }, (_, i) => pad + titleSize + i * titleStep);
  const chartY = titleLines > 0 ? Math.ceil(pad + titleLines * titleStep + pad / 2) : 0;
  const chartEnd = chartY + Math.ceil(chart.height);
  const captionY = Array.from({ length: captionLines }, (_, i) => chartEnd + pad / 2 + captionSize + i * captionStep);
  const height = Math.ceil(captionLines > 0 ? chartEnd + pad / 2 + captionLines * captionStep + pad : chartEnd);
  return { width: Math.ceil(chart.width), height, titleY, chartY, captionY } satisfies ExportLayout;
}

/** "tpgm-accuracy-chart-2026-12-04-1032.png": what the chart is, and when it was saved (local time). */
export function exportFileName(what: string, ext: 'png' | 'svg', at: Date): string {
  const slug = what
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}`;
  return `tpgm-${slug || 'chart'}-${stamp}.${ext}`;
}
