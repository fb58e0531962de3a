import { describe, expect, it } from 'vitest';

import { plainConfig, radiiOf, tinyDenseNet, weightsOf } from '../../testing/method-harness';
import { makeBars } from '../../testing/synthetic';
import { layerStats } from '../metrics';
import { TunableModel } from '../model/tunable-model';
import { DEFAULT_TPGM } from '../spec/config';
import { Trainer } from '../train/trainer';

const data = makeBars(64, 1);

/** One training step with `maxIters` radius iterations, then `extra` radius steps of their own. */
function run(maxIters: number, extra: number): { radii: number[]; weights: number[][] } {
  const model = new TunableModel(tinyDenseNet(1));
  const config = plainConfig('tpgm', 5, 16, {
    optimizer: { kind: 'sgd', lr: 0.5, momentum: 0, nesterov: false, weightDecay: 0 },
    tpgm: { ...DEFAULT_TPGM, maxIters, valBatchSize: 16 },
  });
  const trainer = new Trainer({ model, train: data, val: data, config });
  trainer.step().loss.dispose();
  for (let i = 0; i < extra; i++) trainer.radiusStep();
  const radii = radiiOf(trainer.method.radiusView());
  const weights = weightsOf(model.params);
  trainer.dispose();
  model.dispose();
  return { radii, weights };
}

describe('TPGM as a method', () => {
  it('a radius step of its own is one more inner iteration from the last step’s unprojected weights', () => {
    // the same validation batches in the same order: 2 inner iterations, or 1 and then 1 on its own
    const inner = run(2, 0);
    const separate = run(1, 1);
    expect(separate.radii).toEqual(inner.radii);
    expect(separate.weights).toEqual(inner.weights);
    expect(run(1, 0).radii).not.toEqual(inner.radii);
  });

  it('reports the drift each step wanted: never below the drift after the projection, above γ where it clipped', async () => {
    const model = new TunableModel(tinyDenseNet(2));
    const config = plainConfig('tpgm', 5, 16, {
      optimizer: { kind: 'sgd', lr: 0.5, momentum: 0, nesterov: false, weightDecay: 0 },
      tpgm: { ...DEFAULT_TPGM, valBatchSize: 16 },
    });
    const trainer = new Trainer({ model, train: data, val: data, config });
    for (let i = 0; i < 3; i++) trainer.step().loss.dispose();
    const stats = (await layerStats(model, trainer.method.radiusView())).filter((s) => s.radius !== null);
    expect(stats.length).toBeGreaterThan(0);
    for (const s of stats) {
      expect(s.wantedDeviation).toBeGreaterThanOrEqual(s.deviation - 1e-6);
      expect(s.wantedBoundedDeviation).toBeGreaterThanOrEqual(s.boundedDeviation! - 1e-6);
      // r < 1 somewhere ⇔ the wanted drift was outside the ball
      if (s.projectionRatio! < 1 - 1e-6) expect(s.wantedBoundedDeviation).toBeGreaterThan(s.radius!);
    }
    trainer.dispose();
    model.dispose();
  });
});
