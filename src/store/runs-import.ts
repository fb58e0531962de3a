/**
 * Importing a runs file exported by the app (`runsToJson`, format "tpgm-runs/1"), checked before
 * anything reaches the table: a damaged or foreign file is refused whole, with the reason; each run is
 * checked for every field the table, the charts and the exports read, and a run that fails is left
 * out, named by its entry and the reason, while the others are imported. Not the IndexedDB store
 * (runs-db.ts), nor the lecture view's recordings (lecture-store.ts).
 */
import { isMethodId } from '../core/spec/config';
import type { RunSpec } from '../core/spec/run-spec';
import { BACKEND_NAMES, type RunSummary } from '../worker/protocol';
import { bool, count, Invalid, isObj, list, measured, num, obj, oneOf, orNull, shown, str, wrong } from './json-checks';
import { evalPoint, layerPoint, radiusHistory, results } from './run-points-import';
import { RUNS_FORMAT, type FinishedRun } from './runs';
import { echo } from './url-hash';

/** A file this large is no export of this app (a run of 3,000 steps is well under 1 MB); it is not read. */
export const MAX_RUNS_FILE_BYTES = 256 * 1024 * 1024;

/** A run of the file left out, `entry` counted from 1 in the file's order, and why. */
export interface RefusedRun {
  entry: number;
  why: string;
}

/** What a runs file holds: the runs that passed the checks (without the export's `state`), and the others. */
export type RunsFile = { ok: true; runs: FinishedRun[]; refused: RefusedRun[] } | { ok: false; why: string };

/** A run's number: the next run is numbered after it, so it must stay where +1 still counts. */
function runNumber(v: unknown): number {
  const n = count(v, 'runId');
  if (n > 1_000_000) throw wrong('runId', n, 'a run number up to 1,000,000');
  return n;
}

type DivergenceReason = NonNullable<NonNullable<RunSummary['diverged']>['reason']>;
const DIVERGENCE_REASONS: readonly DivergenceReason[] = ['non-finite', 'above-bound', 'chance-after-explosion'];

function summary(v: unknown): RunSummary {
  const s = obj(v, 'summary');
  const out: RunSummary = {
    ...s,
    steps: count(s.steps, 'summary.steps'),
    stopped: bool(s.stopped, 'summary.stopped'),
    wallMs: measured(s.wallMs, 'summary.wallMs'),
    medianStepMs: measured(s.medianStepMs, 'summary.medianStepMs'),
    final: evalPoint(s.final, 'summary.final'),
    layers: layerPoint(s.layers, 'summary.layers'),
    backend: oneOf(s.backend, 'summary.backend', BACKEND_NAMES, `a backend (${BACKEND_NAMES.join(', ')})`),
  };
  if (s.sweep !== undefined) {
    const w = obj(s.sweep, 'summary.sweep');
    const points = list(w.points, 'summary.sweep.points').map((x, i) => {
      const at = `summary.sweep.points[${i}]`;
      const p = obj(x, at);
      return { value: num(p.value, `${at}.value`), results: results(p.results, `${at}.results`) };
    });
    out.sweep = { label: str(w.label, 'summary.sweep.label'), points };
  }
  if (s.diverged !== undefined) {
    const d = obj(s.diverged, 'summary.diverged');
    const step = count(d.step, 'summary.diverged.step');
    const loss = measured(d.loss, 'summary.diverged.loss');
    const lr = measured(d.lr, 'summary.diverged.lr');
    // runs saved before the reason was recorded have only step, loss and lr
    const why =
      d.reason === undefined
        ? {}
        : {
            reason: oneOf(d.reason, 'summary.diverged.reason', DIVERGENCE_REASONS, 'a reason this app knows'),
            bound: measured(d.bound, 'summary.diverged.bound'),
          };
    out.diverged = { step, loss, lr, ...why };
  }
  if (s.lossBound !== undefined) out.lossBound = orNull(s.lossBound, 'summary.lossBound');
  if (s.interrupted !== undefined) {
    const i = obj(s.interrupted, 'summary.interrupted');
    out.interrupted = {
      step: count(i.step, 'summary.interrupted.step'),
      reason: str(i.reason, 'summary.interrupted.reason'),
    };
  }
  if (s.continuedFrom !== undefined) {
    const c = obj(s.continuedFrom, 'summary.continuedFrom');
    out.continuedFrom = {
      step: count(c.step, 'summary.continuedFrom.step'),
      savedAt: str(c.savedAt, 'summary.continuedFrom.savedAt'),
      backend: oneOf(
        c.backend,
        'summary.continuedFrom.backend',
        BACKEND_NAMES,
        `a backend (${BACKEND_NAMES.join(', ')})`,
      ),
    };
  }
  return out;
}

