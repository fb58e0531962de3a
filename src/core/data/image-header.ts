/**
 * An image's width and height from its header, read before it is decoded: a 100-byte PNG can declare
 * 100,000 × 100,000 pixels, and the browser's decoder would try to allocate all of them (an "image
 * bomb"). Only the formats an upload accepts (core/data/upload.ts IMAGE_EXTENSIONS) are read: PNG
 * (IHDR), JPEG (the first SOF marker before the scan) and WebP (VP8, VP8L or VP8X). The format comes
 * from the bytes' signature, not the file's name.
 */

export interface ImageHeader {
  format: 'PNG' | 'JPEG' | 'WebP';
  width: number;
  height: number;
}

/** 50 megapixels: a 48-megapixel phone photo passes; decoding one takes 200 MB as RGBA. */
export const MAX_IMAGE_PIXELS = 50_000_000;

const u16be = (b: Uint8Array, i: number): number => (b[i] << 8) | b[i + 1];
const u16le = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);
const u24le = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const u32be = (b: Uint8Array, i: number): number =>
  ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const ascii = (b: Uint8Array, i: number, n: number): string => String.fromCharCode(...b.subarray(i, i + n));

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function png(b: Uint8Array): ImageHeader | null {
  // signature, then the first chunk must be IHDR: length 13, width and height as big-endian u32
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return { format: 'PNG', width: u32be(b, 16), height: u32be(b, 20) };
}

/** Start-of-frame markers carry the size: C0–CF except C4 (Huffman tables), C8 (reserved), CC (arithmetic tables). */
const isStartOfFrame = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpeg(b: Uint8Array): ImageHeader | null {
  let i = 2; // after SOI (FF D8)
  while (i + 3 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    // markers without a length: TEM and RST0–7; SOI again or EOI end a header that had no frame
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd8 || marker === 0xd9 || marker === 0xda) return null; // SOS before any SOF: no size
    const length = u16be(b, i + 2);
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      // length (2), precision (1), height (2), width (2)
      if (i + 9 > b.length) return null;
      return { format: 'JPEG', height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    i += 2 + length;
  }
  return null;
}

function webp(b: Uint8Array): ImageHeader | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ') {
    // frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (2 bits of scale above)
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { format: 'WebP', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // signature 0x2F, then width − 1 and height − 1 in 14 bits each, little-endian bit order
    if (b[20] !== 0x2f) return null;
    const bits = (b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24)) >>> 0;
    return { format: 'WebP', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // flags (4 bytes), then canvas width − 1 and height − 1 as 24-bit little-endian
    return { format: 'WebP', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/** The header of a PNG, JPEG or WebP image, or null when the bytes are none of these or are cut short. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((v, i) => bytes[i] === v)) return png(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpeg(bytes);
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webp(bytes);
  return null;
}

/**
 * Why these bytes must not be decoded, or null when they may: not a readable PNG, JPEG or WebP
 * header, an empty image, or more than MAX_IMAGE_PIXELS.
 */
export function imageHeaderProblem(bytes: Uint8Array): string | null {
  const header = readImageHeader(bytes);
  if (header === null) return 'not a PNG, JPEG or WebP image (its header could not be read)';
  const { format, width, height } = header;
  if (width === 0 || height === 0) return `its ${format} header declares an empty image (${width} × ${height})`;
  const pixels = width * height;
  if (pixels > MAX_IMAGE_PIXELS)
    return (
      `too many pixels: its ${format} header declares ${width.toLocaleString('en')} × ${height.toLocaleString('en')} ` +
      `(${(pixels / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} megapixels); the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels`
    );
  return null;
}
