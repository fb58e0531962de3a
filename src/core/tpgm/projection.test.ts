import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { deviationNorm, type NormSpec } from './norms';
import {
  clampRadius,
  EPS_NORM,
  initialRadius,
  project,
  projectionRatio,
  radiusGradient,
  radiusGradientTerms,
  radiusGradientTermsOfRatio,
  ratioDivisor,
} from './projection';
import { unitInner } from './norms';

const shapes: number[][] = [[7], [5, 3], [3, 3, 2, 4], [2, 2, 3, 1]];
const specs: NormSpec[] = [
  { norm: 'l2', mars1d: 'vector' },
  { norm: 'mars', mars1d: 'vector' },
  { norm: 'mars', mars1d: 'elementwise' },
];

/** Project θ̃ = θ0 + d with radius γ; returns θ̂ − θ0 as plain numbers, plus the shape. */
function projectedDeviation(anchor: number[], d: number[], shape: number[], radius: number, spec: NormSpec): number[] {
  return tf.tidy(() => {
    const a = tf.tensor(anchor, shape);
    const dev = tf.tensor(d, shape);
    const n = deviationNorm(dev, spec);
    const r = projectionRatio(clampRadius(tf.scalar(radius), tf.max(n)), ratioDivisor(n));
    return Array.from(tf.sub(project(a, dev, r), a).dataSync());
  });
}

/** Per-unit norms of a deviation given as plain numbers, in float64. */
function unitNorms(values: number[], shape: number[], spec: NormSpec): number[] {
  if (spec.norm === 'l2') return [Math.sqrt(values.reduce((s, v) => s + v * v, 0))];
  const out = shape[shape.length - 1];
  if (shape.length === 1)
    return spec.mars1d === 'vector' ? [values.reduce((s, v) => s + Math.abs(v), 0)] : values.map(Math.abs);
  const sums = new Array<number>(out).fill(0);
  values.forEach((v, i) => (sums[i % out] += Math.abs(v)));
  return sums;
}

const caseArb = fc
  .record({
    shapeIdx: fc.nat(shapes.length - 1),
    specIdx: fc.nat(specs.length - 1),
    seed: fc.nat(),
    frac: fc.double({ min: 0.01, max: 2, noNaN: true }),
  })
  .map(({ shapeIdx, specIdx, seed, frac }) => {
    const shape = shapes[shapeIdx];
    const size = shape.reduce((a, b) => a * b, 1);
    let s = seed + 1;
    const rand = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const anchor = Array.from({ length: size }, rand);
    const d = Array.from({ length: size }, () => 0.3 * rand());
    return { shape, spec: specs[specIdx], anchor, d, frac };
  });

