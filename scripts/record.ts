/**
 * `npm run record -- [--only mnist-b1-tpgm-s0,…] [--skip-build] [--backend wasm] [--out public/recordings]`
 * Runs the lecture's recorded runs through the app's own worker in headless Chromium (the runner of
 * `npm run experiment`) and writes each run's stream of protocol events as a recording
 * (src/worker/recording.ts), plus public/recordings/index.json with every file's size and SHA-256.
 * With --only, the other recordings already in the index are kept. Every run also writes (and
 * `--reference-only` writes alone) public/recordings/reference.json: the 3-seed means ± std of the
 * committed result files (docs/results/) that the lecture's trade-off chart shows as reference points.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import type { MethodId } from '../src/core/spec/config';
import { defaultDraft } from '../src/core/spec/default-run';
import { METHOD_INFO } from '../src/core/spec/method-catalog';
import { PRESETS, type PresetId } from '../src/core/spec/presets';
import type { RunSpec } from '../src/core/spec/run-spec';
import type { BackendName, WorkerEvent } from '../src/worker/protocol';
import { REFERENCE_FORMAT, referencePoint, type ReferenceFile, type ReportRun } from '../src/worker/reference';
import {
  parseRecording,
  recordEvents,
  RECORDING_FORMAT,
  RECORDING_INDEX_FORMAT,
  type Recording,
  type RecordingIndex,
  type RecordingIndexEntry,
} from '../src/worker/recording';
import { openHeadlessWorker } from './lib/headless-worker';
import { runSpec } from './lib/run-spec';

interface Planned {
  datasetId: string;
  recipe: PresetId;
  method: MethodId;
  seed: number;
}

const SHORT_RECIPE: Record<PresetId, string> = { 'b1-sgd': 'b1', 'b2-adam': 'b2', 'new-classes': 'nc' };

/**
 * What the lecture view shows (issue #12): the default experiment, its Adam recipe, Fashion-MNIST, and
 * the second lesson, new classes (issue #17).
 */
const PLAN: readonly Planned[] = [
  ...(['full-ft', 'tpgm', 'lp', 'lp-ft', 'ftp', 'wise-ft'] as const).map((method) => ({
    datasetId: 'mnist',
    recipe: 'b1-sgd' as const,
    method,
    seed: 0,
  })),
  ...(['full-ft', 'tpgm', 'lp'] as const).map((method) => ({
    datasetId: 'mnist',
    recipe: 'b2-adam' as const,
    method,
    seed: 0,
  })),
  ...(['full-ft', 'tpgm', 'lp'] as const).map((method) => ({
    datasetId: 'fashion-mnist',
    recipe: 'b1-sgd' as const,
    method,
    seed: 0,
  })),
  ...(['full-ft', 'tpgm', 'lp', 'lp-ft'] as const).map((method) => ({
    datasetId: 'mnist',
    recipe: 'new-classes' as const,
    method,
    seed: 0,
  })),
];

const methodSlug = (m: MethodId): string => (m === 'full-ft' ? 'ft' : m);
const recordingId = (p: Planned): string =>
  `${p.datasetId}-${SHORT_RECIPE[p.recipe]}-${methodSlug(p.method)}-s${p.seed}`;

/** The preset's run, with evaluations every 40 steps so the replay's curves have points to show. */
function specOf(p: Planned): RunSpec {
  const preset = PRESETS.find((x) => x.id === p.recipe);
  if (!preset) throw new Error(`no preset ${p.recipe}`);
  const base = defaultDraft(p.datasetId);
  const draft = { ...base, model: { kind: 'pretrained' as const, id: `cnn-small-${p.datasetId}` } };
  const spec = preset.apply({ ...draft, config: { ...draft.config, method: p.method, seed: p.seed } });
  return { ...spec, logEvery: 10, evalEvery: 40 };
}

/** The committed result files (docs/results/) of each experiment's methods at its preset (TPGM's validation batch of 4). */
const REFERENCE_SOURCES: Record<string, Record<string, string[]>> = {
  'mnist/b1-sgd': {
    'full-ft': ['mnist-b1.json'],
    tpgm: ['mnist-b1-tpgm-valbatch4.json'],
    lp: ['mnist-b1-lp.json'],
    'lp-ft': ['mnist-b1-lpft.json'],
    ftp: ['mnist-b1-baselines-b.json'],
    'wise-ft': ['mnist-b1-baselines-b.json'],
  },
  'mnist/b2-adam': {
    'full-ft': ['mnist-b2.json'],
    tpgm: ['mnist-b2-tpgm-valbatch4.json'],
    lp: ['mnist-b2-lp.json'],
  },
  'mnist/new-classes': {
    'full-ft': ['mnist-new-classes.json'],
    tpgm: ['mnist-new-classes.json'],
    lp: ['mnist-new-classes.json'],
    'lp-ft': ['mnist-new-classes.json'],
  },
  'fashion-mnist/b1-sgd': {
    'full-ft': ['fashion-b1-a.json', 'fashion-b1-b.json'],
    tpgm: ['fashion-b1-tpgm-valbatch4.json'],
    lp: ['fashion-b1-a.json', 'fashion-b1-b.json'],
  },
};

