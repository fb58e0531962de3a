/**
 * The charts' categorical colours, by meaning: one hue per domain, one per method, a separate set for
 * overlaid runs, the OOD-mean line. Each is a CSS custom property (light and dark values in
 * src/ui/styles.css), so a chart follows the theme with no re-render: Chromium resolves var() in SVG
 * presentation attributes (stroke, fill), which is how the charts (charts/kit/) draw. No tfjs, no React.
 */
import type { MethodId } from '../../core/spec/config';
import type { DomainId } from '../../core/spec/domain-ids';

/** `var(--name)`: a colour that the stylesheet resolves for the current theme. */
const token = (name: string): string => `var(--${name})`;

/** One hue per domain (Record: a new domain without a colour is a compile error). */
export const DOMAIN_COLORS: Readonly<Record<DomainId, string>> = {
  clean: token('domain-clean'),
  sketch: token('domain-sketch'),
  inverted: token('domain-inverted'),
  noise: token('domain-noise'),
  blur: token('domain-blur'),
  texture: token('domain-texture'),
  rotate: token('domain-rotate'),
  contrast: token('domain-contrast'),
};

/** The mean over the OOD domains: grey, and drawn dashed, so it never reads as one more domain. */
export const OOD_MEAN_COLOR = token('ood-mean');

/** Overlaid finished runs: hues that no domain uses, so a run's curve is never mistaken for a domain's. */
export const RUN_COLORS: readonly string[] = [token('run-1'), token('run-2'), token('run-3')];

/** The colour of the `index`-th overlaid run (cycles past three). */
export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length];

/** One hue per method, for the trade-off chart. */
export const METHOD_COLORS: Readonly<Record<MethodId, string>> = {
  'full-ft': token('method-full-ft'),
  lp: token('method-lp'),
  'lp-ft': token('method-lp-ft'),
  'l2-sp': token('method-l2-sp'),
  'mars-sp': token('method-mars-sp'),
  surgical: token('method-surgical'),
  ftp: token('method-ftp'),
  spd: token('method-spd'),
  'wise-ft': token('method-wise-ft'),
  tpgm: token('method-tpgm'),
  'tpgm-posthoc': token('method-tpgm-posthoc'),
};

/** WiSE-FT's sweep points: a lighter plum than its run's point; the sweep's line is METHOD_COLORS['wise-ft']. */
export const SWEEP_FILL = token('sweep-fill');

/** Two-series charts (loss: training vs ID test; radius γ vs deviation): a blue and a crimson. */
export const SERIES_COLORS = { first: token('series-1'), second: token('series-2') } as const;

/** Many lines of one kind (γ per tensor): every categorical hue, the text colour last. */
export const CATEGORICAL_COLORS: readonly string[] = [
  'blue',
  'crimson',
  'green',
  'plum',
  'olive',
  'cyan',
  'brown',
  'lime',
  'indigo',
  'rose',
  'ink',
].map((hue) => token(`hue-${hue}`));
