/**
 * One training run in the worker: builds the experiment's sets and the model, then steps the core
 * Trainer under the UI's control (pause, resume, stop, single step), and reports through `post`:
 * losses once per `logEvery` steps (one `await data()` for all of them), accuracy on every test
 * domain and per-layer statistics every `evalEvery` steps, then a summary. Every event carries runId.
 */
import * as tf from '@tensorflow/tfjs';

import { validateConfig } from '../core/config';
import { DEFAULT_SPLIT_PLANS, fractionPlan, type SplitPlan } from '../core/data/splits';
import { buildExperimentSets, type ExperimentSets } from '../core/experiment/experiment-sets';
import { evaluate, layerStats } from '../core/metrics';
import { buildArchitecture } from '../core/model/architectures';
import { TunableModel } from '../core/model/tunable-model';
import { createRng } from '../core/rng';
import { Trainer } from '../core/train/trainer';
import type { Dataset } from '../core/data/dataset-loader';
import type { BackendName, EvalPoint, LayerPoint, RunSpec, RunState, StepPoint, WorkerEvent } from './protocol';

export interface SessionDeps {
  post(event: WorkerEvent): void;
  dataset(id: string): Promise<Dataset>;
  backend(): BackendName;
  /** Let queued messages (pause, stop) in; setTimeout(0) in the worker. */
  yieldNow(): Promise<void>;
  now(): number;
}

const FALLBACK_FRACTIONS = { test: 0.3, val: 0.1, select: 0.1, train: 0.5 };

