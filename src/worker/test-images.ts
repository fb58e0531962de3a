/**
 * A finished run's test images, found again after the run: its spec (with its seed) rebuilds each
 * domain's whole test set exactly as the final evaluation measured it, and its per-image predictions
 * say which images a confusion cell holds. The rebuilt labels must give the run's own confusion counts,
 * so a changed dataset or split is refused rather than shown as the run's images.
 */
import * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../core/data/dataset-loader';
import { disposeSet } from '../core/data/labelled-set';
import {
  balancedPositions,
  experimentIndices,
  wholeTestSet,
  type ExperimentSpec,
} from '../core/experiment/experiment-sets';
import { confusionOf, decodePredictions } from '../core/spec/predictions';
import type { RunSpec } from '../core/spec/run-spec';
import { toRgba } from './gallery';
import type { RecordedPredictions, TestImageQuery, TestImageRow } from './protocol';
import { experimentSpecOf } from './run-sets';

/** Positions of the test set that `query` asks for, and how many matched it. */
export function queryPositions(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
  query: TestImageQuery,
): { positions: number[]; matched: number } {
  if (query.kind === 'sample') {
    // class 0, 1, … in turn, as the gallery shows them
    const positions = Array.from(balancedPositions(labels, numClasses, query.perClass, query.seed)).sort(
      (a, b) => labels[a] - labels[b] || a - b,
    );
    return { positions, matched: positions.length };
  }
  const all: number[] = [];
  for (let i = 0; i < labels.length; i++)
    if (labels[i] === query.trueClass && predicted[i] === query.predicted) all.push(i);
  return { positions: all.slice(0, Math.max(0, query.limit)), matched: all.length };
}

const sameCounts = (a: number[][], b: number[][]): boolean =>
  a.length === b.length && a.every((row, t) => row.length === b[t].length && row.every((v, p) => v === b[t][p]));

/** One domain's images for `query`, as the run's final evaluation saw them. */
async function domainImages(
  ds: Dataset,
  spec: ExperimentSpec,
  testIndices: Int32Array,
  recorded: RecordedPredictions,
  query: TestImageQuery,
): Promise<TestImageRow> {
  const predicted = decodePredictions(recorded.predictions);
  if (!predicted) throw new Error(`the run's predictions on ${recorded.domain} are damaged (not base64)`);
  const numClasses = ds.meta.classes.length;
  const { test, indices } = wholeTestSet(ds, spec, recorded.domain, testIndices);
  try {
    const labels = Array.from(indices, (i) => ds.labels[i]);
    if (predicted.length !== labels.length)
      throw new Error(
        `the run predicted ${predicted.length} test images on ${recorded.domain}, but its settings now give ${labels.length}: the dataset changed since the run`,
      );
    if (!sameCounts(confusionOf(labels, predicted, numClasses), recorded.confusion))
      throw new Error(
        `the test set of ${recorded.domain} rebuilt from the run's settings does not give the run's confusion counts: the dataset changed since the run`,
      );
    const { positions, matched } = queryPositions(labels, predicted, numClasses, query);
    const [h, w, c] = ds.meta.imageShape;
    let rgba: Uint8ClampedArray[] = [];
    if (positions.length > 0) {
      const picked = tf.gather(test.set.x, positions);
      try {
        rgba = toRgba((await picked.data()) as Float32Array, positions.length, h, w, c); // one read-back
      } finally {
        picked.dispose();
      }
    }
    return {
      domain: recorded.domain,
      severity: test.severity,
      matched,
      images: positions.map((p, i) => ({ position: p, label: labels[p], predicted: predicted[p], rgba: rgba[i] })),
    };
  } finally {
    disposeSet(test.set);
  }
}

/** Each recorded domain's images for `query`, in order. */
export async function renderTestImages(
  ds: Dataset,
  spec: RunSpec,
  recorded: RecordedPredictions[],
  query: TestImageQuery,
): Promise<TestImageRow[]> {
  if (spec.purpose !== 'finetune') throw new Error('only a fine-tuning run keeps its test images');
  const experiment = experimentSpecOf(spec, ds);
  const indices = experimentIndices(ds, experiment).test;
  const rows: TestImageRow[] = [];
  for (const r of recorded) rows.push(await domainImages(ds, experiment, indices, r, query));
  return rows;
}
