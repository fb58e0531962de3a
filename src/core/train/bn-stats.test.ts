import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { buildArchitecture } from '../model/architectures';
import { TunableModel } from '../model/tunable-model';
import { createRng } from '../rng';
import { plainConfig } from '../../testing/method-harness';
import { BARS_CLASSES, makeBars } from '../../testing/synthetic';
import { Trainer } from './trainer';

/** Whether resnet-mini's BatchNorm γ/β and moving statistics moved in 2 SGD steps (small: tfjs's CPU backend is slow). */
function afterSteps(freezeBnStats: boolean) {
  const model = new TunableModel(
    buildArchitecture('resnet-mini', { inputShape: [8, 8, 1], numClasses: BARS_CLASSES }, createRng(3)),
  );
  const bn = () => model.model.weights.filter((w) => w.name.includes('_bn'));
  const read = () => bn().map((w) => ({ name: w.name, values: Array.from(w.read().dataSync()) }));
  const before = read();
  const train = makeBars(16, 1);
  const val = makeBars(8, 2);
  const trainer = new Trainer({
    model,
    config: { ...plainConfig('full-ft', 2, 8), ...(freezeBnStats ? { freezeBnStats } : {}) },
    train,
    val,
  });
  for (let i = 0; i < 2; i++) trainer.step().loss.dispose();
  const after = read();
  trainer.dispose();
  model.dispose();
  tf.dispose([train.x, train.y, val.x, val.y]);
  const moved = (kind: (name: string) => boolean): boolean =>
    after.some((w, i) => kind(w.name) && w.values.some((v, k) => v !== before[i].values[k]));
  const isMoving = (n: string): boolean => n.includes('moving');
  expect(before.filter((w) => isMoving(w.name)).length).toBeGreaterThan(0);
  return { statsMoved: moved(isMoving), gammaBetaMoved: moved((n) => !isMoving(n)) };
}

describe('freezing BatchNorm statistics', () => {
  it('keeps θ0’s moving statistics while γ and β still train; without it they re-adapt', () => {
    const before = tf.memory().numTensors;
    expect(afterSteps(true)).toEqual({ statsMoved: false, gammaBetaMoved: true });
    expect(afterSteps(false)).toEqual({ statsMoved: true, gammaBetaMoved: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});
