import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { anchorsOf, plainConfig, tinyDenseNet, weightsOf } from '../../testing/method-harness';
import { makeBars, tinyConvNet } from '../../testing/synthetic';
import { TunableModel } from '../model/tunable-model';
import { Trainer } from '../train/trainer';
import { WISE_ALPHAS } from './wise-ft';

function trained(alpha: number, keepHead = false) {
  const data = makeBars(32, 1);
  const model = new TunableModel(tinyDenseNet(1));
  const config = plainConfig('wise-ft', 10, 16, { wiseFt: { alpha, keepHead } });
  const trainer = new Trainer({ model, train: data, val: data, config });
  for (let i = 0; i < 10; i++) trainer.step().loss.dispose();
  const fineTuned = weightsOf(model.params);
  trainer.finish();
  const done = (): void => {
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  };
  return { model, trainer, fineTuned, theta0: anchorsOf(model.params), done };
}

describe('WiSE-FT', () => {
  it('gives θ0 at α = 0 and θ_ft at α = 1 exactly, and (θ0 + θ_ft)/2 at α = 0.5', () => {
    const run = trained(0.5);
    const sweep = run.trainer.method.sweep?.();
    if (!sweep) throw new Error('WiSE-FT has a sweep');
    expect(
      weightsOf(run.model.params)
        .map((w, i) => w.map((x, j) => x - (run.theta0[i][j] + run.fineTuned[i][j]) / 2))
        .flat()
        .every((d) => Math.abs(d) < 1e-7),
    ).toBe(true);
    expect(sweep.values).toEqual(WISE_ALPHAS);
    sweep.apply(0);
    expect(weightsOf(run.model.params)).toEqual(run.theta0);
    sweep.apply(1);
    expect(weightsOf(run.model.params)).toEqual(run.fineTuned);
    sweep.restore();
    expect(weightsOf(run.model.params)).not.toEqual(run.fineTuned);
    run.done();
  });

  it('keeps the fine-tuned head when asked', () => {
    const run = trained(0, true);
    run.model.params.forEach((p, i) => expect(weightsOf([p])[0]).toEqual(p.isHead ? run.fineTuned[i] : run.theta0[i]));
    run.done();
  });

  it('mixes BatchNorm moving statistics with the same α: α = 0 restores the pre-trained ones', () => {
    const data = makeBars(32, 1);
    const model = new TunableModel(tinyConvNet(1, 4, true));
    const stats = (): number[][] =>
      model.model.layers.flatMap((l) => l.nonTrainableWeights.map((w) => Array.from(w.read().dataSync())));
    const before = stats();
    const config = plainConfig('wise-ft', 10, 16, { wiseFt: { alpha: 1, keepHead: false } });
    const trainer = new Trainer({ model, train: data, val: data, config });
    for (let i = 0; i < 10; i++) trainer.step().loss.dispose();
    trainer.finish();
    const fineTuned = stats();
    expect(fineTuned).not.toEqual(before);
    const sweep = trainer.method.sweep?.();
    sweep?.apply(0);
    expect(stats()).toEqual(before);
    expect(weightsOf(model.params)).toEqual(anchorsOf(model.params));
    sweep?.apply(1);
    expect(stats()).toEqual(fineTuned);
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});
