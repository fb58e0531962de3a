import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { imageHeaderProblem, MAX_IMAGE_PIXELS, readImageHeader } from './image-header';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const be32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number): number[] => [n >>> 8, n & 255];
const le16 = (n: number): number[] => [n & 255, n >>> 8];
const le24 = (n: number): number[] => [n & 255, (n >>> 8) & 255, n >>> 16];

/** Signature and IHDR of a PNG (the CRC and the data do not matter to the header). */
const png = (w: number, h: number): Uint8Array =>
  bytes([137, 80, 78, 71, 13, 10, 26, 10], be32(13), 'IHDR', be32(w), be32(h), [8, 0, 0, 0, 0], be32(0));

/** SOI, an APP1 segment of `appBytes`, a DQT, then a start of frame `sof` (C0 baseline, C2 progressive …). */
function jpeg(w: number, h: number, { appBytes = 16, sof = 0xc0, fill = false } = {}): Uint8Array {
  const app = [0xff, 0xe1, ...be16(appBytes + 2), ...new Array<number>(appBytes).fill(0xff)];
  const dqt = [0xff, 0xdb, ...be16(67), ...new Array<number>(65).fill(1)];
  const frame = [0xff, sof, ...be16(17), 8, ...be16(h), ...be16(w), 3, ...new Array<number>(9).fill(1)];
  return bytes([0xff, 0xd8], app, fill ? [0xff, 0xff] : [], dqt, frame, [0xff, 0xda, 0, 12]);
}

const riff = (chunk: string, body: number[]): Uint8Array =>
  bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [body.length, 0, 0, 0], body, new Array<number>(16).fill(0));
const vp8 = (w: number, h: number): Uint8Array => riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(w), ...le16(h)]);
function vp8l(w: number, h: number): Uint8Array {
  const bits = ((w - 1) | ((h - 1) << 14)) >>> 0;
  return riff('VP8L', [0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, bits >>> 24]);
}
const vp8x = (w: number, h: number): Uint8Array => riff('VP8X', [0x10, 0, 0, 0, ...le24(w - 1), ...le24(h - 1)]);

describe('readImageHeader', () => {
  it('reads a shipped PNG', () => {
    const icon = new Uint8Array(readFileSync('public/icons/icon-192.png'));
    expect(readImageHeader(icon)).toEqual({ format: 'PNG', width: 192, height: 192 });
  });

  it('reads the size each format declares, whatever it is', () => {
    expect(readImageHeader(png(100_000, 3))).toEqual({ format: 'PNG', width: 100_000, height: 3 });
    expect(readImageHeader(jpeg(720, 477))).toEqual({ format: 'JPEG', width: 720, height: 477 });
    expect(readImageHeader(vp8(640, 480))).toEqual({ format: 'WebP', width: 640, height: 480 });
    expect(readImageHeader(vp8l(16_384, 1))).toEqual({ format: 'WebP', width: 16_384, height: 1 });
    expect(readImageHeader(vp8x(16_777_216, 2))).toEqual({ format: 'WebP', width: 16_777_216, height: 2 });
  });

  it('finds the JPEG frame after large metadata segments, fill bytes and any SOF kind', () => {
    expect(readImageHeader(jpeg(31, 17, { appBytes: 60_000, fill: true }))).toEqual({
      format: 'JPEG',
      width: 31,
      height: 17,
    });
    expect(readImageHeader(jpeg(4000, 3000, { sof: 0xc2 }))?.width).toBe(4000);
  });

  it('gives null for other formats, cut headers and a JPEG with no frame before its scan', () => {
    expect(readImageHeader(bytes('GIF89a', [1, 0, 1, 0]))).toBeNull();
    expect(readImageHeader(png(10, 10).subarray(0, 20))).toBeNull();
    expect(readImageHeader(jpeg(10, 10).subarray(0, 30))).toBeNull();
    expect(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xda, 0, 12]))).toBeNull();
    expect(readImageHeader(vp8(10, 10).subarray(0, 24))).toBeNull();
    expect(readImageHeader(new Uint8Array(0))).toBeNull();
  });
});

describe('imageHeaderProblem', () => {
  it('lets real photo sizes through and names the declared size of a bomb', () => {
    expect(imageHeaderProblem(jpeg(8000, 6000))).toBeNull(); // 48 megapixels
    expect(imageHeaderProblem(png(100_000, 100_000))).toBe(
      'too many pixels: its PNG header declares 100,000 × 100,000 (10,000 megapixels); the limit is 50 megapixels',
    );
    expect(imageHeaderProblem(vp8x(MAX_IMAGE_PIXELS / 10_000 + 1, 10_000))).toMatch(
      /^too many pixels: its WebP header/,
    );
    expect(imageHeaderProblem(vp8x(MAX_IMAGE_PIXELS / 10_000, 10_000))).toBeNull();
  });

  it('refuses an empty image and bytes that are no image', () => {
    expect(imageHeaderProblem(png(0, 10))).toBe('its PNG header declares an empty image (0 × 10)');
    expect(imageHeaderProblem(bytes('hello, world'))).toBe(
      'not a PNG, JPEG or WebP image (its header could not be read)',
    );
  });
});
