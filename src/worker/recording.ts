/**
 * A recorded run: the run's own stream of protocol events (what the worker posted, compacted), so a
 * replay feeds the same reducer as a live run and draws through the same charts. Written by
 * `npm run record` (scripts/record.ts), shipped under public/recordings/ with an index that holds each
 * file's size and SHA-256, and read by the store. Tfjs-free: part of the protocol's vocabulary.
 */
import type { RunSpec } from '../core/spec/run-spec';
import type { BackendName, WorkerEvent } from './protocol';

export const RECORDING_FORMAT = 'tpgm-recording/1';
export const RECORDING_INDEX_FORMAT = 'tpgm-recordings/1';

/** The events a run posts, without their runId (a replay gives them its own). */
export type RunEventType = 'runState' | 'steps' | 'eval' | 'layers' | 'finished';
export type RecordedEvent = DistributiveOmit<Extract<WorkerEvent, { type: RunEventType }>, 'runId'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const RUN_EVENT_TYPES: readonly string[] = ['runState', 'steps', 'eval', 'layers', 'finished'];

/** One event and the steps the run had done when it was posted (the replay's timeline). */
export interface RecordedEntry {
  step: number;
  event: RecordedEvent;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  /** File name without `.json`, e.g. `mnist-b1-tpgm-s0`. */
  id: string;
  /** Shown wherever it is drawn, e.g. "TPGM · B1 · seed 0". */
  title: string;
  /** ISO time it was recorded. */
  recordedAt: string;
  backend: { name: BackendName; adapter: string };
  /** The machine it ran on, e.g. "2 × Intel Xeon". */
  machine: string;
  /** The command that made it. */
  command: string;
  spec: RunSpec;
  /** Wall time of the run (ms), for the replay at ×1. */
  wallMs: number;
  entries: RecordedEntry[];
}

export interface RecordingIndexEntry {
  id: string;
  title: string;
  datasetId: string;
  method: string;
  recipe: string;
  seed: number;
  bytes: number;
  sha256: string;
}

export interface RecordingIndex {
  format: typeof RECORDING_INDEX_FORMAT;
  recordings: RecordingIndexEntry[];
  /** reference.json (the README's measured means, src/worker/reference.ts), when there is one. */
  reference?: { bytes: number; sha256: string };
}

/** Rounds every number to `digits` significant digits: the recordings' size without visible change. */
function round(value: unknown, digits: number): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
  if (Array.isArray(value)) return value.map((v) => round(v, digits));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v, digits)]));
  return value;
}

/** The entries of one run from the events a worker posted (other runs' and non-run events dropped). */
export function recordEvents(events: readonly WorkerEvent[], runId: number, digits = 5): RecordedEntry[] {
  const entries: RecordedEntry[] = [];
  let step = 0;
  for (const e of events) {
    if (!RUN_EVENT_TYPES.includes(e.type) || !('runId' in e) || e.runId !== runId) continue;
    const event = { ...(e as Extract<WorkerEvent, { type: RunEventType }>) } as Partial<{ runId: number }> &
      RecordedEvent;
    delete event.runId;
    if (event.type === 'steps') step = event.stepsDone;
    else if (event.type === 'eval' || event.type === 'layers') step = Math.max(step, event.point.step);
    else if (event.type === 'finished') step = Math.max(step, event.summary.steps);
    entries.push({ step, event: round(event, digits) as RecordedEvent });
  }
  return entries;
}

export class RecordingError extends Error {
  override name = 'RecordingError';
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/**
 * A recording from parsed JSON, checked enough that a replay cannot fail half-way: its format, its
 * spec's shape, and entries in step order of known event types ending with the run's `finished`.
 */
export function parseRecording(json: unknown, name: string): Recording {
  const fail = (why: string): never => {
    throw new RecordingError(`recording ${name}: ${why}`);
  };
  if (!isObject(json)) return fail('not a JSON object');
  if (json.format !== RECORDING_FORMAT)
    return fail(`format is ${JSON.stringify(json.format)}, not ${RECORDING_FORMAT}`);
  for (const key of ['id', 'title', 'recordedAt', 'machine', 'command'])
    if (typeof json[key] !== 'string') fail(`"${key}" is missing`);
  if (!isObject(json.backend) || typeof json.backend.name !== 'string') fail('"backend" is missing');
  const spec = json.spec;
  if (!isObject(spec) || !isObject(spec.config) || !isObject(spec.idDomain) || !Array.isArray(spec.oodDomains))
    fail('"spec" is not a run spec');
  if (typeof json.wallMs !== 'number' || !(json.wallMs >= 0)) fail('"wallMs" is not a duration');
  if (!Array.isArray(json.entries) || json.entries.length === 0) return fail('it holds no events');
  let last = 0;
  json.entries.forEach((entry: unknown, i: number) => {
    if (!isObject(entry) || typeof entry.step !== 'number' || !isObject(entry.event))
      fail(`event ${i} is not {step, event}`);
    const e = entry as unknown as RecordedEntry;
    if (!RUN_EVENT_TYPES.includes(e.event.type)) fail(`event ${i} has an unknown type "${String(e.event.type)}"`);
    if (e.step < last) fail(`event ${i} goes back in time (step ${e.step} after ${last})`);
    last = e.step;
  });
  const entries = json.entries as RecordedEntry[];
  if (entries[entries.length - 1].event.type !== 'finished') fail('it does not end with the run finishing');
  return json as unknown as Recording;
}

/** The index of public/recordings/, checked. */
export function parseRecordingIndex(json: unknown): RecordingIndex {
  if (!isObject(json) || json.format !== RECORDING_INDEX_FORMAT || !Array.isArray(json.recordings))
    throw new RecordingError(`recordings/index.json is not a ${RECORDING_INDEX_FORMAT} index`);
  for (const r of json.recordings)
    if (!isObject(r) || typeof r.id !== 'string' || typeof r.sha256 !== 'string' || typeof r.bytes !== 'number')
      throw new RecordingError('recordings/index.json: an entry lacks its id, size or SHA-256');
  return json as unknown as RecordingIndex;
}
