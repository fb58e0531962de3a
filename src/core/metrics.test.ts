import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { BARS_CLASSES, tinyConvNet, makeBars } from '../testing/synthetic';
import { crossEntropy } from './losses';
import { confusionFrom, evaluate, evaluationTotals, layerStats } from './metrics';
import { TunableModel } from './model/tunable-model';
import { Tpgm } from './tpgm/tpgm';

describe('metrics', () => {
  it('evaluates accuracy and mean loss in batches exactly as one big batch would', async () => {
    const model = new TunableModel(tinyConvNet(1));
    const data = makeBars(50, 3);
    const { logits, loss } = tf.tidy(() => {
      const z = model.forward(data.x, 'inference');
      return { logits: Array.from(z.argMax(1).dataSync()), loss: crossEntropy(z, data.y).dataSync()[0] };
    });
    const labels = Array.from(data.y.dataSync());
    const expected = logits.filter((p, i) => p === labels[i]).length / 50;
    const got = await evaluate(model, data, 16); // 16 + 16 + 16 + 2
    expect(got.accuracy).toBeCloseTo(expected, 10);
    expect(got.loss).toBeCloseTo(loss, 5);
    expect(got.count).toBe(50);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('counts the confusion [true][predicted] on the device, in batches, beside the same totals', async () => {
    const model = new TunableModel(tinyConvNet(3));
    const data = makeBars(50, 3);
    const predicted = tf.tidy(() => Array.from(model.forward(data.x, 'inference').argMax(1).dataSync()));
    const labels = Array.from(data.y.dataSync());
    const classes = Array.from({ length: BARS_CLASSES }, (_, c) => c);
    const expected = classes.map((t) =>
      classes.map((p) => labels.filter((l, i) => l === t && predicted[i] === p).length),
    );
    const before = tf.memory().numTensors;
    const packed = evaluationTotals(model, data, 16, BARS_CLASSES);
    const values = await packed.data();
    packed.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(values).toHaveLength(2 + BARS_CLASSES ** 2);
    expect(confusionFrom(values, 2, BARS_CLASSES)).toEqual(expected);
    // the correct count is the confusion's trace, and the totals match those without it
    expect(values[0]).toBe(classes.reduce((n, c) => n + expected[c][c], 0));
    expect(values[0]).toBeGreaterThan(0); // a trace of zeros would not tell rows from columns
    const plain = evaluationTotals(model, data, 16);
    expect(Array.from(await plain.data())).toEqual([values[0], values[1]].map((v) => expect.closeTo(v, 4)));
    plain.dispose();
    expect(expected.flat().reduce((a, b) => a + b, 0)).toBe(50);
    tf.dispose([data.x, data.y]);
    model.dispose();
  });

  it('computes the cross-entropy from its formula', () => {
    tf.tidy(() => {
      const z = tf.tensor2d([
        [0, 0],
        [2, 0],
      ]);
      const y = tf.tensor1d([0, 1], 'int32');
      // mean(ln 2, ln(1 + e²) − 0)
      expect(crossEntropy(z, y).dataSync()[0]).toBeCloseTo((Math.log(2) + Math.log(1 + Math.exp(2))) / 2, 6);
    });
  });

  it('reports per-layer deviation, its ratio to ‖θ0‖, and no radius for a method without one', async () => {
    const model = new TunableModel(tinyConvNet(2));
    const p = model.param('conv1/bias');
    p.variable.assign(tf.add(p.anchor, tf.tensor1d([3, 4, 0, 0])));
    const stats = await layerStats(model, null);
    const bias = stats.find((s) => s.name === 'conv1/bias');
    expect(bias?.deviation).toBeCloseTo(5, 5);
    expect(bias?.anchorNorm).toBe(0); // biases start at zero
    expect(bias?.relativeDeviation).toBe(Number.POSITIVE_INFINITY);
    const kernel = stats.find((s) => s.name === 'conv1/kernel');
    expect(kernel?.deviation).toBe(0);
    expect(kernel?.relativeDeviation).toBe(0);
    expect(stats.every((s) => s.radius === null && s.projectionRatio === null)).toBe(true);
    expect(stats.filter((s) => s.isHead).map((s) => s.name)).toEqual(['fc/kernel', 'fc/bias']);
    model.dispose();
  });

  for (const [norm, radius, bounded, after] of [
    // d = [3, 4, 0, 0]: ‖d‖₂ = 5; the L2 ball of radius 2 scales d by 2/5 → [1.2, 1.6, 0, 0]
    ['l2', 2, 5, 2],
    // MARS bounds a 1-D tensor by its L1 norm, 7; radius 3.5 halves d → [1.5, 2, 0, 0], ‖·‖₂ = 2.5
    ['mars', 3.5, 7, 2.5],
  ] as const) {
    it(`reports the drift the step wanted before the projection, and after it (${norm}, by hand)`, async () => {
      const model = new TunableModel(tinyConvNet(2));
      const p = model.param('conv1/bias');
      p.variable.assign(tf.add(p.anchor, tf.tensor1d([3, 4, 0, 0])));
      const tpgm = new Tpgm(model, [p], { norm, mars1d: 'vector', radiusLr: 1e-2 });
      const dev = tpgm.measureDeviation();
      tpgm.setRadii([radius]);
      tpgm.projectWeights(dev);
      const view = {
        params: tpgm.params,
        radii: tpgm.gamma,
        meanRatios: tpgm.meanRatios,
        wanted: () => dev.wanted(),
        norm: tpgm.spec,
      };
      const bias = (await layerStats(model, view)).find((s) => s.name === 'conv1/bias');
      expect(bias?.wantedDeviation).toBeCloseTo(5, 5);
      expect(bias?.wantedBoundedDeviation).toBeCloseTo(bounded, 5);
      expect(bias?.radius).toBeCloseTo(radius, 5);
      expect(bias?.deviation).toBeCloseTo(after, 5);
      expect(bias?.boundedDeviation).toBeCloseTo(radius, 5);
      const kernel = (await layerStats(model, view)).find((s) => s.name === 'conv1/kernel');
      expect(kernel?.wantedDeviation).toBeNull(); // not projected: nothing was wanted of it
      dev.dispose();
      tpgm.dispose();
      model.dispose();
    });
  }
});
