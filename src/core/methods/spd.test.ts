import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { flat, plainConfig, tinyDenseNet, weightsOf } from '../../testing/method-harness';
import { makeBars } from '../../testing/synthetic';
import { TunableModel } from '../model/tunable-model';
import { DEFAULT_ADAM } from '../spec/config';
import { Trainer } from '../train/trainer';
import { selectiveDecay } from './spd';

describe('SPD', () => {
  it('pulls a stepped tensor back by λ·r·(θ̃ − θ0) when c = −⟨g, θ−θ0⟩ < 0, by hand', () => {
    const anchor = tf.tensor1d([0, 0]);
    const before = tf.tensor1d([1, 0]); // ‖θ − θ0‖ = 1
    const stepped = tf.tensor1d([1.5, 0]); // ‖θ̃ − θ0‖ = 1.5, so r = 0.5 / 1.5
    const back = tf.tensor1d([1, 0]); // c = −1 < 0
    const away = tf.tensor1d([-1, 0]); // c = 1 > 0
    // θ̃ − 0.6 · (1/3) · [1.5, 0] = [1.2, 0]
    const decayed = selectiveDecay(stepped, before, anchor, back, 0.6);
    expect(flat(decayed)[0]).toBeCloseTo(1.2, 6);
    expect(flat(decayed)[1]).toBe(0);
    const kept = selectiveDecay(stepped, before, anchor, away, 0.6);
    expect(flat(kept)).toEqual([1.5, 0]);
    // the deviation shrank: r clamps to 0, nothing changes
    const shrunk = selectiveDecay(tf.tensor1d([0.5, 0]), before, anchor, back, 0.6);
    expect(flat(shrunk)).toEqual([0.5, 0]);
    // θ̃ = θ0: no division by zero
    const atAnchor = selectiveDecay(anchor, before, anchor, back, 0.6);
    expect(flat(atAnchor)).toEqual([0, 0]);
    tf.dispose([anchor, before, stepped, back, away, decayed, kept, shrunk, atAnchor]);
  });

  it('with λ = 0 is exactly Adam, step for step', () => {
    const data = makeBars(64, 3);
    const adam = { ...DEFAULT_ADAM, lr: 0.01 };
    const run = (method: 'spd' | 'full-ft'): number[][] => {
      const model = new TunableModel(tinyDenseNet(3));
      const config = plainConfig(method, 20, 16, { optimizer: adam, spd: { lambda: 0 } });
      const trainer = new Trainer({ model, train: data, val: data, config });
      for (let i = 0; i < 20; i++) trainer.step().loss.dispose();
      const w = weightsOf(model.params);
      trainer.dispose();
      model.dispose();
      return w;
    };
    expect(run('spd')).toEqual(run('full-ft'));
    tf.dispose([data.x, data.y]);
  });

  it('keeps the backbone closer to θ0 than Adam with λ > 0; the head gets plain decay, the backbone none', () => {
    const data = makeBars(64, 4);
    const adam = { ...DEFAULT_ADAM, lr: 0.02, weightDecay: 0.1 };
    const drift = (method: 'spd' | 'full-ft'): number => {
      const model = new TunableModel(tinyDenseNet(4));
      const config = plainConfig(method, 40, 16, { optimizer: adam, spd: { lambda: 1 } });
      const trainer = new Trainer({ model, train: data, val: data, config });
      const phase = trainer.method.phases[0];
      if (method === 'spd') expect(phase.weightDecay).toEqual(phase.trainable.map((p) => (p.isHead ? 0.1 : 0)));
      for (let i = 0; i < 40; i++) trainer.step().loss.dispose();
      const d = tf.tidy(() =>
        model.params
          .filter((p) => !p.isHead)
          .reduce((s, p) => s + tf.norm(tf.sub(p.variable, p.anchor)).dataSync()[0], 0),
      );
      trainer.dispose();
      model.dispose();
      return d;
    };
    expect(drift('spd')).toBeLessThan(drift('full-ft'));
    tf.dispose([data.x, data.y]);
  });
});
