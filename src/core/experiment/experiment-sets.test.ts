import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { fileSource } from '../../testing/node-source';
import { loadDataset, type Dataset } from '../data/dataset-loader';
import { DEFAULT_SPLIT_PLANS } from '../data/splits';
import { balancedPositions, buildExperimentSets, experimentIndices, type ExperimentSpec } from './experiment-sets';

let ds: Dataset;
beforeAll(async () => {
  ds = await loadDataset(fileSource(join(import.meta.dirname, '..', '..', '..', 'public', 'datasets', 'mnist')));
});

describe('experiment sets', () => {
  it('builds train (N per class), val, select and one test set per domain, freeing them all', () => {
    const before = tf.memory().numTensors;
    const sets = buildExperimentSets(ds, {
      plan: DEFAULT_SPLIT_PLANS.mnist,
      seed: 0,
      trainPerClass: 100,
      idDomain: { id: 'clean', severity: 0 },
      oodDomains: [
        { id: 'inverted', severity: 1 },
        { id: 'noise', severity: 0.45 },
      ],
    });
    expect(sets.train.y.shape).toEqual([1000]);
    expect(sets.val.y.shape).toEqual([1000]);
    expect(sets.select.y.shape).toEqual([1000]);
    expect(sets.tests.map((t) => [t.domain, t.isId, t.set.y.shape[0]])).toEqual([
      ['clean', true, 3000],
      ['inverted', false, 3000],
      ['noise', false, 3000],
    ]);
    // inverted test images are 1 − clean ones, same labels
    const [clean, inverted] = sets.tests;
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.add(clean.set.x, inverted.set.x), 1))).dataSync()[0]);
    expect(gap).toBeLessThan(1e-6);
    expect(Array.from(inverted.set.y.dataSync())).toEqual(Array.from(clean.set.y.dataSync()));
    const counts = new Array(10).fill(0);
    sets.train.y.dataSync().forEach((l) => (counts[l] += 1));
    expect(counts).toEqual(new Array(10).fill(100));
    sets.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the splits fixed across run seeds, and pre-training images out of every run', () => {
    const spec = (seed: number): ExperimentSpec => ({
      plan: DEFAULT_SPLIT_PLANS.mnist,
      seed,
      trainPerClass: 100,
      testPerClass: 50,
      idDomain: { id: 'clean', severity: 0 },
      oodDomains: [],
    });
    const runs = [0, 1, 2].map((seed) => experimentIndices(ds, spec(seed)));
    for (const r of runs.slice(1)) {
      expect(r.val).toEqual(runs[0].val);
      expect(r.select).toEqual(runs[0].select);
      expect(r.pretrain).toEqual(runs[0].pretrain);
    }
    expect(runs[1].train).not.toEqual(runs[0].train); // the subset of the pool is the run's own
    const pretrain = new Set(runs[0].pretrain);
    expect(pretrain.size).toBeGreaterThan(2500);
    for (const r of runs) {
      const used = [...r.train, ...r.val, ...r.select, ...r.test];
      expect(used.filter((i) => pretrain.has(i))).toEqual([]);
      expect(new Set(used).size).toBe(used.length); // and no image in two of them
    }
  });

  it('live test sets: a fixed, seeded, class-balanced subset of each domain; the whole sets are built when asked', () => {
    const before = tf.memory().numTensors;
    const spec: ExperimentSpec = {
      plan: DEFAULT_SPLIT_PLANS.mnist,
      seed: 4,
      trainPerClass: 20,
      testPerClass: 50,
      liveTestPerClass: 7,
      idDomain: { id: 'clean', severity: 0 },
      oodDomains: [
        { id: 'inverted', severity: 1 },
        { id: 'noise', severity: 0.45 },
      ],
    };
    const sets = buildExperimentSets(ds, spec);
    expect(sets.livePerClass).toBe(7);
    expect([sets.numTests, sets.testImages]).toEqual([3, 500]);
    expect(sets.liveTests.map((t) => [t.domain, t.isId, t.set.y.shape[0]])).toEqual([
      ['clean', true, 70],
      ['inverted', false, 70],
      ['noise', false, 70],
    ]);
    const counts = new Array(10).fill(0);
    sets.liveTests[2].set.y.dataSync().forEach((l) => (counts[l] += 1));
    expect(counts).toEqual(new Array(10).fill(7));
    // the whole test sets are not built until asked (their transforms take seconds on WASM)
    const held = tf.memory().numTensors;
    const inverted = sets.test(1);
    expect(tf.memory().numTensors).toBe(held + 2);
    expect(sets.test(1)).toBe(inverted); // built once
    // each live image is one of the whole set's (a deterministic domain gives the very same pixels)
    const rows = (x: tf.Tensor, n: number): number[][] => tf.tidy(() => x.reshape([n, -1]).arraySync() as number[][]);
    const whole = new Set(rows(inverted.set.x, 500).map((row) => row.join(',')));
    expect(rows(sets.liveTests[1].set.x, 70).every((row) => whole.has(row.join(',')))).toBe(true);
    expect(sets.tests.map((t) => t.set.y.shape[0])).toEqual([500, 500, 500]);
    // the same subset for the same seed
    const again = buildExperimentSets(ds, spec);
    expect(Array.from(again.liveTests[0].set.y.dataSync())).toEqual(Array.from(sets.liveTests[0].set.y.dataSync()));
    again.dispose();
    sets.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // no subset: the live sets are the whole ones
    const all = buildExperimentSets(ds, { ...spec, liveTestPerClass: null });
    expect(all.liveTests).toEqual(all.tests);
    expect(all.livePerClass).toBeNull();
    all.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('balancedPositions takes up to N of each class, what a class has when it has fewer, sorted', () => {
    const labels = [0, 1, 1, 2, 2, 2, 0, 1];
    const picked = balancedPositions(labels, 3, 2, 1);
    expect(Array.from(picked)).toEqual([...picked].sort((a, b) => a - b));
    const byClass = [0, 0, 0];
    picked.forEach((i) => (byClass[labels[i]] += 1));
    expect(byClass).toEqual([2, 2, 2]);
    expect(Array.from(balancedPositions(labels, 3, 2, 1))).toEqual(Array.from(picked));
    expect(balancedPositions(labels, 4, 5, 0).length).toBe(8); // class 3 has none, the others all theirs
  });
});
