/**
 * ID and OOD-mean accuracy over steps for every run shown: solid ID, dashed OOD mean, one colour per
 * run. The points are the live evaluations (a fixed subset of each test set); the final whole-test-set
 * numbers are the trade-off chart's.
 */
import { formatPercent, formatStep, roundTicks } from '../charts/chart-style';
import { LinePlot } from '../charts/kit/LinePlot';
import { idAndOodMean } from '../../store/runs';
import { ChartSaveButtons } from '../charts/ChartSaveButtons';
import { capLines, runLine } from '../charts/chart-caption';
import type { Track } from './tracks';

export function AccuracyLines({ tracks, totalSteps }: { tracks: Track[]; totalSteps: number }) {
  const lines = tracks.flatMap((t) => {
    const at = t.run.evals.flatMap((e) => {
      const a = idAndOodMean(e.results);
      return a ? [{ step: e.step, ...a }] : [];
    });
    return (
      [
        ['id', 'ID', undefined],
        ['ood', 'OOD', '6 4'],
      ] as const
    ).map(([key, label, dash]) => ({
      key: `${t.key}:${key}`,
      name: `${t.name} ${label}`,
      color: t.color,
      strokeWidth: 3,
      dash,
      points: at.map((p) => ({ x: p.step, y: p[key] })),
    }));
  });
  const steps = roundTicks(totalSteps);
  const perClass = tracks.find((t) => t.run.spec.liveTestPerClass)?.run.spec.liveTestPerClass;
  return (
    <figure className="lecture-chart" aria-labelledby="lecture-accuracy-caption" data-testid="lecture-accuracy">
      <figcaption id="lecture-accuracy-caption">Accuracy over steps: ID (solid) and OOD mean (dashed), %</figcaption>
      <LinePlot
        labelledBy="lecture-accuracy-caption"
        margin={{ top: 8, right: 16, bottom: 26, left: 40 }}
        x={{ domain: [0, totalSteps], ticks: steps.filter((s) => s <= totalSteps) }}
        y={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100] }}
        formatX={formatStep}
        formatY={formatPercent}
        series={lines}
      />
      {perClass ? <p className="lecture-note">Each point: {perClass} test images per class of every domain.</p> : null}
      <ChartSaveButtons
        what="accuracy chart"
        caption={() => [
          ...(perClass ? [`Each point: ${perClass} test images per class of every domain.`] : []),
          ...capLines(tracks.map((t) => runLine(t.name, t.run.spec, t.source))),
        ]}
      />
    </figure>
  );
}
