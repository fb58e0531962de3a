/**
 * The labelled sets of one fine-tuning experiment, built from a dataset and its seeded splits:
 * train (the ID domain, optionally N per class of the train split), val (TPGM's radii), select (model
 * selection), and one test set per tracked domain (the test split's images through that domain).
 * Never OOD data in train/val/select; the test split is never trained on.
 */
import type * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../data/dataset-loader';
import { applyDomain, getDomain } from '../data/domains/registry';
import { labelledSet } from '../data/images';
import { disposeSet, type LabelledSet } from '../data/labelled-set';
import { makeSplits, SPLIT_SEED, type SplitPlan, type Splits } from '../data/splits';
import { createRng, shuffleInPlace } from '../rng';
import type { DomainId } from '../spec/domain-ids';
import { testDomainsOf } from '../spec/run-spec';

export interface DomainChoice {
  id: DomainId;
  severity: number;
}

export interface ExperimentSpec {
  plan: SplitPlan;
  /** Seeds the train and test subsets and the domains' randomness (the splits use SPLIT_SEED). */
  seed: number;
  /** Use this many training images per class (from the train split); null = all of it. */
  trainPerClass: number | null;
  /** Evaluate on this many test images per class (a quicker, noisier measurement); null = all. */
  testPerClass?: number | null;
  /**
   * Live evaluations (during training) use a fixed, seeded, class-balanced subset of the test split
   * with this many images per class (capped at what each class has); null = the whole test split.
   */
  liveTestPerClass?: number | null;
  idDomain: DomainChoice;
  oodDomains: DomainChoice[];
}

export interface TestSet {
  domain: DomainId;
  severity: number;
  /** True for the ID domain's test set. */
  isId: boolean;
  set: LabelledSet;
}

export interface ExperimentSets {
  train: LabelledSet;
  val: LabelledSet;
  select: LabelledSet;
  /** Domains measured, the ID domain first. */
  numTests: number;
  /** Images in each domain's whole test set. */
  testImages: number;
  /**
   * Domain k's whole test set, built on first request and kept until dispose: its transform takes
   * seconds for 3,000 images on WASM, so a run builds them for its final evaluation, not at its start.
   */
  test(k: number): TestSet;
  /** Every domain's whole test set (builds those not built yet). */
  readonly tests: TestSet[];
  /**
   * The live test sets: each domain's fixed, seeded, class-balanced subset of the test split, through
   * the domain (the same source images as the whole set, transformed on their own), or the whole test
   * sets when there is no subset. Live evaluations use these; the final one uses `tests`.
   */
  liveTests: TestSet[];
  /** Images per class of each live test set, or null when `liveTests` are the whole `tests`. */
  livePerClass: number | null;
  dispose(): void;
}

/** `perClass` indices of each class from `indices`, chosen with the seed. */
export function subsetPerClass(ds: Dataset, indices: Int32Array, perClass: number, seed: number): Int32Array {
  const rng = createRng(seed).fork('subset');
  const byClass: number[][] = ds.meta.classes.map(() => []);
  for (const i of indices) byClass[ds.labels[i]].push(i);
  const out: number[] = [];
  byClass.forEach((pool, c) => {
    if (pool.length < perClass)
      throw new Error(`class "${ds.meta.classes[c]}" has ${pool.length} images in this split, ${perClass} asked`);
    shuffleInPlace(pool, rng);
    out.push(...pool.slice(0, perClass));
  });
  return Int32Array.from(out).sort();
}

/** `set` through a domain (consumes `set`'s images; clean returns it as is). */
export function inDomain(set: LabelledSet, choice: DomainChoice, seed: number): LabelledSet {
  const domain = getDomain(choice.id);
  if (domain.id === 'clean') return set;
  const x = applyDomain(domain, set.x as tf.Tensor4D, choice.severity, seed);
  set.x.dispose();
  return { ...set, x };
}

/** The image indices of a run: the fixed splits, with the run's train and test subsets. */
export function experimentIndices(ds: Dataset, spec: ExperimentSpec): Splits {
  const splits = makeSplits(ds, spec.plan, SPLIT_SEED);
  return {
    ...splits,
    train: spec.trainPerClass === null ? splits.train : subsetPerClass(ds, splits.train, spec.trainPerClass, spec.seed),
    test: spec.testPerClass == null ? splits.test : subsetPerClass(ds, splits.test, spec.testPerClass, spec.seed + 5),
  };
}

/**
 * Positions into a test set (whose labels, in order, are `labels`) of `perClass` images of each
 * class, chosen with the seed, in ascending order; each class gives what it has when it has fewer.
 */
