import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { plainConfig } from '../../testing/method-harness';
import { makeBars, tinyConvNet } from '../../testing/synthetic';
import { TunableModel } from '../model/tunable-model';
import { METHOD_IDS } from '../spec/config';
import { validateConfig } from '../spec/config-validation';
import { METHOD_INFO } from '../spec/method-catalog';
import { Trainer } from '../train/trainer';

describe('every registered method', () => {
  it.each(METHOD_IDS)('%s: the default config is valid and its text is in the catalogue', (id) => {
    expect(validateConfig(plainConfig(id, 10, 16))).toEqual([]);
    expect(METHOD_INFO[id].description.length).toBeGreaterThan(40);
    expect(METHOD_INFO[id].formula).toMatch(/θ/);
  });

  it.each(METHOD_IDS)('%s: 50 steps keep the tensor count flat, and dispose frees everything', (id) => {
    const data = makeBars(64, 3);
    const start = tf.memory().numTensors;
    const model = new TunableModel(tinyConvNet(2, 4, true));
    const trainer = new Trainer({
      model,
      train: data,
      val: data,
      // LP-FT's probe ends before the count is taken (a new phase brings a new optimiser state)
      config: plainConfig(id, 60, 16, {
        tpgmPostHoc: { steps: 5, radiusLr: 1e-2, valBatchSize: 16 },
        lpFt: { lpFraction: 0.1, lpLr: 0.05, ftLrScale: 0.1 },
      }),
    });
    for (let i = 0; i < 10; i++) trainer.step().loss.dispose();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) trainer.step().loss.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    trainer.finish();
    trainer.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([data.x, data.y]);
  });
});
