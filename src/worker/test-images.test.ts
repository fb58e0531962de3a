import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { loadDataset } from '../core/data/dataset-loader';
import { wholeTestSet } from '../core/experiment/experiment-sets';
import { confusionOf, decodePredictions } from '../core/spec/predictions';
import { fileSource } from '../testing/node-source';
import { DATASETS_DIR, finishedWorkerRun, smallRunSpec } from '../testing/worker-run';
import { experimentSpecOf } from './run-sets';
import { queryPositions } from './test-images';

const spec = smallRunSpec(15, 12);
const finishedRun = () => finishedWorkerRun(spec);

describe("a finished run's test images", () => {
  it('keeps one prediction per test image, which the trained model makes again on the rebuilt test set', async () => {
    const { summary, files } = await finishedRun();
    const ds = await loadDataset(fileSource(join(DATASETS_DIR, 'mnist/')));
    const model = await tf.loadLayersModel(tf.io.fromMemory(files));
    for (const r of summary.final.results) {
      const predicted = decodePredictions(r.predictions ?? '');
      expect(predicted?.length).toBe(120); // 12 per class, 10 classes
      const { test, indices } = wholeTestSet(ds, experimentSpecOf(spec, ds), r.domain);
      const again = tf.tidy(() => (model.predict(test.set.x) as tf.Tensor).argMax(1).dataSync());
      expect(Array.from(predicted ?? [])).toEqual(Array.from(again));
      // and the counts of the device's confusion matrix are those of the predictions
      expect(
        confusionOf(
          Array.from(indices, (i) => ds.labels[i]),
          predicted ?? [],
          10,
        ),
      ).toEqual(r.confusion);
      tf.dispose([test.set.x, test.set.y]);
    }
    model.dispose();
  });

  it('answers a confusion cell with its images, as the domain shows them, and refuses a record that does not fit', async () => {
    const { events, handle, summary } = await finishedRun();
    const noisy = summary.final.results.find((r) => r.domain === 'noise');
    if (!noisy?.predictions || !noisy.confusion) throw new Error('no predictions kept');
    // the largest off-diagonal cell, or the diagonal of class 0 when the run made no mistake
    let cell = { t: 0, p: 0, n: noisy.confusion[0][0] };
    noisy.confusion.forEach((row, t) =>
      row.forEach((n, p) => {
        if (t !== p && n > (cell.t === cell.p ? 0 : cell.n)) cell = { t, p, n };
      }),
    );
    const recorded = [{ domain: noisy.domain, predictions: noisy.predictions, confusion: noisy.confusion }];
    const before = tf.memory().numTensors;
    await handle({
      type: 'testImages',
      requestId: 5,
      spec,
      recorded,
      query: { kind: 'cell', trueClass: cell.t, predicted: cell.p, limit: 3 },
    });
    expect(tf.memory().numTensors).toBe(before);
    const answer = events.find((e) => e.type === 'testImages');
    if (answer?.type !== 'testImages') throw new Error(`no answer: ${JSON.stringify(events.at(-1))}`);
    const [row] = answer.rows;
    expect(row.matched).toBe(cell.n);
    expect(row.images.length).toBe(Math.min(3, cell.n));
    expect(row.images.every((im) => im.label === cell.t && im.predicted === cell.p)).toBe(true);
    expect(row.severity).toBe(0.3);
    // the pixels are the noisy test set's, at those positions
    const ds = await loadDataset(fileSource(join(DATASETS_DIR, 'mnist/')));
    const { test } = wholeTestSet(ds, experimentSpecOf(spec, ds), 'noise');
    const pixels = test.set.x.dataSync();
    for (const im of row.images) {
      const at = im.position * 784;
      const expected = Array.from({ length: 784 }, (_, p) => Math.min(1, Math.max(0, pixels[at + p])) * 255);
      const grey = Array.from({ length: 784 }, (_, p) => im.rgba[4 * p]);
      // Uint8ClampedArray rounds to the nearest byte
      expect(grey.every((v, p) => Math.abs(v - expected[p]) <= 0.5)).toBe(true);
    }
    tf.dispose([test.set.x, test.set.y]);

    // a record whose counts this test set does not give (another dataset, split or seed) is refused
    const wrong = recorded.map((r) => ({ ...r, confusion: r.confusion.map((row) => row.map((v) => v + 1)) }));
    await handle({
      type: 'testImages',
      requestId: 6,
      spec,
      recorded: wrong,
      query: { kind: 'sample', perClass: 1, seed: 0 },
    });
    expect(events.at(-1)).toEqual({
      type: 'failed',
      requestId: 6,
      error: expect.objectContaining({ message: expect.stringMatching(/does not give the run's confusion counts/) }),
    });
  });
});

describe('queryPositions', () => {
  const labels = [0, 1, 2, 0, 1, 2, 0, 1, 2];
  const predicted = [0, 2, 2, 1, 1, 2, 1, 2, 0];
  it('finds a cell by true and predicted class, counting past the limit', () => {
    expect(queryPositions(labels, predicted, 3, { kind: 'cell', trueClass: 0, predicted: 1, limit: 1 })).toEqual({
      positions: [3],
      matched: 2,
    });
    expect(queryPositions(labels, predicted, 3, { kind: 'cell', trueClass: 2, predicted: 1, limit: 5 })).toEqual({
      positions: [],
      matched: 0,
    });
  });
  it('samples each class in turn, the same positions for the same seed', () => {
    const a = queryPositions(labels, predicted, 3, { kind: 'sample', perClass: 2, seed: 4 });
    expect(a.positions.map((p) => labels[p])).toEqual([0, 0, 1, 1, 2, 2]);
    expect(queryPositions(labels, predicted, 3, { kind: 'sample', perClass: 2, seed: 4 })).toEqual(a);
  });
});
