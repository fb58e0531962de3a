import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { loadDataset } from '../core/data/dataset-loader';
import { NEW_CLASSES, PRESETS } from '../core/spec/presets';
import type { RunSpec } from '../core/spec/run-spec';
import { fileSource } from '../testing/node-source';
import { DATASETS_DIR, finishedWorkerRun, nodeHandler, smallRunSpec } from '../testing/worker-run';
import { runDataset } from './run-sets';

/** The new-classes lesson's run, cut short (cnn-small on tfjs's CPU backend is slow): the 0–4 model fine-tuned on digits 5–9. */
function lessonSpec(): RunSpec {
  const preset = PRESETS.find((p) => p.id === 'new-classes')!;
  const spec = preset.apply(smallRunSpec(3, 10));
  return {
    ...spec,
    config: { ...spec.config, steps: 3, batchSize: 8 },
    oodDomains: [{ id: 'inverted', severity: 1 }],
    trainPerClass: 10,
    testPerClass: 10,
    liveTestPerClass: null,
    logEvery: 3,
    evalEvery: 3,
  };
}

describe('a run on a subset of the classes', () => {
  it('fine-tunes the 0–4 model on digits 5–9 with a 5-way head, measured on 5–9 only', async () => {
    const spec = lessonSpec();
    expect(spec.model).toEqual({ kind: 'pretrained', id: NEW_CLASSES.model });
    expect(spec.classes).toEqual([5, 6, 7, 8, 9]);
    const { summary, files, handle, events } = await finishedWorkerRun(spec);
    for (const r of summary.final.results) {
      expect(r.confusion?.length, r.domain).toBe(5);
      expect(
        r.confusion?.flat().reduce((a, b) => a + b, 0),
        r.domain,
      ).toBe(50); // 10 test images per class
    }
    const model = await tf.loadLayersModel(tf.io.fromMemory(files));
    expect(model.outputs[0].shape).toEqual([null, 5]);
    model.dispose();

    // a confusion cell's images are digits of the class the view calls it (view class 0 = digit 5)
    const clean = summary.final.results.find((r) => r.isId)!;
    await handle({
      type: 'testImages',
      requestId: 9,
      spec,
      recorded: [{ domain: clean.domain, predictions: clean.predictions!, confusion: clean.confusion! }],
      query: { kind: 'sample', perClass: 2, seed: 0 },
    });
    const answer = events.find((e) => e.type === 'testImages');
    if (answer?.type !== 'testImages') throw new Error(`no answer: ${JSON.stringify(events.at(-1))}`);
    const mnist = await loadDataset(fileSource(join(DATASETS_DIR, 'mnist/')));
    const view = runDataset(mnist, spec);
    expect(answer.rows[0].images.length).toBe(10);
    for (const im of answer.rows[0].images) expect(im.label).toBeLessThan(5);
    expect(view.meta.classes).toEqual(['5', '6', '7', '8', '9'].map((d) => mnist.meta.classes[Number(d)]));
  }, 300_000);

  it('refuses classes the dataset does not have, naming them', async () => {
    const { events, handle } = await nodeHandler();
    await handle({ type: 'start', runId: 1, spec: { ...smallRunSpec(2, 2), classes: [3, 12] } });
    const failed = events.find((e) => e.type === 'runFailed');
    if (failed?.type !== 'runFailed') throw new Error(`no runFailed: ${JSON.stringify(events.map((e) => e.type))}`);
    expect(failed.error.message).toContain('12 is not a class (0–9)');
  });
});
