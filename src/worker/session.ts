/**
 * One training run in the worker: builds the experiment's sets and the model, then steps the core
 * Trainer under the UI's control (pause, resume, stop, single step), and reports through `post`:
 * losses once per `logEvery` steps (one `await data()` for all of them), accuracy on every test
 * domain and per-layer statistics every `evalEvery` steps, then a summary. Every event carries runId.
 * The measurements are in run-measurements.ts, the read-backs' queue in read-queue.ts, the network in
 * and out in run-model.ts; this file holds the loop, its controls and its timing.
 */
import * as tf from '@tensorflow/tfjs';

import { splitPlanOf } from '../core/data/splits';
import { buildExperimentSets, type ExperimentSets } from '../core/experiment/experiment-sets';
import { buildPretrainSets, pretrainAugment } from '../core/experiment/pretrain';
import { TunableModel } from '../core/model/tunable-model';
import { validateConfig } from '../core/spec/config-validation';
import type { RunSpec } from '../core/spec/run-spec';
import { median } from '../core/stats';
import { DivergenceWatch } from '../core/train/divergence';
import { RunClock } from '../core/train/run-clock';
import { StateReader } from '../core/train/run-state';
import { Trainer } from '../core/train/trainer';
import type { EvalPoint, LayerPoint, RunCheckpoint, RunState, StepPoint } from './protocol';
import { ReadQueue } from './read-queue';
import { assertSameRun, CHECKPOINT_EVERY, CheckpointSaver } from './run-checkpoint';
import { describeScope, RunMeasurements, setImages } from './run-measurements';
import { modelFiles, startingNetwork } from './run-model';
import { experimentSpecOf, runDataset } from './run-sets';
import type { SessionDeps } from './session-deps';

/** Read-backs allowed in flight before the loop waits (each holds one small tensor). */
const MAX_READS_IN_FLIGHT = 8;

interface PendingStep {
  step: number;
  lr: number;
  loss: tf.Scalar;
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
  private readonly reads: ReadQueue;
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

  private readonly checkpoints: CheckpointSaver;

