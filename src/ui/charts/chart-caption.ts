/**
 * The caption a saved chart carries under it: which run(s) it draws and with what settings (method and
 * its own settings, dataset, model, seed, steps, batch, optimiser, schedule) and when each ran, so a
 * picture pasted into a report still says what it shows. Pure: the charts pass what they draw.
 */
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { getSetting, METHOD_SETTINGS } from '../../core/spec/method-settings';
import type { ModelChoice, RunSpec } from '../../core/spec/run-spec';
import type { AppState, CurrentRun } from '../../store/app-store';
import { outcomeLabel, runOutcome, type FinishedRun } from '../../store/runs';

/** At most this many runs are described; the rest are counted ("and 4 more runs"). */
export const MAX_CAPTION_RUNS = 6;

const modelText = (m: ModelChoice): string =>
  m.kind === 'architecture'
    ? `${m.id} from scratch`
    : m.kind === 'pretrained'
      ? `${m.id} (pre-trained)`
      : `${m.id} (uploaded)`;

/** "0.05", "1e-4": a setting as short as it is exact. */
const num = (x: number): string => String(Number(x.toPrecision(6)));

/** The method with its own numeric settings: "TPGM (Radius learning rate 0.01, …; MARS norm)". */
function methodText(spec: RunSpec): string {
  const c = spec.config;
  const own = METHOD_SETTINGS[c.method].map((s) => `${s.label} ${num(getSetting(c, s.path))}`);
  if (c.method === 'tpgm' || c.method === 'tpgm-posthoc') own.push(`${c.tpgm.norm === 'mars' ? 'MARS' : 'L2'} norm`);
  return own.length > 0 ? `${METHOD_INFO[c.method].short} (${own.join(', ')})` : METHOD_INFO[c.method].short;
}

/**
 * One run in one line: "run 3: TPGM (…) · mnist · mlp from scratch · seed 0 · 30 steps, batch 32 · SGD
 * lr 0.05, cosine · 2026-12-04". @param when when it ran, or where it came from ("recorded 2026-12-02 · wasm")
 */
export function runLine(label: string, spec: RunSpec, when: string): string {
  const c = spec.config;
  const opt = `${c.optimizer.kind === 'sgd' ? 'SGD' : 'Adam'} lr ${num(c.optimizer.lr)}, ${c.schedule}`;
  const domains = `ID ${spec.idDomain.id}, ${spec.oodDomains.length} OOD domain${spec.oodDomains.length === 1 ? '' : 's'}`;
  // the lecture names a run by its method ("TPGM"): said once
  const name = label === METHOD_INFO[c.method].short ? methodText(spec) : `${label}: ${methodText(spec)}`;
  return [
    name,
    spec.datasetId,
    modelText(spec.model),
    `seed ${c.seed}`,
    `${c.steps} steps, batch ${c.batchSize}`,
    opt,
    domains,
    when,
  ]
    .filter((s) => s !== '')
    .join(' · ');
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The current run: "run 4 (step 12 of 30)" while it runs, its outcome once it ended. */
export function currentRunLine(run: CurrentRun): string {
  const state = run.summary
    ? outcomeLabel(runOutcome(run.summary, run.spec.config.steps))
    : `${run.state}, step ${run.stepsDone} of ${run.totalSteps}`;
  return runLine(`run ${run.runId} (${state})`, run.spec, `started ${day(run.startedAt)}`);
}

/** A finished run, or a recording added to the runs ("recorded 2026-12-02 · wasm · seed 0"). */
export function finishedRunLine(r: FinishedRun): string {
  const outcome = outcomeLabel(runOutcome(r.summary, r.spec.config.steps));
  return runLine(`run ${r.runId} (${outcome})`, r.spec, r.recorded ?? `finished ${r.finishedAt.slice(0, 10)}`);
}

/** `lines` cut to MAX_CAPTION_RUNS, the rest counted. */
export function capLines(lines: readonly string[]): string[] {
  if (lines.length <= MAX_CAPTION_RUNS) return [...lines];
  const more = lines.length - (MAX_CAPTION_RUNS - 1);
  return [...lines.slice(0, MAX_CAPTION_RUNS - 1), `and ${more} more runs`];
}

/** The lab's charts of the current run: that run's line. */
export function currentCaption(s: Pick<AppState, 'run'>): string[] {
  return s.run ? [currentRunLine(s.run)] : [];
}

/** A lab chart of the current run and the overlaid finished ones (the same run once). */
export function overlaidCaption(s: Pick<AppState, 'run' | 'runs' | 'overlay'>): string[] {
  const overlaid = s.runs.filter((r) => s.overlay.includes(r.uid) && r.uid !== s.run?.uid);
  return capLines([...currentCaption(s), ...overlaid.map(finishedRunLine)]);
}

/** The closing line: where and when the picture was saved. */
export const savedLine = (at: Date): string =>
  `Saved from the TPGM Playground on ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
