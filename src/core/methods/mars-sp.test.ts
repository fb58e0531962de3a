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

describe('MARS-SP', () => {
  it('projects one SGD step onto fixed radii γ = ρ·max‖θ0‖_mars, by hand; the head stays free', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyDenseNet(1));
    const rho = 0.02;
    const lr = 0.5; // a large step, so the projection bites
    const config = plainConfig('mars-sp', 1, 16, {
      marsSp: { relativeRadius: rho },
      optimizer: { kind: 'sgd', lr, momentum: 0, nesterov: false, weightDecay: 0 },
    });
    const theta0 = anchorsOf(model.params);
    const g = ceGrads(model, data, model.params);
    const expected = model.params.map((p, i) => {
      const d = g[i].map((gi) => -lr * gi); // θ̃ − θ0 after one step from θ0
      if (p.isHead) return theta0[i].map((v, j) => v + d[j]);
      const gamma = rho * Math.max(...unitL1(theta0[i], p.variable.shape));
      const n = unitL1(d, p.variable.shape);
      const r = n.map((nu) => Math.min(1, Math.max(0, gamma / (nu + 1e-8))));
      return theta0[i].map((v, j) => v + r[unitOf(j, p.variable.shape)] * d[j]);
    });
    const trainer = new Trainer({ model, train: data, val: data, config });
    trainer.step().loss.dispose();
    expect(maxAbsDiff(weightsOf(model.params), expected)).toBeLessThan(1e-6);
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('never lets a tensor leave its radius, and the radii never change', () => {
    const data = makeBars(64, 2);
    const model = new TunableModel(tinyDenseNet(2));
    const config = plainConfig('mars-sp', 30, 16, { marsSp: { relativeRadius: 0.05 } });
    const trainer = new Trainer({ model, train: data, val: data, config });
    const view = trainer.method.radiusView();
    if (!view) throw new Error('MARS-SP must expose its radii');
    const radii = radiiOf(view);
    const projected = view.params;
    expect(projected.some((p) => p.isHead)).toBe(false);
    let bound = 0;
    for (let i = 0; i < 30; i++) {
      trainer.step().loss.dispose();
      projected.forEach((p, k) => {
        const d = weightsOf([p])[0].map((v, j) => v - anchorsOf([p])[0][j]);
        const n = Math.max(...unitL1(d, p.variable.shape));
        expect(n).toBeLessThanOrEqual(radii[k] * (1 + 1e-5) + 1e-7);
        if (n > 0.99 * radii[k]) bound += 1;
      });
    }
    expect(bound).toBeGreaterThan(0); // the constraint was active, not trivially satisfied
    expect(radiiOf(view)).toEqual(radii);
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});
