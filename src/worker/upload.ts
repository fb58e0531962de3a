/**
 * Decoding a dropped zip or folder in the worker: unzip (fflate), decode each image with
 * createImageBitmap, resize onto an OffscreenCanvas to the model's input, convert to its channels.
 * Planning and refusals are in core/data/upload.ts; this file only touches bytes and pixels.
 */
import { unzipSync } from 'fflate';

import type { Dataset } from '../core/data/dataset-loader';
import { UPLOAD_LIMITS, UploadError, datasetFromImages, planUpload } from '../core/data/upload';
import type { UploadSource } from './protocol';

type Progress = (stage: string, fraction: number) => void;

async function readZip(data: Blob): Promise<Map<string, Uint8Array>> {
  if (data.size > UPLOAD_LIMITS.maxBytes)
    throw new UploadError(
      `the archive is ${(data.size / 2 ** 20).toFixed(0)} MiB; the limit is ${UPLOAD_LIMITS.maxBytes / 2 ** 20} MiB`,
    );
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(await data.arrayBuffer()));
  } catch (err) {
    throw new UploadError(`not a readable zip archive (${(err as Error).message})`);
  }
  return new Map(Object.entries(entries));
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

/** Decode every image of `source` into a Dataset of `imageShape` images. */
export async function datasetFromUpload(
  source: UploadSource,
  imageShape: [number, number, number],
  progress: Progress,
): Promise<Dataset> {
  const [h, w, c] = imageShape;
  progress('reading', 0);
  const files =
    source.kind === 'zip'
      ? await readZip(source.data)
      : new Map(source.files.map((f) => [f.path, f.data] as [string, Blob | Uint8Array]));
  const plan = planUpload([...files.keys()]);
  const decoded: { pixels: Uint8Array; label: number }[] = [];
  const failed: { path: string; reason: string }[] = [];
  for (const [i, im] of plan.images.entries()) {
    const raw = files.get(im.source);
    try {
      if (raw === undefined) throw new Error('missing');
      const blob = raw instanceof Blob ? raw : new Blob([raw as Uint8Array<ArrayBuffer>]);
      decoded.push({ pixels: await decode(blob, h, w, c), label: im.label });
    } catch (err) {
      failed.push({ path: im.path, reason: err instanceof Error ? err.message : String(err) });
    }
    if (i % 50 === 0) progress('decoding', i / plan.images.length);
  }
  if (decoded.length === 0) {
    const first = failed[0];
    throw new UploadError(`none of the ${plan.images.length} images could be decoded (${first.path}: ${first.reason})`);
  }
  const present = new Set(decoded.map((d) => d.label));
  const lost = plan.classes.filter((_, k) => !present.has(k));
  if (lost.length > 0)
    throw new UploadError(
      `no decodable image in class${lost.length > 1 ? 'es' : ''} ${lost.map((x) => `"${x}"`).join(', ')}`,
    );
  progress('decoding', 1);
  const name = source.name.replace(/\.zip$/i, '') || 'upload';
  const ds = datasetFromImages(name, plan.classes, imageShape, decoded);
  const notes = [
    ...plan.skipped.map((s) => `${s.path}: ${s.reason}`),
    ...failed.map((f) => `${f.path}: could not be decoded (${f.reason})`),
  ];
  if (notes.length > 0)
    ds.meta.description += ` Skipped ${notes.length}: ${notes.slice(0, 3).join('; ')}${notes.length > 3 ? '; …' : ''}.`;
  return ds;
}
