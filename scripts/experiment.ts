/**
 * `npm run experiment -- [--model cnn-small-mnist] [--dataset mnist] [--methods ft,tpgm|all] [--seeds 0,1,2]
 *  [--classes 5-9] [--freeze-bn] [--train-per-class 100|full] [--steps 640] [--recipe|--preset b1-sgd|b2-adam|new-classes] [--optimizer sgd|adam] [--lr 0.01] [--proj-freq 1] [--radius-lr 0.01] [--val-batch 32] [--backend wasm]
 *  [--out results.json] [--md results.md] [--smoke] [--skip-build]`
 * Runs every method × seed through the app's own worker in headless Chromium, with the same data and
 * schedule per seed, and writes every run (config, per-domain accuracy, per-layer radii and deviations,
 * step times) as JSON plus a Markdown table of mean ± std over seeds. The JSON is written after every run
 * (marked `incomplete` until the last), and a worker silent for 10 minutes stops the runner with a message,
 * so a crash or a hang loses only the run it was in. The recipe is the app's (a linear
 * probe gets the recipe's probe lr); `--optimizer adam` means recipe b2-adam; `--lr` overrides every
 * method's lr. `--preset new-classes` is the second lesson (pre-trained on digits 0–4, fine-tuned on
 * 5–9): its dataset, model, classes, training set and steps are the defaults. `--smoke`: two methods, one seed, a few steps, and a check of the output's shape (CI runs it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';

import { ARCHITECTURE_IDS, type ArchitectureId } from '../src/core/spec/architecture-ids';
import { parseClassList } from '../src/core/spec/class-list';
import { METHOD_IDS, type MethodId, type NormMode } from '../src/core/spec/config';
import { defaultDraft } from '../src/core/spec/default-run';
import { PRESETS } from '../src/core/spec/presets';
import type { ModelChoice, RunSpec } from '../src/core/spec/run-spec';
import type { BackendName, WorkerEvent } from '../src/worker/protocol';
import { experimentTable, summaryProblems, type ExperimentRun } from './lib/experiment-table';
import { openHeadlessWorker } from './lib/headless-worker';
import { ProgressBar } from './lib/progress-bar';
import { runSpec } from './lib/run-spec';

const METHOD_ALIASES: Record<string, MethodId> = {
  ft: 'full-ft',
  ...Object.fromEntries(METHOD_IDS.map((id) => [id, id])),
};

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

function modelChoice(id: string): ModelChoice {
  return (ARCHITECTURE_IDS as readonly string[]).includes(id)
    ? { kind: 'architecture', id: id as ArchitectureId }
    : { kind: 'pretrained', id };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const optimizerKind = option(args, '--optimizer', 'sgd');
  if (optimizerKind !== 'sgd' && optimizerKind !== 'adam') throw new Error(`--optimizer ${optimizerKind}: sgd or adam`);
  const recipeId = option(args, '--preset', option(args, '--recipe', optimizerKind === 'adam' ? 'b2-adam' : 'b1-sgd'));
  const recipe = PRESETS.find((p) => p.id === recipeId);
  if (!recipe) throw new Error(`--preset ${recipeId}: one of ${PRESETS.map((p) => p.id).join(', ')}`);
  // a preset made for one dataset (the new-classes lesson) brings its dataset, model, classes and schedule
  const datasetId = option(args, '--dataset', recipe.datasets?.[0] ?? 'mnist');
  const base = defaultDraft(datasetId);
  const lesson = recipe.datasets ? recipe.apply(base) : null;
  const modelArg = option(args, '--model', '');
  const model = modelArg === '' ? (lesson?.model ?? modelChoice(`cnn-small-${datasetId}`)) : modelChoice(modelArg);
  const methodsArg = option(args, '--methods', 'ft,tpgm');
  const methods = (methodsArg === 'all' ? METHOD_IDS.join(',') : methodsArg).split(',').map((m) => {
    const id = METHOD_ALIASES[m.trim()];
    if (!id) throw new Error(`--methods: "${m}" is not a method (${Object.keys(METHOD_ALIASES).join(', ')})`);
    return id;
  });
  const seeds = option(args, '--seeds', smoke ? '0' : '0,1,2')
    .split(',')
    .map((s) => Number(s));
  const classesArg = option(args, '--classes', '');
  const classes = classesArg === '' ? lesson?.classes : parseClassList(classesArg);
  const trainDefault = smoke ? '10' : lesson ? String(lesson.trainPerClass ?? 'full') : '100';
  const trainArg = option(args, '--train-per-class', trainDefault);
  const trainPerClass = trainArg === 'full' ? null : Number(trainArg);
  const steps = Number(option(args, '--steps', smoke ? '6' : String(lesson?.config.steps ?? 640)));
  const freezeBn = args.includes('--freeze-bn');
  const normArg = option(args, '--norm', '');
  if (normArg !== '' && normArg !== 'mars' && normArg !== 'l2') throw new Error(`--norm ${normArg}: mars or l2`);
  const norm: NormMode | null = normArg === '' ? null : (normArg as NormMode);
  const projFreqArg = option(args, '--proj-freq', '');
  const radiusLrArg = option(args, '--radius-lr', '');
  const valBatchArg = option(args, '--val-batch', '');
  const lrArg = option(args, '--lr', '');
  const lr = lrArg === '' ? null : Number(lrArg);
  const backendArg = option(args, '--backend', 'auto');
  const out = option(args, '--out', smoke ? 'experiment-smoke.json' : 'results.json');
  const md = option(args, '--md', out.replace(/\.json$/, '.md'));

  const spec = (method: MethodId, seed: number): RunSpec => {
    const r = recipe.apply({ ...base, model, config: { ...base.config, method, seed } });
    const optimizer = lr === null ? r.config.optimizer : { ...r.config.optimizer, lr };
    const tpgm = {
      ...r.config.tpgm,
      ...(projFreqArg === '' ? {} : { projFreq: Number(projFreqArg) }),
      ...(radiusLrArg === '' ? {} : { radiusLr: Number(radiusLrArg) }),
      ...(valBatchArg === '' ? {} : { valBatchSize: Number(valBatchArg) }),
      ...(norm === null ? {} : { norm }),
    };
    return {
      ...r,
      model,
      ...(classes ? { classes } : {}),
      config: { ...r.config, steps, optimizer, tpgm, ...(freezeBn ? { freezeBnStats: true } : {}) },
      trainPerClass,
      testPerClass: smoke ? 5 : null,
      logEvery: 20,
      evalEvery: smoke ? steps : Math.max(1, Math.ceil(steps / 4)),
    };
  };

  const worker = await openHeadlessWorker({
    backend: backendArg === 'auto' ? null : (backendArg as BackendName),
    skipBuild: args.includes('--skip-build'),
    log: console.log,
  });
  const runs: ExperimentRun[] = [];
  const started = new Date().toISOString();
  /** The report so far: written after every run, so a crash or a hung worker loses only the run it was in. */
  const save = (complete: boolean): void => {
    const report = {
      format: 'tpgm-experiment/1',
      date: started,
      ...(complete ? {} : { incomplete: `${runs.length} of ${methods.length * seeds.length} runs` }),
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`,
      backend: worker.backend,
      model,
      datasetId,
      command: `npm run experiment -- ${args.join(' ')}`.trim(),
      runs,
    };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  };
  try {
    console.log(`backend: ${worker.backend.name} (${worker.backend.adapter})`);
    const total = methods.length * seeds.length * steps;
    const bar = new ProgressBar(total);
    let offset = 0;
    worker.onEvent((e: WorkerEvent) => {
      if (e.type === 'steps') bar.update(offset + e.stepsDone);
    });
    let runId = 0;
    for (const seed of seeds) {
      for (const method of methods) {
        runId += 1;
        const s = spec(method, seed);
        const summary = await runSpec(worker, runId, s);
        runs.push({ method, seed, spec: s, summary });
        save(false);
        offset += steps;
        const id = summary.final.results.find((r) => r.isId);
        bar.log(
          `${method} seed ${seed}: ID ${(100 * (id?.accuracy ?? 0)).toFixed(1)} % in ${(summary.wallMs / 1000).toFixed(0)} s`,
        );
      }
    }
    bar.finish();
  } finally {
    await worker.close();
  }
  save(true);
  const table = experimentTable(runs);
  writeFileSync(md, `${table}\n`);
  console.log(`\n${table}\nwrote ${out} and ${md}`);
  if (smoke) {
    const problems = runs.flatMap((r) => summaryProblems(r));
    if (problems.length > 0 || runs.length !== methods.length * seeds.length) {
      throw new Error(`smoke check failed: ${problems.join('; ') || 'runs missing'}`);
    }
    console.log('smoke check passed: every run has per-domain accuracy, per-layer statistics and step times');
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
