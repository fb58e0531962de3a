import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { fileSource } from '../../../testing/node-source';
import { OOD_DOMAIN_IDS } from '../../spec/domain-ids';
import { loadDataset } from '../dataset-loader';
import { imagesTensor } from '../images';
import { DOMAINS, applyDomain } from './registry';

let digits: tf.Tensor4D;
beforeAll(async () => {
  const ds = await loadDataset(
    fileSource(join(import.meta.dirname, '..', '..', '..', '..', 'public', 'datasets', 'mnist')),
  );
  digits = imagesTensor(ds, [0, 1500, 3000, 4500, 6000, 7500, 9000, 9999]);
});
afterAll(() => digits.dispose());

const values = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

describe('OOD domains', () => {
  it('lists every required domain with a name, a description and a severity range', () => {
    expect(OOD_DOMAIN_IDS).toEqual(['sketch', 'inverted', 'noise', 'blur', 'texture', 'rotate', 'contrast']);
    for (const d of Object.values(DOMAINS)) {
      expect(d.name.length).toBeGreaterThan(0);
      expect(d.description.length).toBeGreaterThan(10);
      expect(d.severity.min).toBeLessThanOrEqual(d.severity.default);
      expect(d.severity.default).toBeLessThanOrEqual(d.severity.max);
    }
  });

  for (const id of OOD_DOMAIN_IDS) {
    it(`${id}: deterministic for a seed, same shape, values in [0, 1], and a measurable change`, () => {
      const d = DOMAINS[id];
      const before = tf.memory().numTensors;
      const a = applyDomain(d, digits, d.severity.default, 7);
      const b = applyDomain(d, digits, d.severity.default, 7);
      expect(a.shape).toEqual(digits.shape);
      expect(Array.from(values(a))).toEqual(Array.from(values(b)));
      const v = values(a);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...v)).toBeLessThanOrEqual(1 + 1e-6);
      const change = tf.tidy(() => tf.mean(tf.abs(tf.sub(a, digits))).dataSync()[0]);
      expect(change, `${id} mean |Δ|`).toBeGreaterThan(0.03);
      tf.dispose([a, b]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('noise and texture depend on the seed; the others do not need one', () => {
    for (const id of ['noise', 'texture'] as const) {
      const d = DOMAINS[id];
      const a = applyDomain(d, digits, d.severity.default, 1);
      const b = applyDomain(d, digits, d.severity.default, 2);
      expect(Array.from(values(a))).not.toEqual(Array.from(values(b)));
      tf.dispose([a, b]);
    }
  });

  it('sketch of a blank (or constant) image is blank', () => {
    for (const level of [0, 0.6]) {
      const blank = tf.fill([2, 28, 28, 1], level) as tf.Tensor4D;
      const s = applyDomain(DOMAINS.sketch, blank, 1, 0);
      expect(Math.max(...values(s))).toBe(0);
      tf.dispose([blank, s]);
    }
  });

  it('inverted at full severity is 1 − x, and clean is the identity', () => {
    const inv = applyDomain(DOMAINS.inverted, digits, 1, 0);
    const expected = tf.tidy(() => values(tf.sub(1, digits)));
    values(inv).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    const same = applyDomain(DOMAINS.clean, digits, 0, 0);
    expect(Array.from(values(same))).toEqual(Array.from(values(digits)));
    tf.dispose([inv, same]);
  });

  it('severity 0 leaves the image alone where the domain is a blend', () => {
    for (const id of ['inverted', 'sketch', 'contrast', 'texture'] as const) {
      const out = applyDomain(DOMAINS[id], digits, 0, 0);
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(out, digits))).dataSync()[0]);
      expect(diff, id).toBeLessThan(1e-6);
      out.dispose();
    }
  });

  it('refuses a severity outside the range', () => {
    expect(() => applyDomain(DOMAINS.noise, digits, 5, 0)).toThrow('Noise: severity 5 is outside 0–1');
  });

  it('keeps three-channel images three-channel', () => {
    const rgb = tf.tidy(() => tf.tile(digits, [1, 1, 1, 3]) as tf.Tensor4D);
    for (const id of OOD_DOMAIN_IDS) {
      const out = applyDomain(DOMAINS[id], rgb, DOMAINS[id].severity.default, 0);
      expect(out.shape, id).toEqual(rgb.shape);
      out.dispose();
    }
    rgb.dispose();
  });
});
