/**
 * One training run in the worker: builds the experiment's sets and the model, then steps the core
 * Trainer under the UI's control (pause, resume, stop, single step), and reports through `post`:
 * losses once per `logEvery` steps (one `await data()` for all of them), accuracy on every test
 * domain and per-layer statistics every `evalEvery` steps, then a summary. Every event carries runId.
 */
import * as tf from '@tensorflow/tfjs';

import { validateConfig } from '../core/config';
import { splitPlanFor } from '../core/data/splits';
import { buildExperimentSets, type ExperimentSets, type TestSet } from '../core/experiment/experiment-sets';
import { buildPretrainSets, pretrainAugment } from '../core/experiment/pretrain';
import { decodeLayerStats, evaluationFrom, evaluationTotals, layerStatsTensor } from '../core/metrics';
import { buildArchitecture } from '../core/model/architectures';
import { prepareForDataset } from '../core/model/load';
import { TunableModel } from '../core/model/tunable-model';
import { createRng } from '../core/rng';
import { median } from '../core/stats';
import { DivergenceWatch } from '../core/train/divergence';
import { RunClock } from '../core/train/run-clock';
import { Trainer } from '../core/train/trainer';
import type { Dataset } from '../core/data/dataset-loader';
import type {
  BackendName,
  DomainResult,
  EvalPoint,
  EvalScope,
  LayerPoint,
  MemoryPoint,
  ModelFiles,
  RunSpec,
  RunState,
  StepPoint,
  SweepResult,
  WorkerEvent,
} from './protocol';

export interface SessionDeps {
  post(event: WorkerEvent, transfer?: Transferable[]): void;
  dataset(id: string): Promise<Dataset>;
  /** A shipped pre-trained model by id, as saved (with its pre-training head). */
  pretrained(id: string): Promise<tf.LayersModel>;
  /** A fresh copy of a model the user loaded, as loaded. */
  uploaded(id: string): Promise<tf.LayersModel>;
  backend(): BackendName;
  /** GPU -> CPU read (`await t.data()` in the worker; see backend.ts for why never dataSync). */
  read(t: tf.Tensor): Promise<ArrayLike<number>>;
  /** Let queued messages (pause, stop) in; setTimeout(0) in the worker. */
  yieldNow(): Promise<void>;
  now(): number;
}

/** Evaluation batch: large enough to be quick, small enough for software GPUs. */
const EVAL_BATCH = 128;
/** Read-backs allowed in flight before the loop waits (each holds one small tensor). */
const MAX_READS_IN_FLIGHT = 8;

interface PendingStep {
  step: number;
  lr: number;
  loss: tf.Scalar;
}

/** Accuracy and loss per test set from `evaluationTotals`' packed values (two per set, in order). */
function domainResults(tests: TestSet[], values: ArrayLike<number>): DomainResult[] {
  return tests.map((t, k) => {
    const r = evaluationFrom(values[2 * k], values[2 * k + 1], t.set.y.shape[0]);
    return { domain: t.domain, isId: t.isId, accuracy: r.accuracy, loss: r.loss };
  });
}

export class RunSession {
  private paused = false;
  private stopRequested = false;
  /** Watches the losses as they are read back; training stops once the run has diverged. */
  private readonly watch = new DivergenceWatch();
  /** Smoothed step and evaluation times, for the ETA posted with every `steps` event. */
  private clock: RunClock | null = null;
  private stepBudget = 0;
  private radiusSteps = 0;
  private wake: (() => void) | null = null;
  /** Read-backs in flight, chained so their events are posted in order. */
  private reads: Promise<void> = Promise.resolve();
  private inFlight = 0;
  /** Wall ms per step of each log window, timed when its losses arrive (GPU backends run behind JS). */
  private readonly stepMs: number[] = [];
  private lastStepsRead: number | null = null;
  /**
   * When live evaluations ran (worker clock): a log window's losses are read back after an evaluation
   * that followed it, so its wall time is measured without the evaluations inside it.
   */
  private evalSpans: { from: number; to: number }[] = [];
  /** How long building the run's sets (the live test sets among them) took: the ETA scales it to the whole test sets. */
  private setsMs = 0;

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

