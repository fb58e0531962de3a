import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';

import { wasmSimd } from './wasm-simd';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** A stand-in for the backend: an Emscripten module whose memory is `memory`, as in either build. */
const plainBackend = (memory: WebAssembly.Memory) => ({ wasm: { asm: { memory } } });
const threadedBackend = (memory: WebAssembly.Memory) => ({ wasm: { wasmMemory: memory } });

const memories = [
  { name: 'a plain memory (the SIMD build)', backend: () => plainBackend(new WebAssembly.Memory({ initial: 1 })) },
  {
    name: 'a shared memory (the threaded build)',
    backend: () => threadedBackend(new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true })),
  },
];

const floats = (backend: { wasm: object }) => {
  const w = backend.wasm as { asm?: { memory: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
  return new Float32Array((w.wasmMemory ?? w.asm!.memory).buffer);
};

describe.each(memories)('our SIMD loops on $name', ({ backend: make }) => {
  it('sums columns in row order from +0', () => {
    const backend = make();
    const simd = wasmSimd(backend)!;
    expect(simd).not.toBeNull();
    const heap = floats(backend);
    const [rows, cols] = [5, 8];
    const x = Array.from({ length: rows * cols }, (_, i) => Math.fround(Math.sin(i) * 10 ** (i % 7)));
    heap.set(x, 16);
    heap.fill(99, 256, 256 + cols); // the output is written, not added to
    simd.columnSum(16 * 4, 256 * 4, rows, cols * 4);
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum = Math.fround(sum + x[r * cols + c]);
      expect(heap[256 + c]).toBe(sum);
    }
    simd.columnSum(16 * 4, 256 * 4, 0, cols * 4);
    expect(Array.from(heap.subarray(256, 256 + cols))).toEqual(new Array(cols).fill(0));
  });

  it('adds a row to every row', () => {
    const backend = make();
    const simd = wasmSimd(backend)!;
    const heap = floats(backend);
    const [rows, cols] = [3, 12];
    const x = Array.from({ length: rows * cols }, (_, i) => Math.fround(i * 0.37 - 5));
    const b = Array.from({ length: cols }, (_, i) => Math.fround(1 / (i + 1)));
    heap.set(x, 0);
    heap.set(b, 64);
    simd.addRows(0, 64 * 4, 128 * 4, rows, cols * 4);
    x.forEach((v, i) => expect(heap[128 + i]).toBe(Math.fround(v + b[i % cols])));
  });

  it('gives each 2 × 2 window’s gradient to its first strict maximum, +0 elsewhere', () => {
    const backend = make();
    const simd = wasmSimd(backend)!;
    const heap = floats(backend);
    // one window [a b; c d] of 4 channels at rows 0–1, columns 0–1 of a 2 × 2 image
    const [a, b, c, d] = [0, 1, 2, 3].map((p) => p * 4);
    const windows: number[][] = [
      [1, 3, 3, 2], // the first of two equal maxima: b
      [NaN, 1, 2, 0], // NaN never wins: c
      [-Infinity, -Infinity, -Infinity, -Infinity], // nothing wins
      [3, NaN, 3, 7], // d
    ];
    windows.forEach((w, ch) => [a, b, c, d].forEach((p, k) => (heap[p + ch] = w[k])));
    heap.set([1.5, -2, 4, -0], 16); // dy, one per channel (−0 must come out +0 where it wins)
    heap.fill(99, 32, 48);
    simd.maxPoolGrad2x2(0, 16 * 4, 32 * 4, 1, 1, 4 * 4, 2 * 4 * 4);
    const dx = Array.from(heap.subarray(32, 48));
    const winner = [1, 2, -1, 3];
    const expected = [0, 1, 2, 3].flatMap((k) =>
      [0, 1, 2, 3].map((ch) => (winner[ch] === k ? [1.5, -2, 4, 0][ch] : 0)),
    );
    expect(dx).toEqual(expected);
    dx.forEach((v) => expect(Object.is(v, -0)).toBe(false));
  });

  it.each([
    { tile: 'filterGradTile4x8' as const, cols: 8 },
    { tile: 'filterGradTile4x4' as const, cols: 4 },
  ])('sums a $tile tile of x ⊗ dy over the pixels in order, storing only the rows asked for', ({ tile, cols }) => {
    const backend = make();
    const simd = wasmSimd(backend)!;
    const heap = floats(backend);
    // 2 images of 2 × 3 output pixels; strides in floats, none of them the packed one
    const [images, outH, outW] = [2, 2, 3];
    const [xImage, xRow, xPix, dyPix, outRow] = [41, 17, 5, 10, 12];
    const [x0, dy0, out0] = [3, 200, 400];
    heap.fill(0, 0, 600);
    for (let i = 0; i < 190; i++) heap[x0 + i] = Math.fround(Math.sin(i + 1) * 10 ** (i % 5));
    for (let i = 0; i < 120; i++) heap[dy0 + i] = Math.fround(Math.cos(i) * 3);
    heap.fill(99, out0, out0 + 4 * outRow);
    const pixels: [number, number][] = [];
    for (let n = 0; n < images; n++)
      for (let oh = 0; oh < outH; oh++)
        for (let ow = 0; ow < outW; ow++)
          pixels.push([x0 + n * xImage + oh * xRow + ow * xPix, dy0 + pixels.length * dyPix]);
    const args = [images, outH, outW, xImage * 4, xRow * 4, xPix * 4, dyPix * 4, outRow * 4] as const;
    simd[tile](x0 * 4, dy0 * 4, out0 * 4, 3, ...args);
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (const [xp, dp] of pixels) sum = Math.fround(sum + Math.fround(heap[xp + r] * heap[dp + c]));
        expect(heap[out0 + r * outRow + c]).toBe(r < 3 ? sum : 99);
      }
      expect(heap[out0 + r * outRow + cols]).toBe(99); // nothing past the tile's columns
    }
  });
});

describe('wasmSimd', () => {
  it('finds the memory of tfjs-backend-wasm, so the kernels take the SIMD route here', async () => {
    await tf.setBackend('wasm');
    expect(wasmSimd(tf.backend())).not.toBeNull();
    expect(wasmSimd(tf.backend())).toBe(wasmSimd(tf.backend())); // one instance per memory
  });

  it('gives null where there is no wasm memory (the kernels keep their other routes)', () => {
    expect(wasmSimd({})).toBeNull();
    expect(wasmSimd({ wasm: { asm: {} } })).toBeNull();
  });
});