describe('TPGM projection (properties)', () => {
  it('puts every tensor inside its radius: ‖θ − θ0‖₂ ≤ γ (L2), each unit ‖·‖₁ ≤ γ (MARS)', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, spec, anchor, d, frac }) => {
        const maxN = Math.max(...unitNorms(d, shape, spec));
        const radius = frac * maxN;
        const after = unitNorms(projectedDeviation(anchor, d, shape, radius, spec), shape, spec);
        for (const v of after) expect(v).toBeLessThanOrEqual(radius * (1 + 1e-5) + 1e-6);
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('leaves the weights unchanged when γ is at least the deviation', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, spec, anchor, d }) => {
        const maxN = Math.max(...unitNorms(d, shape, spec));
        const moved = projectedDeviation(anchor, d, shape, maxN * 1.5, spec);
        moved.forEach((v, i) => expect(v).toBeCloseTo(d[i], 6));
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('gives θ0 as γ → 0', () => {
    fc.assert(
      fc.property(caseArb, ({ shape, spec, anchor, d }) => {
        for (const v of projectedDeviation(anchor, d, shape, 0, spec)) expect(Math.abs(v)).toBeLessThan(1e-6);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('clamps γ into [1e-8, max n] and gives 0 to a tensor that has not moved', () => {
    tf.tidy(() => {
      const n = tf.tensor1d([0.5, 2]);
      const maxN = tf.max(n);
      expect(clampRadius(tf.scalar(-1), maxN).dataSync()[0]).toBeCloseTo(1e-8, 12);
      expect(clampRadius(tf.scalar(5), maxN).dataSync()[0]).toBe(2);
      expect(clampRadius(tf.scalar(1), maxN).dataSync()[0]).toBe(1);
      expect(clampRadius(tf.scalar(1), tf.scalar(0)).dataSync()[0]).toBe(0);
      expect(initialRadius(n).dataSync()[0]).toBe(0.25);
    });
  });

  it('computes MARS norms per output unit over every other axis (TF.js layout)', () => {
    tf.tidy(() => {
      // dense kernel [in=2, out=3]: unit j sums |d[:, j]|
      const d = tf.tensor2d([
        [1, -2, 3],
        [-4, 5, -6],
      ]);
      expect(Array.from(deviationNorm(d, { norm: 'mars', mars1d: 'vector' }).dataSync())).toEqual([5, 7, 9]);
      expect(deviationNorm(d, { norm: 'l2', mars1d: 'vector' }).dataSync()[0]).toBeCloseTo(Math.sqrt(91), 5);
      const b = tf.tensor1d([1, -2]);
      expect(Array.from(deviationNorm(b, { norm: 'mars', mars1d: 'vector' }).dataSync())).toEqual([3]);
      expect(Array.from(deviationNorm(b, { norm: 'mars', mars1d: 'elementwise' }).dataSync())).toEqual([1, 2]);
    });
  });

  it('divides by n + 1e-8 as divNoNan does: exactly, and to 0 where the divisor rounds to 0', () => {
    tf.tidy(() => {
      const n = tf.tensor1d([0, 1e-3, 2.5, 7]);
      const x = tf.tensor1d([0.3, 0.3, -4, 1e-9]);
      expect(Array.from(tf.div(x, ratioDivisor(n)).dataSync())).toEqual(
        Array.from(tf.divNoNan(x, tf.add(n, EPS_NORM)).dataSync()),
      );
      // float16 WebGL: n + 1e-8 is 0 for an unmoved tensor; n = −1e-8 stands for it here
      const vanished = tf.fill([4], -EPS_NORM);
      expect(Array.from(tf.div(x, ratioDivisor(vanished, { guard: true })).dataSync())).toEqual([0, 0, -0, 0]);
      const infinities = tf.fill([4], Number.POSITIVE_INFINITY);
      expect(Array.from(tf.div(x, ratioDivisor(vanished, { guard: true, infinities })).dataSync())).toEqual([
        0, 0, -0, 0,
      ]);
      expect(projectionRatio(tf.scalar(0.5), ratioDivisor(tf.scalar(-EPS_NORM), { guard: true })).dataSync()[0]).toBe(
        0,
      );
    });
  });

  it('guards against a vanished divisor only where floats have fewer than 32 bits: n + 1e-8 itself in float32', async () => {
    expect(tf.backend().floatPrecision()).toBe(32);
    const n = tf.tensor1d([0, 1e-3, 2.5, 7]);
    const counted = await tf.profile(() => ratioDivisor(n).dispose());
    expect(counted.kernels.map((k) => k.name)).toEqual(['Add']); // nothing but n + 1e-8
    const plain = ratioDivisor(n);
    expect(Array.from(plain.dataSync())).toEqual(Array.from(tf.add(n, EPS_NORM).dataSync()));
    const guarded = await tf.profile(() => ratioDivisor(n, { guard: true }).dispose());
    expect(guarded.kernels.map((k) => k.name)).toEqual(expect.arrayContaining(['Add', 'Greater', 'Fill', 'Select']));
    tf.dispose([n, plain]);
  });

  it('takes the same radius-gradient terms from the ratio r as from γ and n, at the mask’s edges too', () => {
    tf.tidy(() => {
      // q = γ/(n+ε) below 0, exactly 0, inside, rounding to 1, exactly 1, above 1, and n = +∞ (q = 0)
      const n = tf.tensor1d([1, 1, 3, 2, 0.5, 0.1, Number.POSITIVE_INFINITY, 7, 1e-30]);
      const radius = tf.tensor1d([-1, 0, 1, 2, 0.5 + 1e-8, 4, 1, 1e-8, 1e-8]);
      const inner = tf.tensor1d([1, -2, 3, -4, 5, -6, 7, -8, 9]);
      const divisor = ratioDivisor(n);
      const fromRatio = radiusGradientTermsOfRatio(projectionRatio(radius, divisor), divisor, inner);
      // the definition: the strict mask on q = γ/(n+ε) itself
      const q = tf.div(radius, divisor);
      const definition = tf.where(tf.logicalAnd(tf.greater(q, 0), tf.less(q, 1)), tf.div(inner, divisor), 0);
      expect(Array.from(fromRatio.dataSync())).toEqual(Array.from(definition.dataSync()));
      expect(Array.from(radiusGradientTerms(radius, divisor, inner).dataSync())).toEqual(
        Array.from(definition.dataSync()),
      );
      expect(Array.from(fromRatio.dataSync()).filter((v) => v !== 0).length).toBeGreaterThan(1); // not all masked
    });
  });

  it('gives zero radius gradient where the ratio is exactly 0 or 1 (strict mask)', () => {
    tf.tidy(() => {
      const n = tf.tensor1d([1, 2, 4]);
      const inner = tf.tensor1d([1, 1, 1]);
      // γ = 2: q = [2, 1, 0.5] (q = 1 at unit 2 up to ε: 2/(2+1e-8) < 1 in float64 but rounds to 1 in float32)
      const g = radiusGradient(tf.scalar(2), ratioDivisor(n), inner).dataSync()[0];
      expect(g).toBeCloseTo(1 / 4, 6);
      expect(radiusGradient(tf.scalar(10), ratioDivisor(n), inner).dataSync()[0]).toBe(0);
      // the numerator is ⟨g, d⟩ per unit
      const gd = unitInner(
        tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
        tf.tensor2d([
          [1, 1],
          [2, 0],
        ]),
        { norm: 'mars', mars1d: 'vector' },
      );
      expect(Array.from(gd.dataSync())).toEqual([7, 2]);
    });
  });
});
