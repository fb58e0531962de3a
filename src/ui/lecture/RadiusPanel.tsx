/**
 * Story step 5's picture: TPGM's learned radius γ of each kernel, at the replay's position, on an axis of
 * its own. γ bounds ‖θ − θ0‖ in the norm the run projects in (MARS: the largest L1 sum of a row, an
 * absolute distance), not the relative L2 drift ‖θ − θ0‖ / ‖θ0‖ (%) of the drift chart beside it, so the
 * two are never drawn on one scale and the caption names the norm. Kernels only, as in the drift chart.
 */
import type { LayerStat } from '../../core/spec/layer-stat';
import { isKernel } from '../../core/spec/layer-stat';
import { ChartSaveButtons } from '../charts/ChartSaveButtons';
import { capLines, runLine } from '../charts/chart-caption';
import { KEYBOARD_HINT, formatValue, valueAxis } from '../charts/chart-style';
import { BarPlot } from '../charts/kit/BarPlot';
import type { Track } from './tracks';

/** What γ is measured in, in words, by the run's norm setting. */
const NORM_WORDS = {
  mars: { short: 'MARS norm', long: 'the MARS norm of θ − θ0: the largest L1 sum of a row of the kernel' },
  l2: { short: 'L2 norm', long: 'the L2 norm ‖θ − θ0‖' },
} as const;

/** A radius as short as it stays exact enough to read: "0.012", "3.1e-5". */
const radiusLabel = (v: number): string => (v === 0 ? '0' : Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toPrecision(2));

const shortName = (name: string): string => name.replace(/\/kernel$/, '');

/** The first run shown that projects (the recorded TPGM, else a live one), and its kernels' radii. */
function radiiOf(tracks: readonly Track[]): { track: Track; kernels: LayerStat[] } | null {
  for (const track of tracks) {
    const kernels = track.run.layers?.layers.filter((l) => l.radius !== null && isKernel(l)) ?? [];
    if (kernels.length > 0) return { track, kernels };
  }
  return null;
}

export function RadiusPanel({ tracks }: { tracks: Track[] }) {
  const found = radiiOf(tracks);
  if (!found) return <p className="lecture-empty">The learned radii appear once a TPGM run has taken a step.</p>;
  const { track, kernels } = found;
  const norm = NORM_WORDS[track.run.spec.config.tpgm.norm];
  const step = track.run.layers?.step ?? 0;
  const radii = kernels.map((l) => l.radius ?? Number.NaN);
  // on screen in a line or two (the story defines the norm); a saved picture says it in full
  const note = `Its own scale: γ is an absolute distance (${norm.short} of θ − θ0), not the drift chart’s %.`;
  const saved = `γ bounds ${norm.long}: an absolute distance, not the relative drift ‖θ − θ0‖ / ‖θ0‖ (%).`;
  return (
    <figure className="lecture-chart" aria-labelledby="radius-gamma-caption" data-testid="lecture-radius">
      <figcaption id="radius-gamma-caption">
        {track.name}&rsquo;s learned radius γ per kernel, {norm.short} (step {step})
      </figcaption>
      <BarPlot
        labelledBy="radius-gamma-caption"
        desc={KEYBOARD_HINT}
        // room left of the plot for the ticks and the axis title turned up the edge
        margin={{ top: 18, right: 8, bottom: 26, left: 66 }}
        categories={kernels.map((l) => shortName(l.name))}
        y={{ ...valueAxis(radii), title: `γ (${norm.short})` }}
        formatY={formatValue}
        series={[{ key: 'gamma', name: `${track.name} γ`, color: track.color, values: radii, label: radiusLabel }]}
      />
      <p className="lecture-note">{note}</p>
      <ul className="sr-only" data-testid="radius-gamma-values">
        {kernels.map((l) => (
          <li key={l.name} data-layer={l.name} data-radius={l.radius ?? ''} data-step={step}>
            {l.name}: γ {radiusLabel(l.radius ?? Number.NaN)} ({norm.short}); it moved{' '}
            {radiusLabel(l.boundedDeviation ?? Number.NaN)} in that norm
          </li>
        ))}
      </ul>
      <ChartSaveButtons
        what="learned radius chart"
        caption={() => [saved, ...capLines([runLine(track.name, track.run.spec, track.source)])]}
      />
    </figure>
  );
}
