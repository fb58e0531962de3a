/**
 * What a run measures besides its losses: accuracy on every test domain with the per-layer statistics
 * (live on a subset, finally on the whole test sets), the method's post-training sweep, and the
 * tensors it holds. Each measurement is packed into one read-back, queued on the run's ReadQueue.
 */
import * as tf from '@tensorflow/tfjs';

import type { ExperimentSets, TestSet } from '../core/experiment/experiment-sets';
import { confusionFrom, decodeLayerStats, evaluationFrom, evaluationTotals, layerStatsTensor } from '../core/metrics';
import type { TunableModel } from '../core/model/tunable-model';
import { encodePredictions, MAX_PREDICTED_CLASSES } from '../core/spec/predictions';
import type { Trainer } from '../core/train/trainer';
import type { DomainResult, EvalPoint, EvalScope, LayerPoint, MemoryPoint, RunState, SweepResult } from './protocol';
import type { ReadQueue } from './read-queue';
import type { SessionDeps } from './session-deps';

/** Evaluation batch: large enough to be quick, small enough for software GPUs. */
const EVAL_BATCH = 128;

export interface MeasuredRun {
  runId: number;
  deps: SessionDeps;
  reads: ReadQueue;
  model: TunableModel;
  trainer: Trainer;
  sets: ExperimentSets;
  state(state: RunState, detail: string): void;
}

export class RunMeasurements {
  constructor(private readonly run: MeasuredRun) {}

  /** Tensors the run holds now: tf.memory() less the read-backs in flight and the unread losses (one tensor each). */
  memory(unreadLosses: number): MemoryPoint {
    const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
    return {
      numTensors: m.numTensors - this.run.reads.inFlight - unreadLosses,
      numBytes: m.numBytes,
      numBytesInGPU: m.numBytesInGPU ?? null,
    };
  }

  /** What a live or the final evaluation measures, per domain. */
  scope(kind: EvalScope['kind']): EvalScope {
    const { sets } = this.run;
    if (kind === 'live' && sets.livePerClass !== null)
      return { kind: 'live', perClass: sets.livePerClass, images: setImages(sets.liveTests) / sets.liveTests.length };
    return { kind: 'full', images: sets.testImages };
  }

  /**
   * Accuracy on every test set (the live subset, or the whole test sets for the final evaluation) and
   * the per-layer statistics, packed into one readback.
   */
  measure(
    step: number,
    kind: EvalScope['kind'],
    unreadLosses = 0,
    /**
     * Each test set's totals, already computed (measureFinal) with the confusion counts of
     * `confusionClasses` classes; this call takes and frees them.
     */
    totals: tf.Tensor1D[] | null = null,
    confusionClasses: number | null = null,
  ): Promise<[EvalPoint, LayerPoint]> {
    const { model, trainer, sets, deps, runId } = this.run;
    // what the run holds, less this measurement's own partial totals
    const memory = this.memory(unreadLosses + (totals?.length ?? 0));
    const radii = trainer.method.radiusView();
    const tests = kind === 'live' ? sets.liveTests : sets.tests;
    const scope = this.scope(kind);
    const packed = tf.tidy(() =>
      tf.concat([
        ...(totals ?? tests.map((t) => evaluationTotals(model, t.set, EVAL_BATCH))),
        layerStatsTensor(model, radii),
      ]),
    );
    if (totals) tf.dispose(totals);
    // decode needs the radius view's parameter list only, which does not change during a run
    return this.run.reads.enqueue(
      packed,
      (values): [EvalPoint, LayerPoint] => {
        const { results, end } = domainResults(tests, values, totals ? confusionClasses : null);
        const layers = decodeLayerStats(model, radii, Array.from(values).slice(end));
        return [
          { step, results, memory, scope },
          { step, layers },
        ];
      },
      ([evalPoint, layerPoint]) => {
        deps.post({ type: 'eval', runId, point: evalPoint });
        deps.post({ type: 'layers', runId, point: layerPoint });
      },
    );
  }

