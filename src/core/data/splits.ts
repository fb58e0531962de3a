/**
 * Fixed, seeded, class-stratified splits of a dataset into disjoint index sets:
 *   test     — reported accuracy (ID, and the source of every OOD domain's images)
 *   val      — TPGM's radius data (the inner problem)
 *   select   — model selection (kept apart from `val`: ../shared/METHODS.md §5)
 *   train    — the fine-tuning pool
 *   pretrain — what is left, for pre-training only
 * Per class, one seeded permutation is cut in that order, so no image is in two splits.
 */
import { createRng, shuffleInPlace } from '../rng';
import { toViewIndices } from './class-view';
import type { Dataset } from './dataset-loader';
import type { DatasetMeta } from './dataset-meta';

export type SplitName = 'test' | 'val' | 'select' | 'train' | 'pretrain';
export const SPLIT_NAMES: readonly SplitName[] = ['test', 'val', 'select', 'train', 'pretrain'];

export interface SplitPlan {
  /** Images per class for each split; `pretrain` takes the rest. */
  perClass: Record<Exclude<SplitName, 'pretrain'>, number>;
  /** Draw `test` only from this source partition (e.g. Fashion-MNIST's official test set), the rest from the others. */
  testPartition?: string;
}

export type Splits = Record<SplitName, Int32Array>;

/**
 * The one seed of every experiment's splits. The split is a property of the dataset, not of a run:
 * a pre-trained model's `pretrain` images must never be any run's val, select, train or test images.
 */
export const SPLIT_SEED = 0;

/** Default plans of the shipped datasets (per class: 300 test, 100 val, 100 select, 200 train). */
export const DEFAULT_SPLIT_PLANS: Readonly<Record<string, SplitPlan>> = {
  mnist: { perClass: { test: 300, val: 100, select: 100, train: 200 } },
  'fashion-mnist': { perClass: { test: 300, val: 100, select: 100, train: 200 }, testPartition: 'test' },
};

/** A plan from fractions of the smallest class (for uploaded datasets), e.g. { test: 0.2, val: 0.1, ... }. */
export function fractionPlan(classCounts: readonly number[], fractions: SplitPlan['perClass']): SplitPlan {
  const smallest = Math.min(...classCounts);
  const take = (f: number): number => Math.floor(f * smallest);
  return {
    perClass: {
      test: take(fractions.test),
      val: take(fractions.val),
      select: take(fractions.select),
      train: take(fractions.train),
    },
  };
}

/** Indices of each class among the images that `keep` accepts. */
function byClass(labels: Uint8Array, numClasses: number, keep: (i: number) => boolean): number[][] {
  const out: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((l, i) => {
    if (keep(i)) out[l].push(i);
  });
  return out;
}

/** Cut every class's seeded permutation into the splits of `plan`. Throws if a class is too small. */
export function makeSplits(dataset: Dataset, plan: SplitPlan, seed: number): Splits {
  // a class view's splits are its parent's, less the other classes: an image's split never depends on the subset
  const view = dataset.view;
  if (view) {
    const whole = makeSplits(view.parent, plan, seed);
    const out = {} as Splits;
    for (const s of SPLIT_NAMES) out[s] = toViewIndices(view, whole[s]);
    return out;
  }
  const numClasses = dataset.meta.classes.length;
  const rng = createRng(seed).fork(`splits:${dataset.meta.id}`);
  const testPart =
    plan.testPartition === undefined ? undefined : dataset.partitions.find((p) => p.name === plan.testPartition);
  if (plan.testPartition !== undefined && testPart === undefined) {
    throw new Error(`split plan: dataset "${dataset.meta.id}" has no partition "${plan.testPartition}"`);
  }
  const inTest = (i: number): boolean =>
    testPart !== undefined && i >= testPart.start && i < testPart.start + testPart.count;
  const mainPool = byClass(dataset.labels, numClasses, (i) => !inTest(i));
  const testPool = testPart ? byClass(dataset.labels, numClasses, inTest) : mainPool;
  const out: Record<SplitName, number[]> = { test: [], val: [], select: [], train: [], pretrain: [] };
  const order: Exclude<SplitName, 'pretrain'>[] = testPart
    ? ['val', 'select', 'train']
    : ['test', 'val', 'select', 'train'];
  for (let c = 0; c < numClasses; c++) {
    const pool = [...mainPool[c]];
    shuffleInPlace(pool, rng);
    if (testPart) {
      const t = [...testPool[c]];
      shuffleInPlace(t, rng);
      if (t.length < plan.perClass.test) {
        throw new Error(
          `split plan: class "${dataset.meta.classes[c]}" has ${t.length} test images, the plan needs ${plan.perClass.test}`,
        );
      }
      out.test.push(...t.slice(0, plan.perClass.test));
    }
    const need = order.reduce((a, s) => a + plan.perClass[s], 0);
    if (pool.length < need) {
      throw new Error(
        `split plan: class "${dataset.meta.classes[c]}" has ${pool.length} images, the plan needs ${need}`,
      );
    }
    let at = 0;
    for (const s of order) {
      out[s].push(...pool.slice(at, at + plan.perClass[s]));
      at += plan.perClass[s];
    }
    out.pretrain.push(...pool.slice(at));
  }
  const sorted = (xs: number[]): Int32Array => Int32Array.from(xs).sort();
  return {
    test: sorted(out.test),
    val: sorted(out.val),
    select: sorted(out.select),
    train: sorted(out.train),
    pretrain: sorted(out.pretrain),
  };
}

/** Shares of each class for a dataset without a plan of its own (an upload). */
const FALLBACK_FRACTIONS = { test: 0.3, val: 0.1, select: 0.1, train: 0.5 };

/** The plan of a dataset, or of the dataset a class view is cut from (whose splits the view takes). */
export const splitPlanOf = (ds: Dataset): SplitPlan => splitPlanFor((ds.view?.parent ?? ds).meta);

/** A shipped dataset's fixed plan, or fractions of its class counts for any other (an upload). */
export function splitPlanFor(meta: DatasetMeta): SplitPlan {
  const counts = meta.partitions.reduce<number[]>(
    (acc, p) => acc.map((c, i) => c + p.classCounts[i]),
    meta.classes.map(() => 0),
  );
  return DEFAULT_SPLIT_PLANS[meta.id] ?? fractionPlan(counts, FALLBACK_FRACTIONS);
}