interface Report {
  date: string;
  command: string;
  runs: ReportRun[];
}

/** reference.json from the result files; returns its text. */
function referenceText(): string {
  const experiments: ReferenceFile['experiments'] = {};
  for (const [experiment, methods] of Object.entries(REFERENCE_SOURCES)) {
    experiments[experiment] = Object.entries(methods).map(([method, files]) => {
      const reports = files.map((f) => JSON.parse(readFileSync(join('docs/results', f), 'utf8')) as Report);
      const runs = reports.flatMap((r) => r.runs);
      const sources = files.map((f) => `docs/results/${f}`);
      return referencePoint(method, runs, sources, reports[0].command, reports[0].date.slice(0, 10));
    });
  }
  const file: ReferenceFile = { format: REFERENCE_FORMAT, experiments };
  return `${JSON.stringify(file, null, 1)}\n`;
}

const fileEntry = (text: string): { bytes: number; sha256: string } => ({
  bytes: Buffer.byteLength(text),
  sha256: createHash('sha256').update(text).digest('hex'),
});

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outDir = option(args, '--out', 'public/recordings');
  const indexFile = join(outDir, 'index.json');
  const writeReference = (index: RecordingIndex): void => {
    const text = referenceText();
    writeFileSync(join(outDir, 'reference.json'), text);
    writeFileSync(indexFile, `${JSON.stringify({ ...index, reference: fileEntry(text) }, null, 2)}\n`);
    console.log(`wrote ${join(outDir, 'reference.json')} and ${indexFile}`);
  };
  if (args.includes('--reference-only')) {
    writeReference(JSON.parse(readFileSync(indexFile, 'utf8')) as RecordingIndex);
    return;
  }
  const only = option(args, '--only', '');
  const plan = only === '' ? PLAN : PLAN.filter((p) => only.split(',').includes(recordingId(p)));
  if (plan.length === 0) throw new Error(`--only ${only}: none of ${PLAN.map(recordingId).join(', ')}`);
  const backendArg = option(args, '--backend', 'auto');
  const worker = await openHeadlessWorker({
    backend: backendArg === 'auto' ? null : (backendArg as BackendName),
    skipBuild: args.includes('--skip-build'),
    log: console.log,
  });
  mkdirSync(outDir, { recursive: true });
  const indexPath = join(outDir, 'index.json');
  const kept: RecordingIndexEntry[] =
    only !== '' && existsSync(indexPath)
      ? (JSON.parse(readFileSync(indexPath, 'utf8')) as RecordingIndex).recordings
      : [];
  const written: RecordingIndexEntry[] = [];
  const events: WorkerEvent[] = [];
  worker.onEvent((e) => events.push(e));
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;
  try {
    let runId = 0;
    for (const p of plan) {
      runId += 1;
      events.length = 0;
      const spec = specOf(p);
      const started = performance.now();
      const summary = await runSpec(worker, runId, spec);
      const id = recordingId(p);
      const preset = PRESETS.find((x) => x.id === p.recipe);
      const title = `${METHOD_INFO[p.method].short} · ${preset?.name.split(' · ')[0] ?? p.recipe} · seed ${p.seed}`;
      const recording: Recording = {
        format: RECORDING_FORMAT,
        id,
        title,
        recordedAt: new Date().toISOString(),
        backend: { name: worker.backend.name, adapter: worker.backend.adapter },
        machine,
        command: `npm run record -- --only ${id}`,
        spec,
        wallMs: Math.round(performance.now() - started),
        entries: recordEvents(events, runId),
      };
      parseRecording(JSON.parse(JSON.stringify(recording)), id); // what the app will accept
      const text = `${JSON.stringify(recording)}\n`;
      writeFileSync(join(outDir, `${id}.json`), text);
      written.push({
        id,
        title,
        datasetId: p.datasetId,
        method: p.method,
        recipe: p.recipe,
        seed: p.seed,
        ...fileEntry(text),
      });
      const acc = summary.final.results.find((r) => r.isId)?.accuracy ?? Number.NaN;
      console.log(
        `${id}: ID ${(100 * acc).toFixed(1)} %, ${recording.entries.length} events, ${Buffer.byteLength(text)} bytes`,
      );
    }
  } finally {
    await worker.close();
  }
  const ids = new Set(written.map((w) => w.id));
  const order = PLAN.map(recordingId);
  const recordings = [...kept.filter((k) => !ids.has(k.id)), ...written].sort(
    (a, b) => order.indexOf(a.id) - order.indexOf(b.id),
  );
  writeReference({ format: RECORDING_INDEX_FORMAT, recordings });
  console.log(`wrote ${written.length} recordings`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
