/**
 * Draws the app's icons (public/icons/icon-192.png, icon-512.png; named by the web app manifest in
 * vite.config.ts) from plain geometry, so they are reproducible without an image editor:
 * `npx tsx scripts/make-icons.ts`. The picture is TPGM's: the pre-trained weights θ0 (centre), the ball
 * of radius γ around them (ring), and a weight projected onto its edge (yellow). It stays inside the
 * maskable safe zone (a circle of 40 % of the size around the centre), so one file serves as "any" and
 * as "maskable". Not a general image library: opaque RGBA, one PNG encoder.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [192, 512] as const;
/** Radius, as a fraction of the size, that a maskable icon's launcher may keep (W3C manifest spec). */
export const SAFE_ZONE_RADIUS = 0.4;
/** RGB of the background: the theme's accent (--color-accent, light theme). */
export const BACKGROUND: readonly [number, number, number] = [0x24, 0x56, 0xc7];
const WHITE: readonly [number, number, number] = [0xff, 0xff, 0xff];
const YELLOW: readonly [number, number, number] = [0xff, 0xd1, 0x66];

const RING_RADIUS = 0.25;
const RING_WIDTH = 0.045;
const ANGLE = (-40 * Math.PI) / 180; // where the projected weight sits on the ring (up and right)
const TIP: readonly [number, number] = [0.5 + RING_RADIUS * Math.cos(ANGLE), 0.5 + RING_RADIUS * Math.sin(ANGLE)];

/** Distance from (x, y) to the segment a-b, all in units of the icon's size. */
function segmentDistance(x: number, y: number, a: readonly [number, number], b: readonly [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}

/** The shapes, painted in order: each says whether a point (in units of the size) is inside it. */
const SHAPES: readonly { colour: readonly [number, number, number]; inside: (x: number, y: number) => boolean }[] = [
  { colour: WHITE, inside: (x, y) => Math.abs(Math.hypot(x - 0.5, y - 0.5) - RING_RADIUS) <= RING_WIDTH / 2 },
  { colour: WHITE, inside: (x, y) => segmentDistance(x, y, [0.5, 0.5], TIP) <= 0.016 },
  { colour: WHITE, inside: (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.055 },
  { colour: YELLOW, inside: (x, y) => Math.hypot(x - TIP[0], y - TIP[1]) <= 0.065 },
];

/** 4 × 4 samples per pixel: smooth edges without an anti-aliasing library. */
const SUB = 4;

/**
 * The icon's pixels, RGBA row-major, opaque.
 * @returns [size * size * 4] bytes
 */
export function iconPixels(size: number): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++)
    for (let px = 0; px < size; px++) {
      const colour = [...BACKGROUND];
      for (const shape of SHAPES) {
        let hits = 0;
        for (let sy = 0; sy < SUB; sy++)
          for (let sx = 0; sx < SUB; sx++)
            if (shape.inside((px + (sx + 0.5) / SUB) / size, (py + (sy + 0.5) / SUB) / size)) hits++;
        const cover = hits / (SUB * SUB);
        for (let c = 0; c < 3; c++) colour[c] += (shape.colour[c] - colour[c]) * cover;
      }
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(colour[c]);
      rgba[i + 3] = 255;
    }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks use it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** PNG bytes of an 8-bit RGBA image (colour type 6, no interlace, filter "none" on every row). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  if (rgba.length !== width * height * 4) throw new Error(`${rgba.length} bytes is not ${width} × ${height} RGBA`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth, colour type RGBA, compression, filter, interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Where each icon is written, relative to the repository root. */
export const iconPath = (size: number): string => `public/icons/icon-${size}.png`;

if (process.argv[1]?.endsWith('make-icons.ts')) {
  for (const size of ICON_SIZES) {
    writeFileSync(iconPath(size), encodePng(size, size, iconPixels(size)));
    console.log(`wrote ${iconPath(size)}`);
  }
}
