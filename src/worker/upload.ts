/**
 * Decoding a dropped zip or folder in the worker: unzip within UPLOAD_LIMITS (core/spec/zip-reader.ts
 * lists the entries with their declared sizes and inflates each within its size, counted, so a zip bomb
 * is refused before it is inflated, and an entry that lies about its size after at most one slice's
 * output), decode each image with createImageBitmap, resize onto an OffscreenCanvas to the
 * model's input, convert to its channels. Planning and refusals are in core/data/upload.ts.
 */
import type { Dataset } from '../core/data/dataset-loader';
import { imageHeaderProblem } from '../core/data/image-header';
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
import {
  inflateEntry,
  listZipEntries,
  ZipEntryTooLarge,
  ZipEntryUnreadable,
  type ZipEntry,
} from '../core/spec/zip-reader';
import type { UploadSource } from './protocol';

type Progress = (stage: string, fraction: number) => void;

/** The archive's entries (zip-reader.ts); an unreadable one refuses the upload. */
function entriesOf(zip: Uint8Array): ZipEntry[] {
  try {
    return listZipEntries(zip);
  } catch (err) {
    throw new UploadError(`not a readable zip archive (${(err as Error).message})`);
  }
}

/** One entry inflated within its declared size; one that unpacks past it refuses the whole upload. */
function inflated(zip: Uint8Array, e: ZipEntry, counted?: (n: number) => void): Uint8Array {
  try {
    return inflateEntry(zip, e, counted);
  } catch (err) {
    if (!(err instanceof ZipEntryTooLarge)) throw err;
    throw new UploadError(
      `"${e.name}" unpacks to more than the ${formatBytes(e.bytes)} its archive entry declares ` +
        `(stopped after ${formatBytes(err.inflated)}): the archive is damaged or crafted`,
    );
  }
}

/**
 * Every file of a small archive (a model export), by its name without folders, inflated within its
 * declared size; refused whole when the sizes it declares pass `maxBytes` or an entry cannot be read.
 */
export function unpackSmallZip(zip: Uint8Array, maxBytes: number): Map<string, Uint8Array> {
  const entries = entriesOf(zip).filter((e) => !e.name.endsWith('/'));
  const declared = entries.reduce((n, e) => n + e.bytes, 0);
  if (declared > maxBytes)
    throw new UploadError(`the archive unpacks to ${formatBytes(declared)}; the limit is ${formatBytes(maxBytes)}`);
  const files = new Map<string, Uint8Array>();
  for (const e of entries) {
    try {
      files.set(e.name.slice(e.name.lastIndexOf('/') + 1), inflated(zip, e));
    } catch (err) {
      if (err instanceof ZipEntryUnreadable) throw new UploadError(`"${e.name}" is ${err.message}`);
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
  const entries = entriesOf(zip);
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
      if (entry === undefined) throw new ZipEntryUnreadable('missing');
      files.set(
        im.source,
        inflated(zip, entry, (n) => (inflatedBytes += n)),
      );
      kept.push(im);
    } catch (err) {
      if (!(err instanceof ZipEntryUnreadable)) throw err;
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

/** Thrown for an image whose header forbids decoding it (core/data/image-header.ts). */
class HeaderRefused extends Error {}

/**
 * Grey (luminance) or RGB pixels of one image, resized to h × w. Its header is read first: the browser
 * decodes whatever size a header declares, so an image bomb must be refused before it gets there.
 */
async function decode(bytes: Blob, h: number, w: number, c: number): Promise<Uint8Array> {
  const problem = imageHeaderProblem(new Uint8Array(await bytes.arrayBuffer()));
  if (problem !== null) throw new HeaderRefused(problem);
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
        reason:
          err instanceof HeaderRefused
            ? err.message
            : `could not be decoded (${err instanceof Error ? err.message : String(err)})`,
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
  return { ...ds, skipped };
}
