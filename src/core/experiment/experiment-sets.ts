/**
 * The labelled sets of one fine-tuning experiment, built from a dataset and its seeded splits:
 * train (the ID domain, optionally N per class of the train split), val (TPGM's radii), select (model
 * selection), and one test set per tracked domain (the test split's images through that domain).
 * Never OOD data in train/val/select; the test split is never trained on.
 */
import type * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../data/dataset-loader';
import type { DomainId } from '../data/domains/domain';
import { applyDomain, getDomain } from '../data/domains/registry';
import { labelledSet } from '../data/images';
import { disposeSet, type LabelledSet } from '../data/labelled-set';
import { makeSplits, SPLIT_SEED, type SplitPlan, type Splits } from '../data/splits';
import { createRng, shuffleInPlace } from '../rng';

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
  tests: TestSet[];
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

/** The sets of a run, freed together by `dispose`. */
export function ownedSets(train: LabelledSet, val: LabelledSet, select: LabelledSet, tests: TestSet[]): ExperimentSets {
  return {
    train,
    val,
    select,
    tests,
    dispose: () => [train, val, select, ...tests.map((t) => t.set)].forEach(disposeSet),
  };
}

export function buildExperimentSets(ds: Dataset, spec: ExperimentSpec): ExperimentSets {
  const idx = experimentIndices(ds, spec);
  const id = spec.idDomain;
  const train = inDomain(labelledSet(ds, idx.train), id, spec.seed + 1);
  const val = inDomain(labelledSet(ds, idx.val), id, spec.seed + 2);
  const select = inDomain(labelledSet(ds, idx.select), id, spec.seed + 3);
  const choices = [id, ...spec.oodDomains.filter((d) => d.id !== id.id)];
  const tests = choices.map((choice, k) => ({
    domain: choice.id,
    severity: choice.severity,
    isId: k === 0,
    set: inDomain(labelledSet(ds, idx.test), choice, spec.seed + 10 + k),
  }));
  return ownedSets(train, val, select, tests);
}
