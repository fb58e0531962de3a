import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { fileSource } from '../../testing/node-source';
import { loadDataset, type Dataset } from './dataset-loader';
import { DEFAULT_SPLIT_PLANS, SPLIT_NAMES, fractionPlan, makeSplits, splitPlanFor, type Splits } from './splits';

const root = join(import.meta.dirname, '..', '..', '..', 'public', 'datasets');
let mnist: Dataset;
let fashion: Dataset;
beforeAll(async () => {
  mnist = await loadDataset(fileSource(join(root, 'mnist')));
  fashion = await loadDataset(fileSource(join(root, 'fashion-mnist')));
});

function expectDisjointCover(splits: Splits, total: number): void {
  const seen = new Uint8Array(total);
  for (const name of SPLIT_NAMES) {
    for (const i of splits[name]) {
      expect(seen[i], `image ${i} is in two splits`).toBe(0);
      seen[i] = 1;
    }
  }
}

describe('splits', () => {
  it('cuts MNIST into disjoint class-balanced splits, the same for a seed', () => {
    const s = makeSplits(mnist, DEFAULT_SPLIT_PLANS.mnist, 0);
    expectDisjointCover(s, mnist.labels.length);
    expect([s.test.length, s.val.length, s.select.length, s.train.length]).toEqual([3000, 1000, 1000, 2000]);
    expect(s.pretrain.length).toBe(10000 - 7000);
    const perClass = new Array(10).fill(0);
    for (const i of s.val) perClass[mnist.labels[i]] += 1;
    expect(perClass).toEqual(new Array(10).fill(100));
    expect(makeSplits(mnist, DEFAULT_SPLIT_PLANS.mnist, 0)).toEqual(s);
    expect(makeSplits(mnist, DEFAULT_SPLIT_PLANS.mnist, 1).val).not.toEqual(s.val);
  });

  it("takes Fashion-MNIST's test split from its official test partition only", () => {
    const s = makeSplits(fashion, DEFAULT_SPLIT_PLANS['fashion-mnist'], 3);
    expectDisjointCover(s, fashion.labels.length);
    const test = fashion.partitions.find((p) => p.name === 'test');
    expect(test).toBeDefined();
    const inTest = (i: number): boolean => i >= (test?.start ?? 0) && i < (test?.start ?? 0) + (test?.count ?? 0);
    expect(Array.from(s.test).every(inTest)).toBe(true);
    expect([...s.val, ...s.select, ...s.train, ...s.pretrain].some(inTest)).toBe(false);
    expect(s.test.length).toBe(3000);
  });

  it('refuses a plan that a class cannot fill, naming the class', () => {
    expect(() => makeSplits(mnist, { perClass: { test: 900, val: 0, select: 0, train: 0 } }, 0)).toThrow(
      'split plan: class "5" has 863 images, the plan needs 900',
    );
    expect(() =>
      makeSplits(mnist, { perClass: { test: 1, val: 1, select: 1, train: 1 }, testPartition: 'official' }, 0),
    ).toThrow(/no partition "official"/);
  });

  it('derives a plan from fractions of the smallest class', () => {
    expect(fractionPlan([10, 20], { test: 0.2, val: 0.1, select: 0.1, train: 0.6 }).perClass).toEqual({
      test: 2,
      val: 1,
      select: 1,
      train: 6,
    });
  });
});

describe('the plan of a dataset', () => {
  it('is the fixed plan for a shipped dataset, and shares of the smallest class for an upload', () => {
    const meta = (id: string, counts: number[]) =>
      ({ id, classes: counts.map(String), partitions: [{ classCounts: counts }] }) as unknown as Dataset['meta'];
    expect(splitPlanFor(meta('mnist', [1000, 1000]))).toBe(DEFAULT_SPLIT_PLANS.mnist);
    expect(splitPlanFor(meta('upload:x', [50, 40]))).toEqual({ perClass: { test: 12, val: 4, select: 4, train: 20 } });
  });
});
