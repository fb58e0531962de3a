/**
 * The lab's per-layer drift on one scale (DriftChart): the current run beside every overlaid finished
 * run (its final per-layer statistics, kept with the run and across reloads), so FT's picture is still
 * there when TPGM runs.
 */
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore } from '../../store/app-store';
import { METHOD_COLORS, runColor } from '../theme/palette';
import { DriftChart, type DriftSeries } from './DriftChart';
import { useOwnTask } from './use-own-task';
import { currentRunLine, finishedRunLine } from './chart-caption';

export function LabDriftChart() {
  const run = useOwnTask(useAppStore((s) => s.run));
  const runs = useOwnTask(useAppStore((s) => s.runs));
  const overlay = useOwnTask(useAppStore((s) => s.overlay));
  const series: DriftSeries[] = [];
  if (run?.layers && run.spec.purpose === 'finetune')
    series.push({
      key: run.uid,
      name: `run ${run.runId} (${METHOD_INFO[run.spec.config.method].short})`,
      color: METHOD_COLORS[run.spec.config.method],
      layers: run.layers,
      about: currentRunLine(run),
    });
  runs
    .filter((r) => overlay.includes(r.uid) && r.uid !== run?.uid)
    .forEach((r, i) =>
      series.push({
        key: r.uid,
        name: `run ${r.runId} (${METHOD_INFO[r.spec.config.method].short})`,
        color: runColor(i),
        layers: r.summary.layers,
        about: finishedRunLine(r),
      }),
    );
  if (series.length === 0) return null;
  return (
    <section className="lab-drift" aria-label="Per-layer drift of the current and overlaid runs">
      <DriftChart series={series} height={240} />
    </section>
  );
}
