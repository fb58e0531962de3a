/**
 * Decoding a dropped zip or folder in the worker: unzip within UPLOAD_LIMITS (entries listed from the
 * zip's central directory, inflated with fflate's streaming Inflate a slice at a time and counted, so a
 * zip bomb is refused before it is inflated, and an entry that lies about its size after at most one
 * slice's output), decode each image with createImageBitmap, resize onto an OffscreenCanvas to the
 * model's input, convert to its channels. Planning and refusals are in core/data/upload.ts.
 */
import { Inflate, strFromU8 } from 'fflate';

import type { Dataset } from '../core/data/dataset-loader';
import {
  UPLOAD_LIMITS,
  UploadError,
  datasetFromImages,
  formatBytes,
  listSkipped,
  planUpload,
  refuseSmallClasses,
  type UploadPlan,
} from '../core/data/upload';
import type { UploadSource } from './protocol';

type Progress = (stage: string, fraction: number) => void;

/** An entry that cannot be used (skipped and listed); an UploadError refuses the whole upload. */
class EntryProblem extends Error {}

/** One entry of a zip's central directory (APPNOTE.TXT §4.3.12). */
interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedBytes: number;
  /** The unpacked size the archive declares; inflating checks it. */
  bytes: number;
  localHeader: number;
}

/**
 * Compressed bytes handed to the inflater at once. Deflate expands at most ~1032:1, so one slice
 * inflates to at most ~16.5 MiB: that is all a lying entry gets inflated before it is caught.
 */
export const INFLATE_SLICE_BYTES = 16 * 1024;

const u16 = (v: DataView, at: number): number => v.getUint16(at, true);
const u32 = (v: DataView, at: number): number => v.getUint32(at, true);

/** The end-of-central-directory record (APPNOTE §4.3.16; ZIP64 §4.3.14): where the entries are, and how many. */
function centralDirectory(zip: Uint8Array, v: DataView): { at: number; count: number } {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (u32(v, i) !== 0x06054b50) continue;
    const count = u16(v, i + 10);
    const at = u32(v, i + 16);
    if ((count !== 0xffff && at !== 0xffffffff) || i < 20 || u32(v, i - 20) !== 0x07064b50) return { at, count };
    const end64 = Number(v.getBigUint64(i - 12, true));
    if (u32(v, end64) !== 0x06064b50) throw new Error('broken ZIP64 end record');
    return { at: Number(v.getBigUint64(end64 + 48, true)), count: Number(v.getBigUint64(end64 + 32, true)) };
  }
  throw new Error('no end of central directory record');
}

/** Every entry of the central directory, with the sizes it declares (ZIP64 extra field §4.5.3 read). */
export function listZip(zip: Uint8Array): ZipEntry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const dir = centralDirectory(zip, v);
  const entries: ZipEntry[] = [];
  for (let k = 0, at = dir.at; k < dir.count; k++) {
    if (u32(v, at) !== 0x02014b50) throw new Error(`entry ${k + 1} of the central directory is broken`);
    const [flags, nameLen, extraLen] = [u16(v, at + 8), u16(v, at + 28), u16(v, at + 30)];
    const entry: ZipEntry = {
      // without the UTF-8 flag (bit 11) the name is CP437; read as Latin-1, as fflate's unzipSync does
      name: strFromU8(zip.subarray(at + 46, at + 46 + nameLen), !(flags & 0x800)),
      flags,
      method: u16(v, at + 10),
      compressedBytes: u32(v, at + 20),
      bytes: u32(v, at + 24),
      localHeader: u32(v, at + 42),
    };
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen; e += 4 + u16(v, e + 2)) {
      if (u16(v, e) !== 1) continue;
      let f = e + 4;
      for (const key of ['bytes', 'compressedBytes', 'localHeader'] as const) {
        if (entry[key] !== 0xffffffff) continue;
        entry[key] = Number(v.getBigUint64(f, true));
        f += 8;
      }
    }
    entries.push(entry);
    at += 46 + nameLen + extraLen + u16(v, at + 32);
  }
  return entries;
}

