import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { makeBars, tinyConvNet } from '../../testing/synthetic';
import { crossEntropy } from '../losses';
import { TunableModel } from '../model/tunable-model';
import { createRng } from '../rng';
import type { Mars1dMode, NormMode } from '../spec/config';
import { Tpgm } from './tpgm';

/** A model whose weights sit at θ0 + d for a seeded random d, so every tensor has moved. */
function movedModel(seed: number): TunableModel {
  const model = new TunableModel(tinyConvNet(seed));
  const rng = createRng(seed);
  for (const p of model.params) {
    const d = tf.tensor(
      Array.from({ length: p.variable.size }, () => 0.2 * rng.normal()),
      p.variable.shape,
    );
    p.variable.assign(tf.add(p.anchor, d));
    d.dispose();
  }
  return model;
}

/** A radius strictly inside (0, max n) and away from every unit norm, so L(γ) is smooth around it. */
function interiorRadius(norms: number[]): number {
  const s = [0, ...norms].sort((a, b) => a - b);
  let best = 1;
  for (let k = 2; k < s.length; k++) if (s[k] - s[k - 1] > s[best] - s[best - 1]) best = k;
  return 0.5 * (s[best - 1] + s[best]); // the middle of the widest gap between unit norms
}

describe('Tpgm radius gradient', () => {
  for (const [norm, mars1d] of [
    ['l2', 'vector'],
    ['mars', 'vector'],
    ['mars', 'elementwise'],
  ] as [NormMode, Mars1dMode][]) {
    it(`agrees with central finite differences of the validation loss (${norm}, 1-D ${mars1d})`, async () => {
      const model = movedModel(3);
      const batch = makeBars(64, 9, 0.2);
      const params = model.projectedParams({ excludeHead: false, excluded: [] });
      const tpgm = new Tpgm(model, params, { norm, mars1d, radiusLr: 1e-2 });
      const dev = tpgm.measureDeviation();
      const norms = await Promise.all(dev.n.map(async (n) => Array.from(await n.data())));
      const radii = norms.map(interiorRadius);
      const lossAt = async (values: number[]): Promise<number> => {
        tpgm.setRadii(values);
        tpgm.projectWeights(dev);
        const loss = tf.tidy(() => crossEntropy(model.forward(batch.x, 'inference'), batch.y));
        const v = (await loss.data())[0];
        loss.dispose();
        return v;
      };
      tpgm.setRadii(radii);
      const step = tpgm.updateRadii(dev, batch.x, batch.y);
      const analytic = Array.from(await step.grads.data());
      tf.dispose([step.loss, step.grads]);
      for (let i = 0; i < radii.length; i++) {
        const gaps = norms[i].map((n) => Math.abs(n - radii[i]));
        const h = Math.min(1e-2 * radii[i], 0.5 * Math.min(...gaps));
        const plus = [...radii];
        const minus = [...radii];
        plus[i] += h;
        minus[i] -= h;
        const fd = ((await lossAt(plus)) - (await lossAt(minus))) / (2 * h);
        expect(Math.abs(fd - analytic[i]), `${params[i].name}: fd ${fd} vs ${analytic[i]}`).toBeLessThanOrEqual(
          3e-2 * Math.abs(analytic[i]) + 3e-4,
        );
      }
      expect(analytic.some((g) => Math.abs(g) > 1e-3)).toBe(true);
      dev.dispose();
      tpgm.dispose();
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    });
  }

  it('initialises γ = min(n)/2 on the first update and keeps one Adam state across updates', async () => {
    const model = movedModel(4);
    const batch = makeBars(32, 10, 0.2);
    const tpgm = new Tpgm(model, model.projectedParams({ excludeHead: true, excluded: [] }), {
      norm: 'mars',
      mars1d: 'vector',
      radiusLr: 1e-2,
    });
    const dev = tpgm.measureDeviation();
    const minHalf = await Promise.all(dev.n.map(async (n) => Math.min(...(await n.data())) / 2));
    expect(tpgm.isInitialized).toBe(false);
    const first = tpgm.updateRadii(dev, batch.x, batch.y);
    const r1 = Array.from(await tpgm.gamma.data());
    // the first Adam step moves each radius by lr·sign(g) (|m̂/√v̂| = 1), starting from min(n)/2
    const g1 = Array.from(await first.grads.data());
    r1.forEach((r, i) => expect(r).toBeCloseTo(minHalf[i] - 1e-2 * Math.sign(g1[i]), 5));
    tf.dispose([first.loss, first.grads]);
    const second = tpgm.updateRadii(dev, batch.x, batch.y);
    tf.dispose([second.loss, second.grads]);
    const r2 = Array.from(await tpgm.gamma.data());
    expect(r2).not.toEqual(r1);
    dev.dispose();
    tpgm.dispose();
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('refuses to project before the radii exist', () => {
    const model = movedModel(5);
    const tpgm = new Tpgm(model, model.projectedParams({ excludeHead: true, excluded: [] }), {
      norm: 'l2',
      mars1d: 'vector',
      radiusLr: 1e-2,
    });
    const dev = tpgm.measureDeviation();
    expect(() => tpgm.projectWeights(dev)).toThrow(/radii are not initialised/);
    dev.dispose();
    tpgm.dispose();
    model.dispose();
  });
});
