import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { experimentIndices } from '../experiment/experiment-sets';
import { fileSource } from '../../testing/node-source';
import { classSubsetProblems, formatClassList, parseClassList } from '../spec/class-list';
import { classView, datasetForClasses } from './class-view';
import { loadDataset, type Dataset } from './dataset-loader';
import { DEFAULT_SPLIT_PLANS, SPLIT_NAMES, makeSplits, splitPlanOf } from './splits';

const root = join(import.meta.dirname, '..', '..', '..', 'public', 'datasets');
let mnist: Dataset;
beforeAll(async () => {
  mnist = await loadDataset(fileSource(join(root, 'mnist')));
});

const LOWER = [0, 1, 2, 3, 4];
const UPPER = [5, 6, 7, 8, 9];
const imageSize = 28 * 28;

/** The parent indices of view indices. */
const inParent = (view: Dataset, indices: ArrayLike<number>): number[] =>
  Array.from(indices, (i) => view.view!.parentIndex[i]);

describe('classView', () => {
  it('keeps only the chosen classes, renumbered in the order given, with the parent’s pixels', () => {
    const v = classView(mnist, [7, 2, 9]);
    expect(v.meta.classes).toEqual(['7', '2', '9'].map((d) => mnist.meta.classes[Number(d)]));
    const expected = Array.from(mnist.labels).filter((l) => [7, 2, 9].includes(l)).length;
    expect(v.labels.length).toBe(expected);
    expect(v.images.length).toBe(expected * imageSize);
    v.labels.forEach((l, i) => {
      const p = v.view!.parentIndex[i];
      expect(mnist.labels[p]).toBe([7, 2, 9][l]);
    });
    const k = 123;
    const p = v.view!.parentIndex[k];
    expect(Array.from(v.images.subarray(k * imageSize, (k + 1) * imageSize))).toEqual(
      Array.from(mnist.images.subarray(p * imageSize, (p + 1) * imageSize)),
    );
    expect(v.meta.partitions.reduce((a, p) => a + p.count, 0)).toBe(expected);
    expect(v.partitions.reduce((a, p) => a + p.count, 0)).toBe(expected);
  });

  it('takes the whole dataset’s splits, less the other classes', () => {
    const plan = DEFAULT_SPLIT_PLANS.mnist;
    const whole = makeSplits(mnist, plan, 0);
    const v = classView(mnist, UPPER);
    const cut = makeSplits(v, splitPlanOf(v), 0);
    for (const s of SPLIT_NAMES) {
      const expected = Array.from(whole[s]).filter((i) => UPPER.includes(mnist.labels[i]));
      expect(inParent(v, cut[s]), s).toEqual(expected);
    }
    expect(cut.train.length).toBe(5 * plan.perClass.train);
    expect(splitPlanOf(v)).toBe(plan);
  });

  it('never puts a pre-training class or image of the 0–4 model into a 5–9 fine-tuning run', () => {
    const pre = classView(mnist, LOWER);
    const pretrainImages = new Set(inParent(pre, makeSplits(pre, splitPlanOf(pre), 0).pretrain));
    expect(pretrainImages.size).toBeGreaterThan(0);
    const fine = classView(mnist, UPPER);
    for (const seed of [0, 1, 2]) {
      const idx = experimentIndices(fine, {
        plan: splitPlanOf(fine),
        seed,
        trainPerClass: null,
        testPerClass: null,
        idDomain: { id: 'clean', severity: 0 },
        oodDomains: [],
      });
      for (const s of ['train', 'val', 'select', 'test'] as const) {
        const parents = inParent(fine, idx[s]);
        expect(parents.length, s).toBeGreaterThan(0);
        for (const p of parents) {
          expect(pretrainImages.has(p), `image ${p} in ${s}`).toBe(false);
          expect(LOWER.includes(mnist.labels[p]), `class of ${p} in ${s}`).toBe(false);
        }
      }
    }
    // and the 0–4 model's pre-training images are in no split of a run on all ten classes either
    const whole = makeSplits(mnist, DEFAULT_SPLIT_PLANS.mnist, 0);
    for (const s of ['train', 'val', 'select', 'test'] as const) {
      expect(
        Array.from(whole[s]).some((i) => pretrainImages.has(i)),
        s,
      ).toBe(false);
    }
  });

  it('cuts a view of a view from the dataset itself', () => {
    const v = classView(classView(mnist, UPPER), [4, 0]); // classes 9 and 5
    expect(v.view!.parent).toBe(mnist);
    expect(v.view!.classes).toEqual([9, 5]);
    const all = Array.from(v.labels, (_, i) => i);
    expect(new Set(inParent(v, all).map((p) => mnist.labels[p]))).toEqual(new Set([5, 9]));
    expect(all.every((i) => [9, 5][v.labels[i]] === mnist.labels[v.view!.parentIndex[i]])).toBe(true);
  });

  it('refuses a subset that is too small, out of range or repeats a class', () => {
    expect(classSubsetProblems([3], 10)).toEqual(['a class subset needs at least 2 classes, got 1']);
    expect(classSubsetProblems([0, 10, -1], 10)).toEqual(['10, -1 are not classes (0–9)']);
    expect(classSubsetProblems([1, 1], 10)).toEqual(['a class is listed twice']);
    expect(() => classView(mnist, [1, 12])).toThrow('mnist: 12 is not a class (0–9)');
    expect(datasetForClasses(mnist, undefined)).toBe(mnist);
  });
});

describe('class lists', () => {
  it('read and write ranges and single classes', () => {
    expect(parseClassList('0-4')).toEqual([0, 1, 2, 3, 4]);
    expect(parseClassList('5, 7,9')).toEqual([5, 7, 9]);
    expect(parseClassList('0-2,7')).toEqual([0, 1, 2, 7]);
    for (const list of [
      [0, 1, 2, 3, 4],
      [5, 7, 9],
      [0, 1, 2, 7],
      [3, 4],
      [9, 5],
    ]) {
      expect(parseClassList(formatClassList(list))).toEqual(list);
    }
    expect(formatClassList([5, 6, 7, 8, 9])).toBe('5-9');
    expect(() => parseClassList('4-0')).toThrow('counts down');
    expect(() => parseClassList('a')).toThrow('is not a class list');
  });
});
