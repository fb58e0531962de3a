import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { Deviation } from './deviation';
import { FlatLayout } from './flat-layout';
import { deviationNorm, type NormSpec } from './norms';
import { wantedDrifts } from './projection';

/** A conv kernel, its bias, a dense kernel, a 1-element vector and a scalar: every kind of unit. */
const SHAPES = [[3, 3, 2, 4], [4], [5, 3], [1], []];
const SPECS: NormSpec[] = [
  { norm: 'l2', mars1d: 'vector' },
  { norm: 'mars', mars1d: 'vector' },
  { norm: 'mars', mars1d: 'elementwise' },
];

const values = async (ts: readonly tf.Tensor[]): Promise<number[][]> =>
  Promise.all(ts.map(async (t) => Array.from(await t.data())));

describe.each(SPECS)('the flat layout of every projected tensor ($norm, 1-D $mars1d)', (spec) => {
  it('gives each tensor back as it was, and the norms, maxima and drifts the per-tensor functions give', async () => {
    const layout = new FlatLayout(SHAPES, spec);
    const theta = SHAPES.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', i + 1));
    const anchor = SHAPES.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', i + 11));
    const flatTheta = layout.flatten(theta);
    const flatAnchor = layout.flatten(anchor);
    const dev = new Deviation(layout, flatTheta, flatAnchor, spec);
    const before = tf.memory().numTensors;

    const back = layout.split(flatTheta);
    expect(back.map((t) => t.shape)).toEqual(SHAPES);
    expect(await values(back)).toEqual(await values(theta));

    const d = theta.map((t, i) => tf.sub(t, anchor[i]));
    const n = d.map((di) => deviationNorm(di, spec));
    expect(dev.n.map((t) => t.shape)).toEqual(n.map((t) => t.shape));
    const close = (a: number[][], b: number[][]) =>
      a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(b[i][j], 5)));
    close(await values(dev.n), await values(n));
    close(await values(dev.d), await values(d));
    const maxN = n.map((ni) => tf.max(ni));
    close([Array.from(await dev.maxNs.data())], [(await values(maxN)).flat()]);
    const minN = layout.tensorMin(dev.unitN);
    const refMin = n.map((ni) => tf.min(ni));
    close([Array.from(await minN.data())], [(await values(refMin)).flat()]);
    const meanN = layout.tensorMean(dev.unitN);
    const refMean = n.map((ni) => tf.mean(ni));
    close([Array.from(await meanN.data())], [(await values(refMean)).flat()]);
    const wanted = dev.wanted();
    const refWanted = wantedDrifts(d, maxN);
    close([Array.from(await wanted.data())], [Array.from(await refWanted.data())]);
    expect(layout.unitCounts.reduce((a, b) => a + b, 0)).toBe(dev.unitN.shape[0]);

    tf.dispose([...back, ...d, ...n, ...maxN, minN, meanN, wanted, ...refMin, ...refMean, refWanted]);
    dev.dispose(); // with the per-tensor views it made when asked
    expect(tf.memory().numTensors).toBe(before - 4);
    tf.dispose([...theta, ...anchor, flatTheta, flatAnchor]);
    layout.dispose();
  });
});

describe('units', () => {
  it('are one per tensor for l2, one per output for MARS, one per element for element-wise 1-D', () => {
    const count = (spec: NormSpec) => {
      const layout = new FlatLayout(SHAPES, spec);
      layout.dispose();
      return layout.unitCounts;
    };
    expect(count(SPECS[0])).toEqual([1, 1, 1, 1, 1]);
    expect(count(SPECS[1])).toEqual([4, 1, 3, 1, 1]);
    expect(count(SPECS[2])).toEqual([4, 4, 3, 1, 1]);
  });
});
