import { describe, expect, it } from 'vitest';

import { defaultDraft } from './default-run';
import { PRESETS, presetOf } from './presets';

describe('recipes (presets)', () => {
  it('the default draft is B1: SGD lr 0.01, 640 steps of batch 32 on 100 images per class, whole test split', () => {
    const d = defaultDraft('mnist');
    expect(presetOf(d)?.id).toBe('b1-sgd');
    expect(d.config.optimizer).toMatchObject({
      kind: 'sgd',
      lr: 0.01,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 5e-4,
    });
    expect([d.config.steps, d.config.batchSize, d.trainPerClass, d.testPerClass]).toEqual([640, 32, 100, null]);
  });

  it('B2 uses Adam at 1e-3, and LP gets its own lr in each recipe', () => {
    const b2 = PRESETS[1].apply(defaultDraft('mnist'));
    expect(b2.config.optimizer).toMatchObject({ kind: 'adam', lr: 1e-3 });
    const lp = (i: number) => PRESETS[i].apply({ ...b2, config: { ...b2.config, method: 'lp' } }).config.optimizer;
    expect(lp(0)).toMatchObject({ kind: 'sgd', lr: 0.05 });
    expect(lp(1)).toMatchObject({ kind: 'adam', lr: 0.01 });
  });

  it('an edited recipe is custom; the model, data, domains and seed are not part of a recipe', () => {
    const d = defaultDraft('mnist');
    expect(presetOf({ ...d, config: { ...d.config, optimizer: { ...d.config.optimizer, lr: 0.02 } } })).toBeNull();
    expect(presetOf({ ...d, config: { ...d.config, seed: 7 }, model: { kind: 'architecture', id: 'mlp' } })?.id).toBe(
      'b1-sgd',
    );
  });
});