  /** One radius update and projection with no weights step (TPGM) while paused; then the layers are measured. */
  radiusStepOnce(): void {
    this.radiusSteps += 1;
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
    const network = await this.network(ds);
    let sets: ExperimentSets | null = null;
    let model: TunableModel | null = null;
    let trainer: Trainer | null = null;
    try {
      model = new TunableModel(network);
      const tSets = deps.now();
      sets =
        spec.purpose === 'pretrain'
          ? buildPretrainSets(ds, splitPlanFor(ds.meta), [spec.idDomain, ...spec.oodDomains])
          : buildExperimentSets(ds, {
              plan: splitPlanFor(ds.meta),
              seed: spec.config.seed,
              trainPerClass: spec.trainPerClass,
              testPerClass: spec.testPerClass,
              liveTestPerClass: spec.liveTestPerClass,
              idDomain: spec.idDomain,
              oodDomains: spec.oodDomains,
            });
      this.setsMs = deps.now() - tSets;
      const augment = spec.purpose === 'pretrain' ? pretrainAugment : undefined;
      trainer = new Trainer({ model, config: spec.config, train: sets.train, val: sets.val, augment });
      await this.loop(trainer, model, sets);
      if (spec.exportModel) await this.exportModel(model);
    } finally {
      trainer?.dispose();
      if (model) model.dispose();
      else network.dispose();
      sets?.dispose();
    }
  }