/** Inflate one entry, never past what it declares (which planUpload has held to the limits). */
function unpackEntry(zip: Uint8Array, e: ZipEntry, counted: (n: number) => void): Uint8Array {
  if (e.flags & 1) throw new EntryProblem('encrypted');
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  if (e.localHeader + 30 > zip.length || u32(v, e.localHeader) !== 0x04034b50)
    throw new EntryProblem('damaged in the archive (no local header)');
  const start = e.localHeader + 30 + u16(v, e.localHeader + 26) + u16(v, e.localHeader + 28);
  if (start + e.compressedBytes > zip.length) throw new EntryProblem('damaged in the archive (cut short)');
  const data = zip.subarray(start, start + e.compressedBytes);
  if (e.method === 0) {
    if (data.length !== e.bytes) throw new EntryProblem('damaged in the archive (stored size mismatch)');
    counted(data.length);
    return data;
  }
  if (e.method !== 8) throw new EntryProblem(`compressed with method ${e.method} (only deflate is supported)`);
  // deflate never grows data by more than its stored blocks' 5 bytes per 64 KiB: a longer input is junk,
  // and fflate copies its whole pending input on every push, so junk would cost quadratic time
  if (e.compressedBytes > e.bytes + (e.bytes >> 5) + 65536)
    throw new EntryProblem('damaged in the archive (larger compressed than deflate ever makes it)');
  const chunks: Uint8Array[] = [];
  let n = 0;
  const inflate = new Inflate((chunk) => {
    n += chunk.length;
    counted(chunk.length);
    chunks.push(chunk);
  });
  // slices after the one that completed the declared size: one more may hold the stream's end code
  let slicesAfterFull = 0;
  for (let at = 0; at === 0 || at < data.length; at += INFLATE_SLICE_BYTES) {
    const last = at + INFLATE_SLICE_BYTES >= data.length;
    try {
      inflate.push(data.subarray(at, at + INFLATE_SLICE_BYTES), last);
      if (!last && n === e.bytes && ++slicesAfterFull > 1) {
        inflate.push(new Uint8Array(0), true); // what follows is not image data: end the stream here
        break;
      }
    } catch (err) {
      throw new EntryProblem(`damaged in the archive (${(err as Error).message})`);
    }
    if (n > e.bytes)
      throw new UploadError(
        `"${e.name}" unpacks to more than the ${formatBytes(e.bytes)} its archive entry declares ` +
          `(stopped after ${formatBytes(n)}): the archive is damaged or crafted`,
      );
  }
  if (n !== e.bytes) throw new EntryProblem(`damaged in the archive (${n} of ${e.bytes} bytes)`);
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Every file of a small archive (a model export), by its name without folders, inflated within its
 * declared size; refused whole when the sizes it declares pass `maxBytes` or an entry cannot be read.
 */
export function unpackSmallZip(zip: Uint8Array, maxBytes: number): Map<string, Uint8Array> {
  let entries: ZipEntry[];
  try {
    entries = listZip(zip).filter((e) => !e.name.endsWith('/'));
  } catch (err) {
    throw new UploadError(`not a readable zip archive (${(err as Error).message})`);
  }
  const declared = entries.reduce((n, e) => n + e.bytes, 0);
  if (declared > maxBytes)
    throw new UploadError(`the archive unpacks to ${formatBytes(declared)}; the limit is ${formatBytes(maxBytes)}`);
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    try {
      files.set(
        e.name.slice(e.name.lastIndexOf('/') + 1),
        unpackEntry(zip, e, () => {}),
      );
    } catch (err) {
      if (err instanceof EntryProblem) throw new UploadError(`"${e.name}" is ${err.message}`);
      throw err;
    }
  }
  return files;
}

/**
 * Plan a zip from its central directory, then inflate only the planned images, each within its
 * declared size (so the total stays within what planUpload allowed). Entries that cannot be unpacked
 * join `plan.skipped`. `inflatedBytes` counts every byte inflated, for tests and progress.
 * @throws UploadError on an unreadable archive, a broken limit, or an entry that lies about its size
 */
