import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { TunableModel } from '../model/tunable-model';
import { DEFAULT_TPGM, type MethodId } from '../spec/config';
import { plainConfig, tinyDenseNet } from '../../testing/method-harness';
import { makeBars } from '../../testing/synthetic';
import { kernelsOfStep } from './kernel-count';
import { Trainer } from './trainer';

async function count(method: MethodId, patch = {}) {
  const model = new TunableModel(tinyDenseNet(1));
  const train = makeBars(16, 1);
  const val = makeBars(8, 2);
  const trainer = new Trainer({ model, config: plainConfig(method, 4, 8, patch), train, val });
  const counted = await kernelsOfStep(trainer, 2);
  trainer.dispose();
  model.dispose();
  tf.dispose([train.x, train.y, val.x, val.y]);
  return counted;
}

describe('kernels per step', () => {
  it('counts the kernels of one step, the same every time, with TPGM’s radius update and projection on top of FT’s', async () => {
    const before = tf.memory().numTensors;
    const ft = await count('full-ft');
    const calls = (name: string): number => ft.byName.find(([n]) => n === name)?.[1] ?? 0;
    expect(ft.kernels).toBeGreaterThan(20); // forward, backward and the update of three dense layers
    expect(ft.byName.reduce((n, [, k]) => n + k, 0)).toBe(ft.kernels);
    expect(ft.byName.map(([name]) => name)).toEqual(expect.arrayContaining(['BatchMatMul', 'Relu', 'Reshape']));
    expect(ft.dispatches).toBe(ft.kernels - calls('Identity') - calls('Reshape') - calls('fusedMatMul__op'));
    expect((await count('full-ft')).kernels).toBe(ft.kernels);
    // TPGM every step: a validation forward/backward for the radii and a projection of every tensor
    const tpgm = await count('tpgm');
    expect(tpgm.kernels).toBeGreaterThan(ft.kernels);
    expect(tpgm.dispatches).toBeGreaterThan(ft.dispatches);
    // the linear probe trains the head alone: fewer kernels than FT
    expect((await count('lp')).kernels).toBeLessThan(ft.kernels);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('TPGM’s projection is a fixed number of kernels, however many tensors it projects', async () => {
    const ft = await count('full-ft');
    // a step with a projection and no radius update (the radii were last updated at the first step)
    const extra = async (excluded: string[]) =>
      (await count('tpgm', { tpgm: { ...DEFAULT_TPGM, projFreq: 1000, scope: { excludeHead: true, excluded } } }))
        .dispatches - ft.dispatches;
    const four = await extra([]);
    expect(four).toBeGreaterThan(0);
    expect(await extra(['fc2/kernel', 'fc2/bias'])).toBe(four);
    // one tensor alone needs no concatenation
    expect(await extra(['fc1/bias', 'fc2/kernel', 'fc2/bias'])).toBe(four - 1);
  });
});