export function balancedPositions(
  labels: ArrayLike<number>,
  numClasses: number,
  perClass: number,
  seed: number,
): Int32Array {
  const rng = createRng(seed).fork('live-subset');
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const out: number[] = [];
  for (const pool of byClass) {
    shuffleInPlace(pool, rng);
    out.push(...pool.slice(0, perClass));
  }
  return Int32Array.from(out).sort();
}

/**
 * The sets of a run, freed together by `dispose`. `wholeTests` build each domain's whole test set
 * (called once, when first needed); `live` holds the live sets when they are a subset.
 */
function lazySets(
  train: LabelledSet,
  val: LabelledSet,
  select: LabelledSet,
  wholeTests: (() => TestSet)[],
  testImages: number,
  live: { tests: TestSet[]; perClass: number } | null,
): ExperimentSets {
  const built: (TestSet | null)[] = wholeTests.map(() => null);
  const test = (k: number): TestSet => (built[k] ??= wholeTests[k]());
  const all = (): TestSet[] => wholeTests.map((_, k) => test(k));
  return {
    train,
    val,
    select,
    numTests: wholeTests.length,
    testImages,
    test,
    get tests() {
      return all();
    },
    liveTests: live?.tests ?? all(),
    livePerClass: live?.perClass ?? null,
    dispose: () => {
      const whole = built.flatMap((t) => (t ? [t.set] : []));
      [train, val, select, ...whole, ...(live?.tests.map((t) => t.set) ?? [])].forEach(disposeSet);
    },
  };
}

/** The sets of a run whose test sets are already built, freed together by `dispose`. */
export function ownedSets(train: LabelledSet, val: LabelledSet, select: LabelledSet, tests: TestSet[]): ExperimentSets {
  const images = tests.length > 0 ? tests[0].set.y.shape[0] : 0;
  return lazySets(
    train,
    val,
    select,
    tests.map((t) => () => t),
    images,
    null,
  );
}

/** The images `indices` through test domain k of a run, seeded as the run's evaluations see them. */
function domainTestSet(ds: Dataset, spec: ExperimentSpec, indices: ArrayLike<number>, k: number): TestSet {
  const choice = testDomainsOf(spec)[k];
  return {
    domain: choice.id,
    severity: choice.severity,
    isId: k === 0,
    set: inDomain(labelledSet(ds, indices), choice, spec.seed + 10 + k),
  };
}

/**
 * One domain's whole test set of a run, rebuilt as its final evaluation measured it (image i of the
 * set is dataset image `indices[i]`): what a finished run's per-image predictions refer to. The caller
 * owns the set. Throws when the run did not measure `domain`.
 */
export function wholeTestSet(
  ds: Dataset,
  spec: ExperimentSpec,
  domain: DomainId,
  /** The run's test indices, when the caller rebuilds several domains (the splits are made once). */
  indices: Int32Array = experimentIndices(ds, spec).test,
): { test: TestSet; indices: Int32Array } {
  const k = testDomainsOf(spec).findIndex((d) => d.id === domain);
  if (k < 0) throw new Error(`the run did not measure the domain ${domain}`);
  return { test: domainTestSet(ds, spec, indices, k), indices };
}

export function buildExperimentSets(ds: Dataset, spec: ExperimentSpec): ExperimentSets {
  const idx = experimentIndices(ds, spec);
  const id = spec.idDomain;
  const train = inDomain(labelledSet(ds, idx.train), id, spec.seed + 1);
  const val = inDomain(labelledSet(ds, idx.val), id, spec.seed + 2);
  const select = inDomain(labelledSet(ds, idx.select), id, spec.seed + 3);
  const choices = testDomainsOf(spec);
  const testSet = (indices: ArrayLike<number>, k: number): TestSet => domainTestSet(ds, spec, indices, k);
  const perClass = spec.liveTestPerClass ?? null;
  const labels = Array.from(idx.test, (i) => ds.labels[i]);
  const positions =
    perClass === null ? null : balancedPositions(labels, ds.meta.classes.length, perClass, spec.seed + 6);
  const live =
    perClass !== null && positions !== null && positions.length < labels.length
      ? {
          tests: choices.map((_, k) =>
            testSet(
              Array.from(positions, (p) => idx.test[p]),
              k,
            ),
          ),
          perClass,
        }
      : null;
  return lazySets(
    train,
    val,
    select,
    choices.map((_, k) => () => testSet(idx.test, k)),
    idx.test.length,
    live,
  );
}