export function unpackZip(
  zip: Uint8Array,
  progress: Progress = () => {},
): { plan: UploadPlan; files: Map<string, Uint8Array>; inflatedBytes: number } {
  let entries: ZipEntry[];
  try {
    entries = listZip(zip);
  } catch (err) {
    throw new UploadError(`not a readable zip archive (${(err as Error).message})`);
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const plan = planUpload(
    entries.map((e) => e.name),
    new Map(entries.map((e) => [e.name, e.bytes])),
  );
  const files = new Map<string, Uint8Array>();
  let inflatedBytes = 0;
  const kept: UploadPlan['images'] = [];
  for (const [i, im] of plan.images.entries()) {
    const entry = byName.get(im.source);
    try {
      if (entry === undefined) throw new EntryProblem('missing');
      files.set(
        im.source,
        unpackEntry(zip, entry, (n) => (inflatedBytes += n)),
      );
      kept.push(im);
    } catch (err) {
      if (!(err instanceof EntryProblem)) throw err;
      plan.skipped.push({ path: im.path, reason: err.message });
    }
    if (i % 50 === 0) progress('unpacking', i / plan.images.length);
  }
  return { plan: { ...plan, images: kept }, files, inflatedBytes };
}

async function readZip(data: Blob, progress: Progress): Promise<ReturnType<typeof unpackZip>> {
  if (data.size > UPLOAD_LIMITS.maxBytes)
    throw new UploadError(
      `the archive is ${formatBytes(data.size)}; the limit is ${formatBytes(UPLOAD_LIMITS.maxBytes)}`,
    );
  return unpackZip(new Uint8Array(await data.arrayBuffer()), progress);
}

/** Grey (luminance) or RGB pixels of one image, resized to h × w. */
async function decode(bytes: Blob, h: number, w: number, c: number): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(bytes);
  try {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas in this worker');
    ctx.drawImage(bitmap, 0, 0, w, h);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const out = new Uint8Array(h * w * c);
    for (let p = 0; p < h * w; p++) {
      const [r, g, b] = [rgba[p * 4], rgba[p * 4 + 1], rgba[p * 4 + 2]];
      if (c === 1) out[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      else out.set([r, g, b], p * 3);
    }
    return out;
  } finally {
    bitmap.close();
  }
}

/** A dropped folder: each file's size is known, so the plan holds it to the limits before any is read. */
function planFolder(files: readonly { path: string; data: Blob }[]): { plan: UploadPlan; files: Map<string, Blob> } {
  const byPath = new Map(files.map((f) => [f.path, f.data]));
  const plan = planUpload(
    files.map((f) => f.path),
    new Map(files.map((f) => [f.path, f.data.size])),
  );
  return { plan, files: byPath };
}

/** How many skipped entries the dataset's description lists by name. */
const LISTED_SKIPPED = 10;

/** Decode every image of `source` into a Dataset of `imageShape` images. */
export async function datasetFromUpload(
  source: UploadSource,
  imageShape: [number, number, number],
  progress: Progress,
): Promise<Dataset> {
  const [h, w, c] = imageShape;
  progress('reading', 0);
  const { plan, files } = source.kind === 'zip' ? await readZip(source.data, progress) : planFolder(source.files);
  if (plan.images.length === 0)
    throw new UploadError(`no image could be unpacked (skipped: ${listSkipped(plan.skipped, 3)})`);
  const decoded: { pixels: Uint8Array; label: number }[] = [];
  const skipped = [...plan.skipped];
  for (const [i, im] of plan.images.entries()) {
    const raw = files.get(im.source);
    try {
      if (raw === undefined) throw new Error('missing');
      const blob = raw instanceof Blob ? raw : new Blob([raw as Uint8Array<ArrayBuffer>]);
      decoded.push({ pixels: await decode(blob, h, w, c), label: im.label });
    } catch (err) {
      skipped.push({
        path: im.path,
        reason: `could not be decoded (${err instanceof Error ? err.message : String(err)})`,
      });
    }
    if (i % 50 === 0) progress('decoding', i / plan.images.length);
  }
  if (decoded.length === 0)
    throw new UploadError(
      `none of the ${plan.images.length} images could be decoded (${listSkipped(skipped.slice(plan.skipped.length), 1)})`,
    );
  const counts = plan.classes.map((_, k) => decoded.filter((d) => d.label === k).length);
  const lost = plan.classes.filter((_, k) => counts[k] === 0);
  if (lost.length > 0)
    throw new UploadError(
      `no decodable image in class${lost.length > 1 ? 'es' : ''} ${lost.map((x) => `"${x}"`).join(', ')}`,
    );
  refuseSmallClasses(plan.classes, counts, 'decodable images');
  progress('decoding', 1);
  const name = source.name.replace(/\.zip$/i, '') || 'upload';
  const ds = datasetFromImages(name, plan.classes, imageShape, decoded);
  if (skipped.length > 0) ds.meta.description += ` Skipped ${skipped.length}: ${listSkipped(skipped, LISTED_SKIPPED)}.`;
  return ds;
}
