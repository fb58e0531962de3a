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
type Case = { x: Shape4; k: [number, number]; co: number; stride: number; pad: ConvGradAttrs['pad'] };
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
function inputs({ x, k, co, stride, pad }: Case): {
  xs: tf.Tensor4D;
  dy: tf.Tensor4D;
  info: tf.backend_util.Conv2DInfo;
} {
  const filterShape: Shape4 = [k[0], k[1], x[3], co];
  const info = convGeometry(x, filterShape, { strides: stride, pad, dataFormat: 'NHWC' });
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
      .conv2d(xs, f as tf.Tensor4D, c.stride, c.pad)
      .mul(dy)
      .sum(),
  )(w);
  const values = (await dW.data()) as Float32Array;
  tf.dispose([xs, dy, w, dW]);
  return values;
}

/** The CPU backend's dW for the case. */
async function expected(c: Case): Promise<Float32Array> {
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

  it('is the route the kernel takes where it applies: equal to it to the bit', async () => {
    const c = cases[3];
    const direct = onWasm(filterGradSimd, c)!;
    expect(Array.from(await kernelGradient(c))).toEqual(Array.from(direct));
  });
});
