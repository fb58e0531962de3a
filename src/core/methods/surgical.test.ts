import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { ceGrads, maxAbsDiff, plainConfig, tinyDenseNet, weightsOf } from '../../testing/method-harness';
import { makeBars, tinyConvNet } from '../../testing/synthetic';
import { blockName, TunableModel } from '../model/tunable-model';
import { Trainer } from '../train/trainer';

describe('surgical fine-tuning', () => {
  it('names blocks after their layers', () => {
    expect(['conv1', 'stem', 'stem_bn', 'block1a', 'block1a_bn', 'block2_proj', 'fc2'].map(blockName)).toEqual([
      'conv1',
      'stem',
      'stem',
      'block1',
      'block1',
      'block2',
      'fc2',
    ]);
    expect(blockName('conv2d_Conv2D1')).toBe('conv2d_Conv2D1'); // tfjs' automatic names stay whole
  });

  it('trains only the chosen blocks and the head; first / last resolve; an unknown block is refused', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyDenseNet(1));
    expect(model.blocks()).toEqual(['fc1', 'fc2']);
    expect(model.blockParams(['last']).map((p) => p.name)).toEqual(['fc2/kernel', 'fc2/bias']);
    expect(() => model.blockParams(['conv9'])).toThrow(/unknown block "conv9".*fc1, fc2/);
    const fc1 = model.params.filter((p) => p.block === 'fc1');
    const before = weightsOf(model.params);
    const trainer = new Trainer({ model, train: data, val: data, config: plainConfig('surgical', 5, 16) });
    expect(trainer.method.phases[0].trainable.map((p) => p.name)).toEqual([
      'fc1/kernel',
      'fc1/bias',
      'head/kernel',
      'head/bias',
    ]);
    // one step by hand: θ ← θ − lr·∇θ CE on fc1 and the head, every other tensor as it was
    const g = ceGrads(model, data, model.params);
    trainer.step().loss.dispose();
    const expected = model.params.map((p, i) =>
      before[i].map((v, j) => (fc1.includes(p) || p.isHead ? v - 0.1 * g[i][j] : v)),
    );
    expect(maxAbsDiff(weightsOf(model.params), expected)).toBeLessThan(1e-6);
    for (let i = 0; i < 4; i++) trainer.step().loss.dispose();
    model.params.forEach((p, i) => {
      const moved = weightsOf([p])[0].some((v, j) => v !== before[i][j]);
      expect([p.name, moved]).toEqual([p.name, fc1.includes(p) || p.isHead]);
    });
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it('refuses a run that names a block the model does not have, with the blocks it has', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyConvNet(1));
    const config = plainConfig('surgical', 2, 16, { surgical: { blocks: ['block7'] } });
    expect(() => new Trainer({ model, train: data, val: data, config })).toThrow(/conv1, conv2/);
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});