  constructor(
    readonly runId: number,
    private readonly spec: RunSpec,
    private readonly deps: SessionDeps,
    /** The checkpoint this run continues from, if it continues one. */
    private readonly from: RunCheckpoint | null = null,
  ) {
    this.reads = new ReadQueue((t) => deps.read(t));
    this.checkpoints = new CheckpointSaver(runId, spec, deps);
  }

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
    if (this.from) assertSameRun(this.from, spec);
    const issues = validateConfig(spec.config);
    if (issues.length > 0)
      throw new Error(`invalid settings: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.state('preparing', `loading ${spec.datasetId} and building the domains`);
    const ds = runDataset(await deps.dataset(spec.datasetId), spec);
    const network = await startingNetwork(spec, ds, deps, (what) => this.state('preparing', what));
    let sets: ExperimentSets | null = null;
    let model: TunableModel | null = null;
    let trainer: Trainer | null = null;
    try {
      model = new TunableModel(network);
      const tSets = deps.now();
      sets =
        spec.purpose === 'pretrain'
          ? buildPretrainSets(ds, splitPlanOf(ds), [spec.idDomain, ...spec.oodDomains])
          : buildExperimentSets(ds, experimentSpecOf(spec, ds));
      this.setsMs = deps.now() - tSets;
      const augment = spec.purpose === 'pretrain' ? pretrainAugment : undefined;
      trainer = new Trainer({ model, config: spec.config, train: sets.train, val: sets.val, augment });
      if (this.from) {
        this.state('preparing', `continuing from the checkpoint at step ${this.from.step}`);
        const saved = StateReader.of(this.from.state);
        trainer.loadState(saved);
        this.watch.loadState(saved.within('session/divergence'));
      }
      const measured = new RunMeasurements({
        runId: this.runId,
        deps,
        reads: this.reads,
        model,
        trainer,
        sets,
        state: (state, detail) => this.state(state, detail),
      });
      await this.loop(trainer, sets, measured);
      if (spec.exportModel) {
        const files = await modelFiles(model);
        deps.post({ type: 'modelExported', runId: this.runId, files }, [files.weightData]);
      }
    } finally {
      trainer?.dispose();
      if (model) model.dispose();
      else network.dispose();
      sets?.dispose();
    }
  }

  private async loop(trainer: Trainer, sets: ExperimentSets, measured: RunMeasurements): Promise<void> {
    const { spec, deps, runId } = this;
    const total = spec.config.steps;
    // a continued run's wall time includes the time before its checkpoint
    const started = deps.now() - (this.from?.wallMs ?? 0);
    let pending: PendingStep[] = [];
    let firstStep = true;
    let windowStart = deps.now();
    /** What the next 'paused' state says, when a radius step (not a pause) made it. */
    let pausedNote: string | null = null;
    const fullToLive = (sets.testImages * sets.numTests) / Math.max(1, setImages(sets.liveTests));
    // the whole test sets are built for the final evaluation: about fullToLive × what the live ones took
    const buildWhole = sets.livePerClass === null ? 0 : fullToLive * this.setsMs;
    this.clock = new RunClock(total, spec.evalEvery, fullToLive, buildWhole);
    // θ0's accuracy is the first point of every curve: measured (on the live subset) before any step;
    // a continued run's points up to its checkpoint are on the page already
    if (!this.from) await this.liveEval(measured, 0, 'measuring the starting model θ0');
    this.state('warming-up', 'first step: compiling the GPU kernels (up to a minute on a software GPU)');
    while (!trainer.done && !this.stopRequested && !this.watch.divergence) {
      if (this.paused && this.radiusSteps > 0) {
        this.radiusSteps -= 1;
        if (trainer.canStepRadii) {
          trainer.radiusStep();
          await measured.measure(trainer.stepsDone, 'live');
          pausedNote = `radii stepped, after ${trainer.stepsDone} of ${total} weight steps`;
        } else pausedNote = `${spec.config.method} has no radii to step on their own`;
        continue;
      }
      if (this.paused && this.stepBudget === 0) {
        this.flushSteps(pending, windowStart);
        pending = [];
        await this.reads.drained(); // show everything measured so far while paused
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
      if (firstStep) {
        firstStep = false;
        // the first step compiles every kernel: wait for it once, so "warming up" means what it says
        this.flushSteps(pending, t0);
        pending = [];
        await this.reads.drained();
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
        void this.liveEval(measured, done, `measuring step ${done}`, pending.length);
        this.state(this.paused ? 'paused' : 'running', this.paused ? 'paused' : 'training');
      }
      if ((done % spec.evalEvery === 0 || done % CHECKPOINT_EVERY === 0) && done !== total)
        await this.checkpoints.save(trainer, this.watch, started);
      await this.reads.throttle(MAX_READS_IN_FLIGHT);
      await deps.yieldNow();
    }
    this.flushSteps(pending, windowStart);
    await this.checkpoints.saved(); // the last checkpoint reaches the page before the final results
    trainer.finish();
    await measured.buildWholeTests();
    const sweep = await measured.sweep();
    this.state('evaluating', `final evaluation on the whole test set: ${describeScope(measured.scope('full'))}`);
    const [evalPoint, layers] = await measured.measureFinal(trainer.stepsDone);
    await this.reads.drained();
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
        ...(this.from
          ? { continuedFrom: { step: this.from.step, savedAt: this.from.savedAt, backend: this.from.backend } }
          : {}),
      },
    });
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
    void this.reads.enqueue(
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
    measurements: RunMeasurements,
    step: number,
    what: string,
    unreadLosses = 0,
  ): Promise<[EvalPoint, LayerPoint]> {
    this.state('evaluating', `${what} on ${describeScope(measurements.scope('live'))}`);
    const from = this.deps.now();
    const measured = measurements.measure(step, 'live', unreadLosses);
    const ms = this.deps.now() - from;
    this.clock?.addLiveEval(ms);
    this.evalSpans.push({ from, to: from + ms });
    return measured;
  }
}
