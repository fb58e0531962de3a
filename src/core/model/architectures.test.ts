import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { createRng } from '../rng';
import { ARCHITECTURE_IDS } from '../spec/architecture-ids';
import { buildArchitecture } from './architectures';
import { TunableModel } from './tunable-model';

const spec = { inputShape: [28, 28, 1] as [number, number, number], numClasses: 10 };

describe('architectures', () => {
  it('cnn-small has the documented 60,874 parameters and layout', () => {
    const m = buildArchitecture('cnn-small', spec, createRng(0));
    expect(m.countParams()).toBe(60874);
    const t = new TunableModel(m);
    expect(t.params.map((p) => p.name)).toEqual([
      'conv1/kernel',
      'conv1/bias',
      'conv2/kernel',
      'conv2/bias',
      'conv3/kernel',
      'conv3/bias',
      'conv4/kernel',
      'conv4/bias',
      'head/kernel',
      'head/bias',
    ]);
    t.dispose();
  });

  for (const id of ARCHITECTURE_IDS) {
    it(`${id}: logits [B, classes], unique stable names, the same weights for the same seed`, () => {
      const a = new TunableModel(buildArchitecture(id, spec, createRng(3)));
      const b = new TunableModel(buildArchitecture(id, spec, createRng(3)));
      const c = new TunableModel(buildArchitecture(id, spec, createRng(4)));
      const logits = tf.tidy(() => a.forward(tf.zeros([2, 28, 28, 1]), 'inference'));
      expect(logits.shape).toEqual([2, 10]);
      logits.dispose();
      expect(a.params.map((p) => p.name)).toEqual(b.params.map((p) => p.name));
      a.params.forEach((p, i) =>
        expect(Array.from(p.variable.dataSync())).toEqual(Array.from(b.params[i].variable.dataSync())),
      );
      expect(Array.from(a.params[0].variable.dataSync())).not.toEqual(Array.from(c.params[0].variable.dataSync()));
      expect(a.params.filter((p) => p.isHead).map((p) => p.name)).toEqual(['head/kernel', 'head/bias']);
      [a, b, c].forEach((m) => m.dispose());
    });
  }

  it('resnet-mini projects BatchNorm gamma/beta with their own names and keeps moving statistics out', () => {
    const t = new TunableModel(buildArchitecture('resnet-mini', spec, createRng(1)));
    const names = t.params.map((p) => p.name);
    expect(names).toContain('stem_bn/gamma');
    expect(names).toContain('block2_proj_bn/beta');
    expect(names.some((n) => n.includes('moving'))).toBe(false);
    expect(t.model.countParams()).toBeGreaterThan(60_000);
    expect(t.model.countParams()).toBeLessThan(120_000);
    t.dispose();
  });

  it('mlp is 784-256-128-10', () => {
    const t = new TunableModel(buildArchitecture('mlp', spec, createRng(1)));
    expect(t.params.map((p) => p.variable.shape)).toEqual([[784, 256], [256], [256, 128], [128], [128, 10], [10]]);
    t.dispose();
  });
});
