/**
 * The icon generator: its PNGs decode (by an independent reader here) to the pixels it drew, the
 * committed icons are what it draws now (so a changed drawing without `npx tsx scripts/make-icons.ts`
 * fails), and the picture stays inside the maskable safe zone.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { BACKGROUND, crc32, encodePng, iconPath, iconPixels, ICON_SIZES, SAFE_ZONE_RADIUS } from './make-icons';

/** Reads an 8-bit RGBA, non-interlaced PNG with any row filter; throws on a bad signature or CRC. */
function decodePng(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const buf = Buffer.from(bytes);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (crc32(buf.subarray(at + 4, at + 8 + length)) !== buf.readUInt32BE(at + 8 + length))
      throw new Error(`${type}: bad CRC`);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('not 8-bit RGBA non-interlaced');
    }
    if (type === 'IDAT') idat.push(data);
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x];
      const left = x >= 4 ? rgba[y * stride + x - 4] : 0;
      const up = y > 0 ? rgba[(y - 1) * stride + x] : 0;
      const predictor = [0, left, up, (left + up) >> 1][filter];
      if (predictor === undefined) throw new Error(`row filter ${filter} not supported by this reader`);
      rgba[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

describe('icons', () => {
  it('encodes a PNG that an independent reader decodes to the same pixels', () => {
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    expect(decodePng(encodePng(3, 2, rgba))).toEqual({ width: 3, height: 2, rgba });
    expect(() => encodePng(3, 3, rgba)).toThrow('is not 3 × 3 RGBA');
  });

  it('the reader notices a damaged file (so the checks below mean something)', () => {
    const png = encodePng(2, 2, new Uint8Array(16));
    png[40] ^= 0xff; // a byte of the IDAT chunk
    expect(() => decodePng(png)).toThrow('bad CRC');
  });

  it.each(ICON_SIZES)('public/icons/icon-%i.png is what the generator draws now', (size) => {
    const committed = decodePng(readFileSync(iconPath(size)));
    expect([committed.width, committed.height]).toEqual([size, size]);
    expect(Buffer.from(committed.rgba).equals(Buffer.from(iconPixels(size)))).toBe(true);
  });

  it.each(ICON_SIZES)('the %i px icon is opaque and draws nothing outside the maskable safe zone', (size) => {
    const rgba = iconPixels(size);
    let drawnOutside = 0;
    let drawn = 0;
    let translucent = 0;
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const i = (y * size + x) * 4;
        if (rgba[i + 3] !== 255) translucent++;
        const isBackground = BACKGROUND.every((v, c) => rgba[i + c] === v);
        // pixel corners count: a pixel any part of which leaves the zone is "outside"
        const far = Math.hypot(Math.abs(x + 0.5 - size / 2) + 0.5, Math.abs(y + 0.5 - size / 2) + 0.5);
        if (far > SAFE_ZONE_RADIUS * size && !isBackground) drawnOutside++;
        if (!isBackground) drawn++;
      }
    expect({ drawnOutside, translucent }).toEqual({ drawnOutside: 0, translucent: 0 });
    expect(drawn).toBeGreaterThan(size); // and there is a picture
  });
});
