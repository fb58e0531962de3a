/**
 * Both routes of the wasm filter gradient, each called directly (the kernel takes the SIMD one wherever
 * it applies, so the XNNPACK one would go untested otherwise), against the CPU backend's gradient.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { maxRelError } from '../testing/backend-compare';
import { filterGradSimd, filterGradXnnpack, registerWasmFilterGrad } from './wasm-filter-grad';
import { convGeometry, type ConvGradAttrs } from './wasm-kernel';

type Shape4 = [number, number, number, number];
type Case = {
  x: Shape4;
  k: [number, number];
  co: number;
  stride: number;
  pad: ConvGradAttrs['pad'];
  rounding?: 'ceil' | 'round';
};
type Heap = tf.KernelBackend & {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
};

beforeAll(async () => {
  registerWasmFilterGrad();
  await tf.setBackend('wasm');
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

// M = kw · C_in, the rows of a filter row's GEMM, covers every remainder mod 4 (the last tile's rows);
// C_out covers whole 8-wide tiles and a 4-wide tail
const cases: Case[] = [
  { x: [2, 7, 7, 3], k: [3, 3], co: 4, stride: 1, pad: 'same' }, // M = 9
  { x: [2, 7, 7, 3], k: [3, 3], co: 8, stride: 1, pad: 'valid' },
  { x: [2, 28, 28, 1], k: [3, 3], co: 16, stride: 1, pad: 'same' }, // cnn-small's conv1, M = 3
  { x: [2, 7, 7, 64], k: [3, 3], co: 64, stride: 1, pad: 'same' }, // its conv4, M = 192
  { x: [1, 6, 9, 5], k: [2, 2], co: 12, stride: 1, pad: 'same' }, // even kernel, M = 10
  { x: [2, 5, 4, 3], k: [4, 4], co: 4, stride: 1, pad: 'same' }, // M = 12
  { x: [1, 3, 3, 2], k: [5, 5], co: 8, stride: 1, pad: 'same' }, // the filter wider than the image
  { x: [2, 6, 7, 2], k: [3, 3], co: 12, stride: 1, pad: 2 }, // explicit padding: a larger output
  { x: [3, 5, 5, 4], k: [1, 1], co: 4, stride: 1, pad: 'valid' },
  { x: [3, 8, 8, 1], k: [3, 3], co: 8, stride: 2, pad: 'same' },
  { x: [3, 9, 9, 2], k: [3, 3], co: 4, stride: 2, pad: 'valid' },
  { x: [2, 6, 5, 4], k: [1, 1], co: 12, stride: 2, pad: 'same' },
  { x: [1, 10, 10, 2], k: [5, 5], co: 16, stride: 3, pad: 'same' },
  { x: [1, 11, 13, 7], k: [3, 3], co: 20, stride: 3, pad: 'valid' }, // M = 21, odd sizes
  { x: [2, 5, 8, 3], k: [2, 3], co: 8, stride: 1, pad: 'same' }, // a kernel wider than tall
  // output sizes rounded up: the last window runs a row and a column past the padded input
  { x: [2, 8, 8, 3], k: [3, 3], co: 8, stride: 2, pad: 1, rounding: 'ceil' },
  { x: [1, 9, 10, 2], k: [4, 4], co: 12, stride: 3, pad: 0, rounding: 'round' },
  {
    x: [2, 6, 6, 3],
    k: [3, 3],
    co: 8,
    stride: 1,
    pad: [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
  }, // padding on one side only
];

/** x and dy of a case, seeded, on the current backend. */
function inputs({ x, k, co, stride, pad, rounding }: Case): {
  xs: tf.Tensor4D;
  dy: tf.Tensor4D;
  info: tf.backend_util.Conv2DInfo;
} {
  const filterShape: Shape4 = [k[0], k[1], x[3], co];
  const info = convGeometry(x, filterShape, { strides: stride, pad, dataFormat: 'NHWC', dimRoundingMode: rounding });
  const xs = tf.randomNormal(x, 0, 1, 'float32', 1) as tf.Tensor4D;
  const dy = tf.randomNormal([x[0], info.outHeight, info.outWidth, co], 0, 1, 'float32', 2) as tf.Tensor4D;
  return { xs, dy, info };
}