function splitPlan(ds: Dataset): SplitPlan {
  const counts = ds.meta.partitions.reduce<number[]>(
    (acc, p) => acc.map((c, i) => c + p.classCounts[i]),
    ds.meta.classes.map(() => 0),
  );
  return DEFAULT_SPLIT_PLANS[ds.meta.id] ?? fractionPlan(counts, FALLBACK_FRACTIONS);
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export class RunSession {
  private paused = false;
  private stopRequested = false;
  private stepBudget = 0;
  private wake: (() => void) | null = null;

  constructor(
    readonly runId: number,
    private readonly spec: RunSpec,
    private readonly deps: SessionDeps,
  ) {}

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.wakeUp();
  }

  stop(): void {
    this.stopRequested = true;
    this.wakeUp();
  }

  /** One optimiser step (with the method's hook) while paused. */
  stepOnce(): void {
    this.stepBudget += 1;
    this.wakeUp();
  }

  private wakeUp(): void {
    this.wake?.();
    this.wake = null;
  }

  private state(state: RunState, detail: string): void {
    this.deps.post({ type: 'runState', runId: this.runId, state, detail });
  }

  /** Runs to the end, or until stopped; posts `finished` (or throws, and the handler posts runFailed). */
  async run(): Promise<void> {
    const { spec, deps } = this;
    const issues = validateConfig(spec.config);
    if (issues.length > 0)
      throw new Error(`invalid settings: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.state('preparing', `loading ${spec.datasetId} and building the domains`);
    const ds = await deps.dataset(spec.datasetId);
    const sets = buildExperimentSets(ds, {
      plan: splitPlan(ds),
      seed: spec.config.seed,
      trainPerClass: spec.trainPerClass,
      testPerClass: spec.testPerClass,
      idDomain: spec.idDomain,
      oodDomains: spec.oodDomains,
    });
    let model: TunableModel | null = null;
    let trainer: Trainer | null = null;
    try {
      const init = createRng(spec.config.seed).fork('model-init');
      model = new TunableModel(
        buildArchitecture(spec.model.id, { inputShape: ds.meta.imageShape, numClasses: ds.meta.classes.length }, init),
      );
      trainer = new Trainer({ model, config: spec.config, train: sets.train, val: sets.val });
      await this.loop(trainer, model, sets);
    } finally {
      trainer?.dispose();
      model?.dispose();
      sets.dispose();
    }
  }

  private async loop(trainer: Trainer, model: TunableModel, sets: ExperimentSets): Promise<void> {
    const { spec, deps, runId } = this;
    const total = spec.config.steps;
    const started = deps.now();
    const stepMs: number[] = [];
    let pending: { step: number; lr: number; loss: tf.Scalar }[] = [];
    let windowStart = deps.now();
    let windowSteps = 0;
    this.state('warming-up', 'first step: compiling the GPU kernels');
    while (!trainer.done && !this.stopRequested) {
      if (this.paused && this.stepBudget === 0) {
        pending = await this.flushSteps(pending, windowSteps, windowStart);
        this.state('paused', `paused after ${trainer.stepsDone} of ${total} steps`);
        await new Promise<void>((resolve) => (this.wake = resolve));
        if (this.stopRequested) break;
        if (!this.paused) this.state('running', 'training');
        windowStart = deps.now();
        windowSteps = 0;
        continue;
      }
      if (this.stepBudget > 0) this.stepBudget -= 1;
      const t0 = deps.now();
      const result = trainer.step();
      pending.push(result);
      if (result.step === 0) {
        await this.flushSteps(pending.splice(0), 1, t0); // the warm-up step's loss forces the first sync
        this.state(this.paused ? 'paused' : 'running', this.paused ? 'paused' : 'training');
      } else {
        stepMs.push(deps.now() - t0);
        windowSteps += 1;
      }
      const done = trainer.stepsDone;
      if (done % spec.logEvery === 0 || done === total) {
        pending = await this.flushSteps(pending, windowSteps, windowStart);
        windowStart = deps.now();
        windowSteps = 0;
      }
      if (done % spec.evalEvery === 0 && done !== total) await this.measure(model, trainer, sets, done);
      await deps.yieldNow();
    }
    await this.flushSteps(pending, windowSteps, windowStart);
    trainer.finish();
    const [final, layers] = await this.measure(model, trainer, sets, trainer.stepsDone);
    deps.post({
      type: 'finished',
      runId,
      summary: {
        steps: trainer.stepsDone,
        stopped: this.stopRequested,
        wallMs: deps.now() - started,
        medianStepMs: median(stepMs),
        final,
        layers,
        backend: deps.backend(),
      },
    });
  }

  /** One readback for all pending losses (`await data()`), posted as one `steps` event. */
  private async flushSteps(
    pending: { step: number; lr: number; loss: tf.Scalar }[],
    windowSteps: number,
    windowStart: number,
  ): Promise<{ step: number; lr: number; loss: tf.Scalar }[]> {
    if (pending.length === 0) return [];
    const stacked = tf.stack(pending.map((p) => p.loss));
    const values = await stacked.data(); // GPU -> CPU, once per log interval
    tf.dispose([stacked, ...pending.map((p) => p.loss)]);
    const points: StepPoint[] = pending.map((p, i) => ({ step: p.step + 1, loss: values[i], lr: p.lr }));
    const seconds = (this.deps.now() - windowStart) / 1000;
    const last = points[points.length - 1].step;
    this.deps.post({
      type: 'steps',
      runId: this.runId,
      points,
      stepsPerSecond: seconds > 0 && windowSteps > 0 ? windowSteps / seconds : 0,
      stepsDone: last,
      totalSteps: this.spec.config.steps,
    });
    return [];
  }

  private async measure(
    model: TunableModel,
    trainer: Trainer,
    sets: ExperimentSets,
    step: number,
  ): Promise<[EvalPoint, LayerPoint]> {
    const results = [];
    for (const t of sets.tests) {
      const r = await evaluate(model, t.set);
      results.push({ domain: t.domain, isId: t.isId, accuracy: r.accuracy, loss: r.loss });
    }
    const evalPoint: EvalPoint = { step, results };
    const layerPoint: LayerPoint = { step, layers: await layerStats(model, trainer.method.radiusView()) };
    this.deps.post({ type: 'eval', runId: this.runId, point: evalPoint });
    this.deps.post({ type: 'layers', runId: this.runId, point: layerPoint });
    return [evalPoint, layerPoint];
  }
}