/** The parts of the spec the table, the charts and the exports read; the rest is kept as written. */
function spec(v: unknown): RunSpec {
  const s = obj(v, 'spec');
  str(s.datasetId, 'spec.datasetId');
  const model = obj(s.model, 'spec.model');
  oneOf(model.kind, 'spec.model.kind', ['architecture', 'pretrained', 'uploaded'], 'a kind of model this app knows');
  str(model.id, 'spec.model.id');
  if (s.purpose !== undefined) oneOf(s.purpose, 'spec.purpose', ['finetune', 'pretrain'], 'finetune or pretrain');
  const config = obj(s.config, 'spec.config');
  const method = str(config.method, 'spec.config.method');
  if (!isMethodId(method)) throw new Invalid(`spec.config.method ${shown(method)} is not a method this app knows`);
  num(config.seed, 'spec.config.seed');
  count(config.steps, 'spec.config.steps');
  return s as unknown as RunSpec; // checked above as far as anything reads it
}

/** One entry of the file's `runs` as a run of the table, or an Invalid naming the field at fault. */
function run(r: unknown): FinishedRun {
  if (!isObj(r)) throw new Invalid(`it is ${shown(r)}, not a run`);
  const uid = str(r.uid, 'uid');
  if (uid === '') throw new Invalid('uid is empty');
  const finishedAt = str(r.finishedAt, 'finishedAt');
  if (Number.isNaN(Date.parse(finishedAt))) throw wrong('finishedAt', finishedAt, 'a date and time');
  const steps = list(r.steps, 'steps').map((x, i) => {
    const p = obj(x, `steps[${i}]`);
    return {
      step: count(p.step, `steps[${i}].step`),
      loss: measured(p.loss, `steps[${i}].loss`),
      lr: measured(p.lr, `steps[${i}].lr`),
    };
  });
  // the export's `state` is left behind: it is worked out again from the summary wherever it is shown
  return {
    uid,
    runId: runNumber(r.runId),
    spec: spec(r.spec),
    summary: summary(r.summary),
    evals: list(r.evals, 'evals').map((e, i) => evalPoint(e, `evals[${i}]`)),
    steps,
    ...(r.radiusHistory === undefined ? {} : { radiusHistory: radiusHistory(r.radiusHistory) }),
    finishedAt,
    ...(r.recorded === undefined ? {} : { recorded: str(r.recorded, 'recorded') }),
  };
}