  /**
   * The final evaluation on the whole test sets, one domain at a time with a yield between them: on
   * WASM an evaluation blocks the worker while it runs, and the client's supervisor must keep hearing
   * from it (and Stop must get through) during the several seconds the whole test sets take.
   */
  async measureFinal(step: number): Promise<[EvalPoint, LayerPoint]> {
    const { model, sets, deps } = this.run;
    const keepsPredictions = sets.train.numClasses <= MAX_PREDICTED_CLASSES;
    const totals: tf.Tensor1D[] = [];
    try {
      for (let k = 0; k < sets.numTests; k++) {
        totals.push(evaluationTotals(model, sets.test(k).set, EVAL_BATCH, sets.train.numClasses, keepsPredictions));
        await deps.yieldNow();
      }
    } catch (err) {
      tf.dispose(totals);
      throw err;
    }
    return this.measure(step, 'full', 0, totals, sets.train.numClasses);
  }

  /** Build every domain's whole test set for the final evaluation, one at a time with a yield between them. */
  async buildWholeTests(): Promise<void> {
    const { sets, deps } = this.run;
    if (sets.livePerClass === null) return; // the live sets were the whole ones
    for (let k = 0; k < sets.numTests; k++) {
      this.run.state(
        'evaluating',
        `building the whole test sets for the final evaluation (${k + 1} of ${sets.numTests})`,
      );
      sets.test(k);
      await deps.yieldNow();
    }
  }

  /** The method's post-training sweep (WiSE-FT's α from 0 to 1), each point measured on every test set. */
  async sweep(): Promise<SweepResult | null> {
    const { model, trainer, sets, deps } = this.run;
    const sweep = trainer.method.sweep?.();
    if (!sweep) return null;
    await this.run.reads.drained();
    const points: SweepResult['points'] = [];
    for (const value of sweep.values) {
      this.run.state('running', `measuring ${sweep.label} = ${value} (${points.length + 1} of ${sweep.values.length})`);
      sweep.apply(value);
      const packed = tf.tidy(() => tf.concat(sets.tests.map((t) => evaluationTotals(model, t.set, EVAL_BATCH))));
      try {
        points.push({ value, results: domainResults(sets.tests, await deps.read(packed), null).results });
      } finally {
        packed.dispose();
      }
      await deps.yieldNow();
    }
    sweep.restore();
    return { label: sweep.label, points };
  }
}

/**
 * Accuracy and loss per test set from `evaluationTotals`' packed values (two per set, in order, each
 * followed by C² confusion counts when `numClasses` is given, and those by one predicted class per
 * image when C fits a byte), and where the values after them start.
 */
export function domainResults(
  tests: TestSet[],
  values: ArrayLike<number>,
  numClasses: number | null,
): { results: DomainResult[]; end: number } {
  let at = 0;
  const results = tests.map((t): DomainResult => {
    const n = t.set.y.shape[0];
    const r = evaluationFrom(values[at], values[at + 1], n);
    const result: DomainResult = { domain: t.domain, isId: t.isId, accuracy: r.accuracy, loss: r.loss };
    at += 2;
    if (numClasses === null) return result;
    result.confusion = confusionFrom(values, at, numClasses);
    at += numClasses * numClasses;
    if (numClasses <= MAX_PREDICTED_CLASSES) {
      result.predictions = encodePredictions(Array.prototype.slice.call(values, at, at + n) as number[]);
      at += n;
    }
    return result;
  });
  return { results, end: at };
}

/** Images in all of `tests` together. */
export const setImages = (tests: TestSet[]): number => tests.reduce((n, t) => n + t.set.y.shape[0], 0);

/** "30 images per class (300 per domain)" or "the whole test set (3000 images per domain)". */
export function describeScope(scope: EvalScope): string {
  return scope.kind === 'live'
    ? `${scope.perClass} images per class (${scope.images} per domain)`
    : `${scope.images} images per domain`;
}
