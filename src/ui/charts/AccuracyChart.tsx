/** Accuracy over steps on the ID test set, each tracked OOD domain, and their OOD mean. */
import { memo } from 'react';

import { useAppStore, type AppState } from '../../store/app-store';
import type { EvalPoint } from '../../worker/protocol';
import { DOMAIN_COLORS, OOD_MEAN_COLOR, runColor } from '../theme/palette';
import { KEYBOARD_HINT, PERCENT_AXIS, formatPercent, formatStep, lineMargin, stepAxis } from './chart-style';
import { LinePlot, type LineSeries } from './kit/LinePlot';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { outcomeLabel, runOutcome, type FinishedRun } from '../../store/runs';
import { useOwnTask } from './use-own-task';
import { ChartSaveButtons } from './ChartSaveButtons';
import { overlaidCaption } from './chart-caption';

/** The saved picture's caption: the current run and the overlaid ones, as the store has them when saved. */
const caption = (): string[] => overlaidCaption(useAppStore.getState());

interface OverlayLine {
  key: string;
  label: string;
  /** False for a stopped or diverged run: dashed, never drawn as a finished one. */
  complete: boolean;
  points: { step: number; value: number }[];
}

/** ID and OOD-mean curves of the finished runs chosen in the runs table. */
function overlayLines(runs: FinishedRun[], overlay: string[]): OverlayLine[] {
  return runs
    .filter((r) => overlay.includes(r.uid))
    .flatMap((r) => {
      const outcome = runOutcome(r.summary, r.spec.config.steps);
      const complete = outcome.kind === 'finished';
      const name = `run ${r.runId} ${METHOD_INFO[r.spec.config.method].short}${r.recorded ? ' (recorded)' : ''}${complete ? '' : ` (${outcomeLabel(outcome)})`}`;
      return [
        {
          key: `${r.uid}-id`,
          label: `${name} ID`,
          complete,
          points: r.evals.map((e) => ({
            step: e.step,
            value: 100 * (e.results.find((x) => x.isId)?.accuracy ?? Number.NaN),
          })),
        },
        {
          key: `${r.uid}-ood`,
          label: `${name} OOD mean`,
          complete,
          points: r.evals.map((e) => {
            const ood = e.results.filter((x) => !x.isId);
            return {
              step: e.step,
              value: ood.length > 0 ? (100 * ood.reduce((a, x) => a + x.accuracy, 0)) / ood.length : Number.NaN,
            };
          }),
        },
      ];
    });
}

/** What the points measured: the live subset during the run, the whole test set at the end. */
function scopeText(evals: EvalPoint[]): string {
  const live = evals.find((e) => e.scope?.kind === 'live')?.scope;
  const last = evals[evals.length - 1].scope;
  const during =
    live?.kind === 'live' ? `live points on ${live.perClass} images per class` : 'every point on the whole test set';
  return last?.kind === 'full' && live
    ? `${during}; the last on the whole test set (${last.images} per domain)`
    : during;
}

export function AccuracyChart() {
  const evals = useOwnTask(useAppStore((s) => s.run?.evals));
  const domains = useOwnTask(useAppStore((s) => s.domains));
  const runs = useOwnTask(useAppStore((s) => s.runs));
  const overlay = useOwnTask(useAppStore((s) => s.overlay));
  return <AccuracyChartView evals={evals} domains={domains} runs={runs} overlay={overlay} />;
}

/** Memoised: the chart redraws in its own task (useOwnTask), not with every store update. */
const AccuracyChartView = memo(function AccuracyChartView({
  evals,
  domains,
  runs,
  overlay,
}: {
  evals: NonNullable<AppState['run']>['evals'] | undefined;
  domains: AppState['domains'];
  runs: AppState['runs'];
  overlay: AppState['overlay'];
}) {
  const extra = overlayLines(runs, overlay);
  // the current run's curves, or only the overlaid runs' (e.g. a recorded run before any run here)
  const current = evals ?? [];
  if (current.length === 0 && extra.length === 0) return null;
  const keys = current[0]?.results.map((r) => r.domain) ?? [];
  const data = current.map((e) => {
    const row: Record<string, number> = { step: e.step };
    const ood = e.results.filter((r) => !r.isId);
    for (const r of e.results) row[r.domain] = 100 * r.accuracy;
    if (ood.length > 0) row['OOD mean'] = (100 * ood.reduce((a, r) => a + r.accuracy, 0)) / ood.length;
    return row;
  });
  const last: Record<string, number> | undefined = data[data.length - 1];
  const name = (id: string): string => domains.find((d) => d.id === id)?.name ?? id;
  const series: LineSeries[] = [
    ...keys.map((k, i) => ({
      key: k,
      name: name(k),
      color: DOMAIN_COLORS[k],
      strokeWidth: i === 0 ? 2.5 : 1.5,
      points: data.map((row) => ({ x: row.step, y: row[k] ?? Number.NaN })),
    })),
    ...(last?.['OOD mean'] !== undefined
      ? [
          {
            key: 'OOD mean',
            name: 'OOD mean',
            color: OOD_MEAN_COLOR,
            strokeWidth: 2,
            dash: '6 3',
            points: data.map((row) => ({ x: row.step, y: row['OOD mean'] ?? Number.NaN })),
          },
        ]
      : []),
    ...extra.map((l, i) => ({
      key: l.key,
      name: l.label,
      color: runColor(Math.floor(i / 2)) /* overlayLines gives each run an ID and an OOD line */,
      dash: l.complete ? undefined : '2 4',
      points: l.points.map((p) => ({ x: p.step, y: p.value })),
    })),
  ];
  const summary = last
    ? `At step ${last.step}: ${keys.map((k) => `${name(k)} ${last[k].toFixed(1)} %`).join(', ')}${last['OOD mean'] !== undefined ? `; OOD mean ${last['OOD mean'].toFixed(1)} %` : ''}.`
    : `Overlaid: ${extra.map((l) => l.label).join(', ')}.`;
  return (
    <figure className="chart" aria-labelledby="accuracy-caption">
      <figcaption id="accuracy-caption">
        Test accuracy (%) per domain
        <span className="muted small" data-testid="accuracy-scope">
          {' '}
          · {current.length > 0 ? scopeText(current) : 'overlaid runs'}
        </span>
      </figcaption>
      <LinePlot
        labelledBy="accuracy-caption"
        desc={KEYBOARD_HINT}
        height={240}
        margin={lineMargin(40)}
        x={stepAxis(Math.max(last?.step ?? 0, ...extra.flatMap((l) => l.points.map((p) => p.step))))}
        y={PERCENT_AXIS}
        formatX={formatStep}
        formatY={formatPercent}
        series={series}
      />
      <p className="sr-only" data-testid="accuracy-summary" data-steps={data.map((d) => d.step).join(',')}>
        {summary}
      </p>
      <ChartSaveButtons what="accuracy chart" caption={caption} />
    </figure>
  );
});
