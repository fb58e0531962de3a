import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { registerFlatKernels } from './flat-kernels';

beforeAll(() => {
  registerFlatKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** `n` segment ids in [0, segments), unsorted and repeated, from a fixed little generator. */
function ids(n: number, segments: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % segments;
  });
}

/** The sums by hand: out[s, j] = Σ_{i: id[i] = s} x[i, j]. */
function reference(x: ArrayLike<number>, id: number[], segments: number, inner: number): number[] {
  const out = new Array<number>(segments * inner).fill(0);
  id.forEach((s, i) => {
    for (let j = 0; j < inner; j++) out[s * inner + j] += x[i * inner + j];
  });
  return out;
}

describe.each(['cpu', 'wasm'])('UnsortedSegmentSum on %s', (backend) => {
  const cases: { shape: number[]; segments: number; dtype: 'float32' | 'int32' }[] = [
    { shape: [1], segments: 1, dtype: 'float32' },
    { shape: [7], segments: 3, dtype: 'float32' },
    { shape: [60_000], segments: 180, dtype: 'float32' },
    { shape: [6, 4], segments: 5, dtype: 'float32' },
    { shape: [5, 3, 2], segments: 2, dtype: 'float32' },
    { shape: [9], segments: 12, dtype: 'float32' }, // more segments than values: some stay 0
    { shape: [8, 3], segments: 4, dtype: 'int32' },
  ];
  it.each(cases)('sums x $shape ($dtype) into $segments segments as by hand', async (c) => {
    await tf.setBackend(backend);
    const rows = c.shape[0];
    const inner = c.shape.slice(1).reduce((a, b) => a * b, 1);
    const id = ids(rows, c.segments, rows);
    const x = tf.tidy(() =>
      tf.cast(tf.mul(tf.randomNormal(c.shape, 0, 1, 'float32', 3), c.dtype === 'int32' ? 10 : 1), c.dtype),
    );
    const out = tf.unsortedSegmentSum(x, tf.tensor1d(id, 'int32'), c.segments);
    expect(out.shape).toEqual([c.segments, ...c.shape.slice(1)]);
    expect(out.dtype).toBe(c.dtype);
    const expected = reference(await x.data(), id, c.segments, inner);
    const actual = Array.from(await out.data());
    expect(actual.some((v) => v !== 0)).toBe(true);
    actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 3));
    tf.dispose([x, out]);
  });

  it('drops ids outside the segments', async () => {
    await tf.setBackend(backend);
    const out = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 4, 8, 16]), tf.tensor1d([2, 0, 2, -1, 3], 'int32'), 3);
    expect(Array.from(await out.data())).toEqual([2, 0, 5]);
    out.dispose();
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend(backend);
    const x = tf.randomNormal([100]);
    const s = tf.tensor1d(ids(100, 7, 1), 'int32');
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.unsortedSegmentSum(x, s, 7).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, s]);
  });
});

describe('GatherV2 on wasm', () => {
  it.each([
    { n: 1, m: 1, dtype: 'float32' as const },
    { n: 180, m: 60_000, dtype: 'float32' as const },
    { n: 7, m: 30, dtype: 'int32' as const },
  ])('picks x[indices] of a vector as the CPU backend does ($n values, $m indices, $dtype)', async (c) => {
    const idx = ids(c.m, c.n, 5);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tidy(() => tf.cast(tf.mul(tf.randomNormal([c.n], 0, 1, 'float32', 4), 100), c.dtype));
      const out = tf.gather(x, tf.tensor1d(idx, 'int32'));
      const values = Array.from(await out.data());
      tf.dispose([x, out]);
      return values;
    };
    const expected = await run('cpu');
    expect(await run('wasm')).toEqual(expected);
  });

  it('refuses an index outside the vector, and leaves every other gather to the backend', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const bad = tf.tensor1d([0, 3], 'int32');
    const data = tf.backend().numDataIds(); // the wasm heap's allocations, tensors or not
    expect(() => tf.gather(x, bad)).toThrow(/index 3 is not in \[0, 2\]/);
    expect(tf.backend().numDataIds()).toBe(data);
    bad.dispose();
    const rows = tf.gather(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), tf.tensor1d([2, 0], 'int32'));
    expect(Array.from(await rows.data())).toEqual([5, 6, 1, 2]);
    tf.dispose([x, rows]);
  });
});

describe('SplitV on wasm', () => {
  it.each([
    { sizes: [144, 16, 4608, 32, 18432, 64, 36864, 64], dtype: 'float32' as const }, // cnn-small's tensors
    { sizes: [1], dtype: 'float32' as const },
    { sizes: [3, 0, 5], dtype: 'int32' as const }, // an empty part
  ])('cuts a vector into parts $sizes as the CPU backend does ($dtype)', async (c) => {
    const n = c.sizes.reduce((a, b) => a + b, 0);
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const x = tf.tidy(() => tf.cast(tf.mul(tf.randomNormal([n], 0, 1, 'float32', 6), 100), c.dtype));
      const parts = tf.split(x, c.sizes);
      const values = await Promise.all(parts.map(async (p) => [p.shape, p.dtype, Array.from(await p.data())]));
      tf.dispose([x, ...parts]);
      return values;
    };
    const expected = await run('cpu');
    expect(await run('wasm')).toEqual(expected);
  });

  it('leaves a split of a matrix to the backend', async () => {
    await tf.setBackend('wasm');
    const [a, b] = tf.split(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]), [1, 2]);
    expect([Array.from(await a.data()), Array.from(await b.data())]).toEqual([
      [1, 2],
      [3, 4, 5, 6],
    ]);
    tf.dispose([a, b]);
  });
});
