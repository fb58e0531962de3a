import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { anchorsOf, ceGrads, maxAbsDiff, plainConfig, tinyDenseNet, weightsOf } from '../../testing/method-harness';
import { makeBars } from '../../testing/synthetic';
import { crossEntropy } from '../losses';
import { TunableModel } from '../model/tunable-model';
import { Trainer } from '../train/trainer';

describe('L2-SP', () => {
  it('steps θ ← θ − lr·(∇CE + α(θ−θ0)) on the backbone and θ ← θ − lr·(∇CE + βθ) on the head, by hand', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyDenseNet(1));
    const [lr, alpha, beta] = [0.1, 0.5, 0.2];
    // optimiser decay set on purpose: L2-SP must switch it off
    const config = plainConfig('l2-sp', 3, 16, {
      l2Sp: { alpha, beta },
      optimizer: { kind: 'sgd', lr, momentum: 0, nesterov: false, weightDecay: 0.3 },
    });
    const trainer = new Trainer({ model, train: data, val: data, config });
    const theta0 = anchorsOf(model.params);
    for (let step = 0; step < 3; step++) {
      const theta = weightsOf(model.params);
      const g = ceGrads(model, data, model.params);
      const expected = model.params.map((p, i) =>
        theta[i].map((v, j) => v - lr * (g[i][j] + (p.isHead ? beta * v : alpha * (v - theta0[i][j])))),
      );
      trainer.step().loss.dispose();
      expect(maxAbsDiff(weightsOf(model.params), expected)).toBeLessThan(1e-6);
    }
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('reports the cross-entropy alone as the training loss, not the penalty', () => {
    const data = makeBars(16, 2);
    const model = new TunableModel(tinyDenseNet(2));
    model.params.forEach((p) => p.variable.assign(tf.add(p.variable, 0.5))); // far from θ0: a large penalty
    const ce = tf.tidy(() => flatLoss(model, data));
    const trainer = new Trainer({ model, train: data, val: data, config: plainConfig('l2-sp', 1, 16) });
    const loss = trainer.step().loss;
    expect(loss.dataSync()[0]).toBeCloseTo(ce, 5);
    loss.dispose();
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});

function flatLoss(model: TunableModel, data: ReturnType<typeof makeBars>): number {
  return crossEntropy(model.forward(data.x, 'train'), data.y as tf.Tensor1D).dataSync()[0];
}