  /** The run's starting network: a seeded fresh architecture, or a shipped checkpoint with a new head. */
  private async network(ds: Dataset): Promise<tf.LayersModel> {
    const { model } = this.spec;
    const rng = createRng(this.spec.config.seed);
    const target = { inputShape: ds.meta.imageShape, numClasses: ds.meta.classes.length };
    if (model.kind === 'architecture') return buildArchitecture(model.id, target, rng.fork('model-init'));
    this.state('preparing', `loading the model ${model.id}`);
    const loaded = await (model.kind === 'pretrained' ? this.deps.pretrained(model.id) : this.deps.uploaded(model.id));
    try {
      return prepareForDataset(loaded, target.inputShape, target.numClasses, rng.fork('head'));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`model ${model.id} does not fit ${ds.meta.id}: ${why}`, { cause: err });
    }
  }

  /** The trained network as tfjs LayersModel files, posted with its weights transferred. */
  private async exportModel(model: TunableModel): Promise<void> {
    let files: ModelFiles | null = null;
    await model.model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const data = artifacts.weightData;
        if (!(data instanceof ArrayBuffer) || !artifacts.modelTopology || !artifacts.weightSpecs) {
          throw new Error('tfjs gave the model in a form this exporter does not know');
        }
        files = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: data };
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!files) throw new Error('tfjs saved no model');
    const exported: ModelFiles = files;
    this.deps.post({ type: 'modelExported', runId: this.runId, files: exported }, [exported.weightData]);
  }

  private async loop(trainer: Trainer, model: TunableModel, sets: ExperimentSets): Promise<void> {
    const { spec, deps, runId } = this;
    const total = spec.config.steps;
    const started = deps.now();
    let pending: PendingStep[] = [];
    let windowStart = deps.now();
    /** What the next 'paused' state says, when a radius step (not a pause) made it. */
    let pausedNote: string | null = null;
    const fullToLive = (sets.testImages * sets.numTests) / Math.max(1, setImages(sets.liveTests));
    // the whole test sets are built for the final evaluation: about fullToLive × what the live ones took
    const buildWhole = sets.livePerClass === null ? 0 : fullToLive * this.setsMs;
    this.clock = new RunClock(total, spec.evalEvery, fullToLive, buildWhole);
    // θ0's accuracy is the first point of every curve: measured (on the live subset) before any step
    await this.liveEval(model, trainer, sets, 0, 'measuring the starting model θ0');
    this.state('warming-up', 'first step: compiling the GPU kernels (up to a minute on a software GPU)');
    while (!trainer.done && !this.stopRequested && !this.watch.divergence) {
      if (this.paused && this.radiusSteps > 0) {
        this.radiusSteps -= 1;
        if (trainer.canStepRadii) {
          trainer.radiusStep();
          await this.measure(model, trainer, sets, trainer.stepsDone, 'live');
          pausedNote = `radii stepped, after ${trainer.stepsDone} of ${total} weight steps`;
        } else pausedNote = `${spec.config.method} has no radii to step on their own`;
        continue;
      }
      if (this.paused && this.stepBudget === 0) {
        this.flushSteps(pending, windowStart);
        pending = [];
        await this.reads; // show everything measured so far while paused
        this.state('paused', pausedNote ?? `paused after ${trainer.stepsDone} of ${total} steps`);
        pausedNote = null;
        await new Promise<void>((resolve) => (this.wake = resolve));
        if (this.stopRequested) break;
        if (!this.paused) this.state('running', 'training');
        windowStart = deps.now();
        continue;
      }
      if (this.stepBudget > 0) this.stepBudget -= 1;
      const t0 = deps.now();
      const result = trainer.step();
      pending.push(result);
      if (result.step === 0) {
        // the first step compiles every kernel: wait for it once, so "warming up" means what it says
        this.flushSteps(pending, t0);
        pending = [];
        await this.reads;
        this.state(this.paused ? 'paused' : 'running', this.paused ? 'paused' : 'training');
        windowStart = deps.now();
      }
      const done = trainer.stepsDone;
      if (done % spec.logEvery === 0 || done === total) {
        this.flushSteps(pending, windowStart);
        pending = [];
        windowStart = deps.now();
      }
      if (done % spec.evalEvery === 0 && done !== total) {
        void this.liveEval(model, trainer, sets, done, `measuring step ${done}`, pending.length);
        this.state(this.paused ? 'paused' : 'running', this.paused ? 'paused' : 'training');
      }
      await this.throttle();
      await deps.yieldNow();
    }
    this.flushSteps(pending, windowStart);
    trainer.finish();
    await this.buildWholeTests(sets);
    const sweep = await this.sweep(model, trainer, sets);
    this.state('evaluating', `final evaluation on the whole test set: ${describe(this.scope(sets, 'full'))}`);
    const [evalPoint, layers] = await this.measureFinal(model, trainer, sets, trainer.stepsDone);
    await this.reads;
    const idAccuracy = evalPoint.results.find((r) => r.isId)?.accuracy ?? Number.NaN;
    const diverged = this.watch.atEnd(idAccuracy, sets.train.numClasses);
    deps.post({
      type: 'finished',
      runId,
      summary: {
        steps: trainer.stepsDone,
        stopped: this.stopRequested,
        ...(diverged ? { diverged } : {}),
        lossBound: this.watch.bound,
        wallMs: deps.now() - started,
        medianStepMs: median(this.stepMs),
        final: evalPoint,
        layers,
        backend: deps.backend(),
        ...(sweep ? { sweep } : {}),
      },
    });
  }

  /** Tensors the run holds now: tf.memory() less the read-backs in flight and the unread losses (one tensor each). */
  private memory(unreadLosses: number): MemoryPoint {
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return {
      numTensors: m.numTensors - this.inFlight - unreadLosses,
      numBytes: m.numBytes,
      numBytesInGPU: m.numBytesInGPU ?? null,
    };
  }

  /** The method's post-training sweep (WiSE-FT's α from 0 to 1), each point measured on every test set. */
  private async sweep(model: TunableModel, trainer: Trainer, sets: ExperimentSets): Promise<SweepResult | null> {
    const sweep = trainer.method.sweep?.();
    if (!sweep) return null;
    await this.reads;
    const points: SweepResult['points'] = [];
    for (const value of sweep.values) {
      this.state('running', `measuring ${sweep.label} = ${value} (${points.length + 1} of ${sweep.values.length})`);
      sweep.apply(value);
      const packed = tf.tidy(() => tf.concat(sets.tests.map((t) => evaluationTotals(model, t.set, EVAL_BATCH))));
      try {
        points.push({ value, results: domainResults(sets.tests, await this.deps.read(packed)) });
      } finally {
        packed.dispose();
      }
      await this.deps.yieldNow();
    }
    sweep.restore();
    return { label: sweep.label, points };
  }

  /**
   * Queue one read-back of `p` (posted in order when it arrives) without waiting for it: on WebGPU
   * through SwiftShader a read takes seconds of latency but almost no GPU time, so training goes on.
   */
  private enqueueRead<T>(
    packed: tf.Tensor,
    decode: (values: ArrayLike<number>) => T,
    post: (value: T) => void,
  ): Promise<T> {
    const read = this.deps.read(packed).then((values) => {
      packed.dispose();
      return decode(values);
    });
    this.inFlight += 1;
    const posted = this.reads
      .then(() => read)
      .then((value) => {
        this.inFlight -= 1;
        post(value);
        return value;
      });
    this.reads = posted.then(
      () => undefined,
      () => undefined,
    );
    return posted;
  }

  /** Bound the reads in flight (each holds a small tensor) by waiting for the oldest ones. */
  private async throttle(): Promise<void> {
    while (this.inFlight > MAX_READS_IN_FLIGHT) await this.reads;
  }

  /** Milliseconds of live evaluation within [from, to]; spans that ended before `from` are forgotten. */
  private evalTimeBetween(from: number, to: number): number {
    this.evalSpans = this.evalSpans.filter((s) => s.to > from);
    return this.evalSpans.reduce((ms, s) => ms + Math.max(0, Math.min(to, s.to) - Math.max(from, s.from)), 0);
  }

  /** One readback for all pending losses, posted as one `steps` event. */
  private flushSteps(pending: PendingStep[], windowStart: number): void {
    if (pending.length === 0) return;
    const stacked = tf.stack(pending.map((p) => p.loss));
    tf.dispose(pending.map((p) => p.loss));
    const timedSteps = pending.filter((p) => p.step > 0).length;
    const meta = pending.map((p) => ({ step: p.step + 1, lr: p.lr }));
    void this.enqueueRead(
      stacked,
      (values): StepPoint[] => meta.map((m, i) => ({ step: m.step, loss: values[i], lr: m.lr })),
      (points) => {
        // from the later of this window's start and the previous window's arrival, to this arrival
        const now = this.deps.now();
        const from = Math.max(windowStart, this.lastStepsRead ?? windowStart);
        const ms = now - from - this.evalTimeBetween(from, now);
        this.lastStepsRead = now;
        this.watch.add(points);
        if (timedSteps > 0 && ms > 0) this.stepMs.push(ms / timedSteps);
        this.clock?.addSteps(timedSteps, ms);
        const stepsDone = points[points.length - 1].step;
        this.deps.post({
          type: 'steps',
          runId: this.runId,
          points,
          stepsPerSecond: timedSteps > 0 && ms > 0 ? (1000 * timedSteps) / ms : 0,
          stepsDone,
          totalSteps: this.spec.config.steps,
          etaMs: this.clock?.remainingMs(stepsDone) ?? null,
        });
      },
    );
  }

  /**
   * A live evaluation, said as `what` in the run's state and timed: on WASM and CPU it runs here,
   * synchronously, so its time feeds the ETA and is kept out of the step times (evalSpans).
   */
  private liveEval(
    model: TunableModel,
    trainer: Trainer,
    sets: ExperimentSets,
    step: number,
    what: string,
    unreadLosses = 0,
  ): Promise<[EvalPoint, LayerPoint]> {
    this.state('evaluating', `${what} on ${describe(this.scope(sets, 'live'))}`);
    const from = this.deps.now();
    const measured = this.measure(model, trainer, sets, step, 'live', unreadLosses);
    const ms = this.deps.now() - from;
    this.clock?.addLiveEval(ms);
    this.evalSpans.push({ from, to: from + ms });
    return measured;
  }

  /**
   * The final evaluation on the whole test sets, one domain at a time with a yield between them: on
   * WASM an evaluation blocks the worker while it runs, and the client's supervisor must keep hearing
   * from it (and Stop must get through) during the several seconds the whole test sets take.
   */
  private async measureFinal(
    model: TunableModel,
    trainer: Trainer,
    sets: ExperimentSets,
    step: number,
  ): Promise<[EvalPoint, LayerPoint]> {
    const totals: tf.Tensor1D[] = [];
    try {
      for (let k = 0; k < sets.numTests; k++) {
        totals.push(evaluationTotals(model, sets.test(k).set, EVAL_BATCH));
        await this.deps.yieldNow();
      }
    } catch (err) {
      tf.dispose(totals);
      throw err;
    }
    return this.measure(model, trainer, sets, step, 'full', 0, totals);
  }

  /** Build every domain's whole test set for the final evaluation, one at a time with a yield between them. */
  private async buildWholeTests(sets: ExperimentSets): Promise<void> {
    if (sets.livePerClass === null) return; // the live sets were the whole ones
    for (let k = 0; k < sets.numTests; k++) {
      this.state('evaluating', `building the whole test sets for the final evaluation (${k + 1} of ${sets.numTests})`);
      sets.test(k);
      await this.deps.yieldNow();
    }
  }

  /** What a live or the final evaluation measures, per domain. */
  private scope(sets: ExperimentSets, kind: EvalScope['kind']): EvalScope {
    if (kind === 'live' && sets.livePerClass !== null)
      return { kind: 'live', perClass: sets.livePerClass, images: setImages(sets.liveTests) / sets.liveTests.length };
    return { kind: 'full', images: sets.testImages };
  }

  /**
   * Accuracy on every test set (the live subset, or the whole test sets for the final evaluation) and
   * the per-layer statistics, packed into one readback.
   */
  private measure(
    model: TunableModel,
    trainer: Trainer,
    sets: ExperimentSets,
    step: number,
    kind: EvalScope['kind'],
    unreadLosses = 0,
    /** Each test set's totals, already computed (measureFinal); this call takes and frees them. */
    totals: tf.Tensor1D[] | null = null,
  ): Promise<[EvalPoint, LayerPoint]> {
    // what the run holds, less this measurement's own partial totals
    const memory = this.memory(unreadLosses + (totals?.length ?? 0));
    const radii = trainer.method.radiusView();
    const tests = kind === 'live' ? sets.liveTests : sets.tests;
    const scope = this.scope(sets, kind);
    const packed = tf.tidy(() =>
      tf.concat([
        ...(totals ?? tests.map((t) => evaluationTotals(model, t.set, EVAL_BATCH))),
        layerStatsTensor(model, radii),
      ]),
    );
    if (totals) tf.dispose(totals);
    // decode needs the radius view's parameter list only, which does not change during a run
    return this.enqueueRead(
      packed,
      (values): [EvalPoint, LayerPoint] => {
        const results = domainResults(tests, values);
        const layers = decodeLayerStats(model, radii, Array.from(values).slice(2 * tests.length));
        return [
          { step, results, memory, scope },
          { step, layers },
        ];
      },
      ([evalPoint, layerPoint]) => {
        this.deps.post({ type: 'eval', runId: this.runId, point: evalPoint });
        this.deps.post({ type: 'layers', runId: this.runId, point: layerPoint });
      },
    );
  }
}

/** Images in all of `tests` together. */
const setImages = (tests: TestSet[]): number => tests.reduce((n, t) => n + t.set.y.shape[0], 0);

/** "30 images per class (300 per domain)" or "the whole test set (3000 images per domain)". */
function describe(scope: EvalScope): string {
  return scope.kind === 'live'
    ? `${scope.perClass} images per class (${scope.images} per domain)`
    : `${scope.images} images per domain`;
}
