/**
 * `npm run pretrain -- --model cnn-small --dataset mnist [--classes 0-4] [--seed 0] [--epochs 30] [--backend wasm]
 *  [--out public/models] [--skip-build]`
 * Pre-trains a zoo architecture as a robust "foundation" (src/core/experiment/pretrain.ts: the
 * dataset's pretrain split, every batch restyled, Adam one-cycle) through the app's own worker in
 * headless Chromium, then writes `<out>/<model>-<dataset>/` (model.json, weights.bin, meta.json card)
 * and lists it in `<out>/index.json`. `--classes 0-4` pre-trains on those classes only (a 5-way head),
 * named `<model>-<dataset>-0to4`: the split-class lesson's model (core/data/class-view.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { datasetForClasses } from '../src/core/data/class-view';
import { loadDataset } from '../src/core/data/dataset-loader';
import type { DatasetMeta } from '../src/core/data/dataset-meta';
import { DEFAULT_SPLIT_PLANS, makeSplits, SPLIT_SEED } from '../src/core/data/splits';
import { STYLE_OPS, STYLE_PROBABILITIES } from '../src/core/data/styled';
import { DEFAULT_PRETRAIN, PRETRAIN_EVAL_DOMAINS, pretrainConfig } from '../src/core/experiment/pretrain';
import { formatClassList, parseClassList } from '../src/core/spec/class-list';
import { ARCHITECTURE_IDS, type ArchitectureId } from '../src/core/spec/architecture-ids';
import { MODEL_CARD_FORMAT, MODEL_INDEX_FORMAT, type ModelCard, type ModelIndex } from '../src/core/spec/model-card';
import type { RunSpec } from '../src/core/spec/run-spec';
import { layersModelJson } from '../src/core/spec/trained-model-card';
import { fileSource } from '../src/testing/node-source';
import type { BackendInfo, BackendName, ModelFiles, RunSummary, WorkerEvent } from '../src/worker/protocol';
import { openHeadlessWorker } from './lib/headless-worker';
import { ProgressBar } from './lib/progress-bar';

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function writeModel(dir: string, files: ModelFiles): ModelCard['shards'] {
  mkdirSync(dir, { recursive: true });
  const weights = new Uint8Array(files.weightData);
  writeFileSync(join(dir, 'weights.bin'), weights);
  const modelJson = layersModelJson(files.modelTopology, files.weightSpecs);
  const json = new TextEncoder().encode(`${JSON.stringify(modelJson)}\n`);
  writeFileSync(join(dir, 'model.json'), json);
  return [
    { path: 'model.json', bytes: json.length, sha256: sha256(json) },
    { path: 'weights.bin', bytes: weights.length, sha256: sha256(weights) },
  ];
}

function addToIndex(out: string, id: string): void {
  const path = join(out, 'index.json');
  const index: ModelIndex = existsSync(path)
    ? (JSON.parse(readFileSync(path, 'utf8')) as ModelIndex)
    : { format: MODEL_INDEX_FORMAT, models: [] };
  if (!index.models.includes(id)) index.models.push(id);
  writeFileSync(path, `${JSON.stringify(index, null, 2)}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const architecture = option(args, '--model', 'cnn-small') as ArchitectureId;
  if (!ARCHITECTURE_IDS.includes(architecture)) {
    throw new Error(`--model ${architecture} is not an architecture (${ARCHITECTURE_IDS.join(', ')})`);
  }
  const datasetId = option(args, '--dataset', 'mnist');
  const seed = Number(option(args, '--seed', '0'));
  const epochs = Number(option(args, '--epochs', String(DEFAULT_PRETRAIN.epochs)));
  const backendArg = option(args, '--backend', 'auto');
  const out = option(args, '--out', 'public/models');
  const plan = DEFAULT_SPLIT_PLANS[datasetId];
  if (!plan)
    throw new Error(`--dataset ${datasetId} has no split plan (${Object.keys(DEFAULT_SPLIT_PLANS).join(', ')})`);

  const whole = await loadDataset(fileSource(join('public', 'datasets', datasetId)));
  const classesArg = option(args, '--classes', '');
  const classes = classesArg === '' ? undefined : parseClassList(classesArg);
  const ds = datasetForClasses(whole, classes);
  const splits = makeSplits(ds, plan, SPLIT_SEED);
  const recipe = { ...DEFAULT_PRETRAIN, epochs };
  const config = pretrainConfig(recipe, seed, splits.pretrain.length);
  const spec: RunSpec = {
    datasetId,
    model: { kind: 'architecture', id: architecture },
    purpose: 'pretrain',
    ...(classes ? { classes } : {}),
    exportModel: true,
    config,
    idDomain: PRETRAIN_EVAL_DOMAINS[0],
    oodDomains: PRETRAIN_EVAL_DOMAINS.slice(1),
    trainPerClass: null,
    testPerClass: null,
    liveTestPerClass: null,
    logEvery: 20,
    evalEvery: Math.max(1, Math.ceil(config.steps / 5)),
  };
  console.log(
    `pre-training ${architecture} on ${datasetId}: ${splits.pretrain.length} images, ${config.steps} steps ` +
      `(batch ${recipe.batchSize}, ${epochs} epochs), seed ${seed}`,
  );

  const forced = backendArg === 'auto' ? null : (backendArg as BackendName);
  const worker = await openHeadlessWorker({
    backend: forced,
    skipBuild: args.includes('--skip-build'),
    log: console.log,
  });
  try {
    console.log(`backend: ${worker.backend.name} (${worker.backend.adapter})`);
    const bar = new ProgressBar(config.steps);
    worker.onEvent((e: WorkerEvent) => {
      if (e.type === 'steps') bar.update(e.stepsDone, `loss ${e.points[e.points.length - 1].loss.toFixed(3)}`);
      if (e.type === 'eval') {
        bar.log(
          `step ${e.point.step}: ${e.point.results.map((r) => `${r.domain} ${(100 * r.accuracy).toFixed(1)}`).join(', ')}`,
        );
      }
    });
    const finished = worker.next(
      (e): e is Extract<WorkerEvent, { type: 'finished' | 'runFailed' }> =>
        e.type === 'finished' || e.type === 'runFailed',
    );
    const exported = worker.next(
      (e): e is Extract<WorkerEvent, { type: 'modelExported' }> => e.type === 'modelExported',
    );
    await worker.send({ type: 'start', runId: 1, spec });
    const end = await finished;
    if (end.type === 'runFailed') throw new Error(`the run failed: ${end.error.message}`);
    const { files } = await exported;
    bar.finish();
    const id = `${architecture}-${datasetId}${classes ? `-${classes[0]}to${classes[classes.length - 1]}` : ''}`;
    const dir = join(out, id);
    const shards = writeModel(dir, files);
    const card = makeCard({
      id,
      architecture,
      meta: ds.meta,
      classes,
      seed,
      epochs,
      spec,
      summary: end.summary,
      shards,
      parameters: files.weightSpecs.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0),
      images: { pretrain: splits.pretrain.length, select: splits.select.length },
      backend: worker.backend,
    });
    writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(card, null, 2)}\n`);
    addToIndex(out, id);
    console.log(`wrote ${dir} (${(end.summary.wallMs / 1000).toFixed(0)} s)`);
    for (const a of card.heldOut.accuracy) console.log(`  held-out ${a.domain}: ${a.accuracy.toFixed(1)} %`);
  } finally {
    await worker.close();
  }
}

function makeCard(input: {
  id: string;
  architecture: ArchitectureId;
  meta: DatasetMeta;
  /** The dataset's classes it was pre-trained on, when a subset. */
  classes: number[] | undefined;
  seed: number;
  epochs: number;
  spec: RunSpec;
  summary: RunSummary;
  shards: ModelCard['shards'];
  parameters: number;
  images: { pretrain: number; select: number };
  backend: BackendInfo;
}): ModelCard {
  const { spec, summary, meta, classes } = input;
  const subset = classes ? ` classes ${formatClassList(classes)} (${meta.classes.join(', ')})` : '';
  const styles = STYLE_OPS.map((o) => `${o.domain} ${o.severity[0]}–${o.severity[1]}`).join(', ');
  const p = STYLE_PROBABILITIES;
  return {
    format: MODEL_CARD_FORMAT,
    id: input.id,
    name: `${input.architecture}, pre-trained on styled ${meta.id}${classes ? ` ${formatClassList(classes)}` : ''}`,
    architecture: input.architecture,
    parameters: input.parameters,
    inputShape: meta.imageShape,
    normalisation: 'pixels scaled to [0, 1]; no mean/std normalisation',
    datasetId: meta.id,
    classes: meta.classes.length,
    ...(classes ? { classSubset: classes } : {}),
    pretraining: {
      split: `pretrain${subset} (disjoint from every run’s train, val, select and test images)`,
      images: input.images.pretrain,
      augmentation:
        `every batch restyled at random: ${100 * p.clean} % clean, else one of ${styles}; ` +
        `${100 * p.secondOp} % get a second op; then contrast ×${p.contrast[0]}–${p.contrast[1]} and brightness ±${p.brightness}`,
      optimizer: `Adam (β 0.9/0.999, ε 1e-8), peak lr ${spec.config.optimizer.lr}`,
      schedule: 'one-cycle (10 % warm-up)',
      batchSize: spec.config.batchSize,
      epochs: input.epochs,
      steps: summary.steps,
      seed: input.seed,
    },
    heldOut: {
      split: 'select',
      images: input.images.select,
      accuracy: summary.final.results.map((r, k) => ({
        domain: r.domain,
        severity: [spec.idDomain, ...spec.oodDomains][k].severity,
        accuracy: Math.round(1000 * r.accuracy) / 10,
      })),
    },
    run: {
      wallSeconds: Math.round(summary.wallMs / 1000),
      backend: input.backend.name,
      adapter: input.backend.adapter,
      browser: 'headless Chromium (Playwright)',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
      date: new Date().toISOString().slice(0, 10),
    },
    builtBy:
      `npm run pretrain -- --model ${input.architecture} --dataset ${meta.id}` +
      `${classes ? ` --classes ${formatClassList(classes)}` : ''} --seed ${input.seed} --epochs ${input.epochs}`,
    shards: input.shards,
    licence: `weights: MIT (this project); data: ${meta.licence}`,
  };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
