import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import {
  anchorsOf,
  ceGrads,
  maxAbsDiff,
  plainConfig,
  tinyDenseNet,
  unitL1,
  unitOf,
  weightsOf,
  radiiOf,
} from '../../testing/method-harness';
import { makeBars } from '../../testing/synthetic';
import { TunableModel } from '../model/tunable-model';
import { Trainer } from '../train/trainer';

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

describe('FTP', () => {
  it('follows METHODS.md §2 for three steps, by hand: γ = 1e-8, then one Adam step per training step', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyDenseNet(1));
    const [lr, radiusLr, k] = [0.3, 0.05, 2];
    const config = plainConfig('ftp', 3, 16, {
      ftp: { radiusLr, k },
      optimizer: { kind: 'sgd', lr, momentum: 0, nesterov: false, weightDecay: 0 },
    });
    const trainer = new Trainer({ model, train: data, val: data, config });
    const theta0 = anchorsOf(model.params);
    const projected = model.params.map((p) => !p.isHead);
    const P = model.params.length;
    let gamma = new Array<number>(P).fill(1e-8);
    const m = new Array<number>(P).fill(0);
    const v = new Array<number>(P).fill(0);
    let prev: { c: number[][]; n: number[][] } | null = null;
    for (let t = 1; t <= 3; t++) {
      const theta = weightsOf(model.params);
      const g = ceGrads(model, data, model.params);
      const stepped = theta.map((w, i) => w.map((x, j) => x - lr * g[i][j]));
      const c = stepped.map((w, i) => w.map((x, j) => x - theta0[i][j]));
      const n = c.map((ci, i) => unitL1(ci, model.params[i].variable.shape).map((x) => x + 1e-8));
      if (prev) {
        const p = prev;
        gamma = gamma.map((gm, i) => {
          const shape = model.params[i].variable.shape;
          let gg = g[i].reduce((s, gij, j) => s + (gij * p.c[i][j]) / p.n[i][unitOf(j, shape)], 0);
          if (gg > 0) gg *= k;
          m[i] = 0.9 * m[i] + 0.1 * gg;
          v[i] = 0.999 * v[i] + 0.001 * gg * gg;
          return gm - (radiusLr * (m[i] / (1 - 0.9 ** t))) / (Math.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8);
        });
      }
      gamma = gamma.map((gm, i) => clamp(gm, 1e-8, Math.max(...n[i])));
      const expected = stepped.map((w, i) =>
        projected[i]
          ? w.map((_, j) => {
              const r = clamp(gamma[i] / n[i][unitOf(j, model.params[i].variable.shape)], 0, 1);
              return theta0[i][j] + r * c[i][j];
            })
          : w,
      );
      prev = { c, n };
      trainer.step().loss.dispose();
      expect(maxAbsDiff(weightsOf(model.params), expected)).toBeLessThan(2e-6);
      const view = trainer.method.radiusView();
      const radii = radiiOf(view);
      expect(maxAbsDiff([radii], [gamma.filter((_, i) => projected[i])])).toBeLessThan(1e-6);
    }
    // the radii opened up from 1e-8: the learned bound is in use
    expect(Math.max(...gamma)).toBeGreaterThan(1e-4);
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});