/** Why a parsed file is not a runs export this app reads, or null when it is one. */
function notRunsFile(data: unknown): string | null {
  const want = `"format": "${RUNS_FORMAT}"`;
  if (!isObj(data)) return `it holds ${shown(data)}, not a runs export (an object with ${want})`;
  if (data.format === undefined) {
    const keys = Object.keys(data);
    const fields = keys.length === 0 ? 'none' : `${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
    return `it has no "format" field, so it is not a runs export of this app (its fields: ${fields})`;
  }
  if (typeof data.format !== 'string') return `its format is ${shown(data.format)}, not "${RUNS_FORMAT}"`;
  const version = /^tpgm-runs\/(\d+)$/.exec(data.format);
  if (version && Number(version[1]) > 1)
    return `its format "${echo(data.format)}" is newer than this app reads ("${RUNS_FORMAT}")`;
  if (data.format !== RUNS_FORMAT) return `its format is "${echo(data.format)}", not "${RUNS_FORMAT}"`;
  if (!Array.isArray(data.runs))
    return `its "runs" is ${data.runs === undefined ? 'missing' : shown(data.runs)}, not a list of runs`;
  return null;
}

/**
 * Reads a runs file (the text of `runsToJson`): `ok: false` with the reason when the whole file is
 * refused (not JSON, not a runs export, another or a newer format); otherwise the runs that pass the
 * checks and each refused one, by entry, with the field at fault. A uid listed twice is refused the second time.
 */
export function runsFromJson(text: string): RunsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is not valid JSON (damaged or cut short)' };
  }
  const why = notRunsFile(data);
  if (why !== null) return { ok: false, why };
  const entries = isObj(data) && Array.isArray(data.runs) ? data.runs : [];
  const runs: FinishedRun[] = [];
  const refused: RefusedRun[] = [];
  const firstEntry = new Map<string, number>();
  entries.forEach((v, i) => {
    const entry = i + 1;
    const runId = isObj(v) && typeof v.runId === 'number' ? ` (run ${v.runId})` : '';
    try {
      const r = run(v);
      const first = firstEntry.get(r.uid);
      if (first !== undefined) throw new Invalid(`the same run (uid) as entry ${first}`);
      firstEntry.set(r.uid, entry);
      runs.push(r);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      refused.push({ entry, why: `entry ${entry}${runId}: ${err.message}` });
    }
  });
  return { ok: true, runs, refused };
}

/** What an import did: the runs to add (not in the table yet) and the line that says so. */
export interface RunsImport {
  added: FinishedRun[];
  text: string;
  /** 'alert' when nothing could be imported (the file or every run in it refused). */
  tone: 'status' | 'alert';
}

/** A file refused before it is read (too large); the table is unchanged. */
export const tooLargeToImport = (name: string, bytes: number): RunsImport => ({
  added: [],
  text: `${name} was not imported: it is ${(bytes / 2 ** 20).toFixed(0)} MiB, more than a runs export of this app (at most ${MAX_RUNS_FILE_BYTES / 2 ** 20} MiB). The table is unchanged.`,
  tone: 'alert',
});

/**
 * Reads `text` (the file `name`) and says what joins the table `current`: runs already there (by uid)
 * are counted, not added again; refused runs are listed (the first three) with their reasons.
 */
export function importRuns(text: string, name: string, current: readonly FinishedRun[]): RunsImport {
  const file = runsFromJson(text);
  if (!file.ok)
    return { added: [], text: `${name} was not imported: ${file.why}. The table is unchanged.`, tone: 'alert' };
  const known = new Set(current.map((r) => r.uid));
  const added = file.runs.filter((r) => !known.has(r.uid));
  const already = file.runs.length - added.length;
  if (file.runs.length === 0 && file.refused.length === 0)
    return { added, text: `No run imported: ${name} holds no runs.`, tone: 'status' };
  const parts = [
    added.length > 0
      ? `Imported ${added.length} run${added.length === 1 ? '' : 's'} from ${name}`
      : `No run imported from ${name}`,
  ];
  if (already > 0) parts.push(`${already} ${already === 1 ? 'was' : 'were'} already here`);
  if (file.refused.length > 0) {
    const shownRefused = file.refused.slice(0, 3).map((r) => r.why);
    const more = file.refused.length > 3 ? `; and ${file.refused.length - 3} more` : '';
    parts.push(`${file.refused.length} refused: ${shownRefused.join('; ')}${more}`);
  }
  const tone = file.runs.length === 0 ? 'alert' : 'status';
  return { added, text: `${parts.join('; ')}.${tone === 'alert' ? ' The table is unchanged.' : ''}`, tone };
}
