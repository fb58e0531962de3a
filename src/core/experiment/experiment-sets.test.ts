import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { fileSource } from '../../testing/node-source';
import { loadDataset, type Dataset } from '../data/dataset-loader';
import { DEFAULT_SPLIT_PLANS } from '../data/splits';
import { buildExperimentSets, experimentIndices, type ExperimentSpec } from './experiment-sets';

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
});