/** dW of the case through tfjs's gradient on the current backend: of Σ conv2d(x, w) · dy with respect to w. */
async function kernelGradient(c: Case): Promise<Float32Array> {
  const { xs, dy } = inputs(c);
  const w = tf.zeros([c.k[0], c.k[1], c.x[3], c.co]);
  const dW = tf.grad((f) =>
    tf
      .conv2d(xs, f as tf.Tensor4D, c.stride, c.pad as 'same' | 'valid' | number, 'NHWC', 1, c.rounding)
      .mul(dy)
      .sum(),
  )(w);
  const values = (await dW.data()) as Float32Array;
  tf.dispose([xs, dy, w, dW]);
  return values;
}

/**
 * dW of the case in float64 from its definition, Σ_{n,oh,ow} x[n, s·oh + a − top, s·ow + b − left, c] ·
 * dy[n, oh, ow, o] (zero outside x): for output sizes rounded up, where tfjs's own gradient (the CPU
 * backend's too) drops the forward's dimRoundingMode and with it the last row and column of dy.
 */
async function definition(c: Case): Promise<Float32Array> {
  const { xs, dy, info } = inputs(c);
  const [xv, dv] = [await xs.data(), await dy.data()];
  tf.dispose([xs, dy]);
  const [n, h, w, ci] = c.x;
  const [kh, kw] = c.k;
  const { outHeight: oh, outWidth: ow, strideHeight: s, padInfo } = info;
  const out = new Float64Array(kh * kw * ci * c.co);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let a = 0; a < kh; a++)
          for (let e = 0; e < kw; e++) {
            const [r, q] = [s * i + a - padInfo.top, s * j + e - padInfo.left];
            if (r < 0 || r >= h || q < 0 || q >= w) continue;
            for (let k = 0; k < ci; k++)
              for (let o = 0; o < c.co; o++)
                out[((a * kw + e) * ci + k) * c.co + o] +=
                  xv[((b * h + r) * w + q) * ci + k] * dv[((b * oh + i) * ow + j) * c.co + o];
          }
  return Float32Array.from(out);
}

/** The CPU backend's dW for the case (from its definition where tfjs rounds the output size). */
async function expected(c: Case): Promise<Float32Array> {
  if (c.rounding) return definition(c);
  await tf.setBackend('cpu');
  const values = await kernelGradient(c);
  await tf.setBackend('wasm');
  return values;
}

type Route = typeof filterGradSimd;

/** dW by `route` on wasm, with no data left on the backend. */
function onWasm(route: Route, c: Case): Float32Array | null {
  const backend = tf.backend() as Heap;
  const { xs, dy, info } = inputs(c);
  const before = backend.numDataIds();
  const dW = route(xs, dy, [c.k[0], c.k[1], c.x[3], c.co], info, backend);
  const values = dW && backend.typedArrayFromHeap(dW).slice();
  if (dW) backend.disposeData(dW.dataId);
  expect(backend.numDataIds()).toBe(before); // the padded input went, too
  tf.dispose([xs, dy]);
  return values;
}

describe.each([
  { name: 'SIMD tiles', route: filterGradSimd },
  { name: 'XNNPACK convolution', route: filterGradXnnpack },
])('the $name route of Conv2DBackpropFilter', ({ route }) => {
  it.each(cases)('matches the CPU backend for x $x, kernel $k, C_out $co, stride $stride, pad $pad', async (c) => {
    const want = await expected(c);
    const got = onWasm(route, c);
    expect(got).not.toBeNull();
    expect(got!.length).toBe(want.length);
    expect(maxRelError(got!, want)).toBeLessThan(1e-5);
  });
});

describe('the SIMD route', () => {
  it.each([3, 5, 6, 10])('hands C_out = %i (not a multiple of 4) to the other route', (co) => {
    expect(onWasm(filterGradSimd, { x: [2, 6, 6, 2], k: [3, 3], co, stride: 1, pad: 'same' })).toBeNull();
  });

  it('sizes the output by dy, which tfjs’s gradient gives rounded up while dropping the rounding itself', async () => {
    const c = cases.find((k) => k.rounding === 'ceil')!;
    expect(maxRelError(await kernelGradient(c), await definition(c))).toBeLessThan(1e-5);
    // the definition itself agrees with the CPU backend where no rounding is involved
    for (const k of [cases[0], cases[12]])
      expect(maxRelError(await definition(k), await expected(k))).toBeLessThan(1e-5);
  });

  it('is the route the kernel takes where it applies: equal to it to the bit', async () => {
    const c = cases[3];
    const direct = onWasm(filterGradSimd, c)!;
    expect(Array.from(await kernelGradient(c))).toEqual(Array.from(direct));
  });
});
