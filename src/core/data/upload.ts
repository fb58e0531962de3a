/**
 * Bring-your-own images, the pure part: from the paths of a dropped zip or folder (`class/image.png`)
 * and their unpacked sizes to a plan of classes and images, with every refusal and every skipped
 * entry spelled out; and from decoded pixels to a Dataset like the shipped ones. Unzipping (within
 * these limits), decoding and resizing happen in the worker (worker/upload.ts).
 */
import { DATASET_FORMAT, type DatasetMeta } from './dataset-meta';
import type { Dataset } from './dataset-loader';
import { splitPlanFor } from './splits';

const MiB = 2 ** 20;

export const UPLOAD_LIMITS = {
  maxImages: 20_000,
  /** The zip (or the folder) as dropped. */
  maxBytes: 256 * MiB,
  maxClasses: 100,
  /**
   * One image, unpacked. A phone photo is 2–8 MB as JPEG; a PNG is at most its raw pixels plus a
   * little (a 16-megapixel RGB photo: 48 MB), so 64 MiB takes any real image, and refuses a zip
   * bomb's entry (a 1.8 MB zip can hold 1.72 GiB of zeros) before a byte of it is inflated.
   */
  maxEntryBytes: 64 * MiB,
  /**
   * All images together, unpacked. Images hardly compress in a zip, so a zip within `maxBytes`
   * unpacks to about its own size: 512 MiB is twice that (e.g. 20,000 images of 26 KB, or 1,000 photos
   * of 0.5 MB), and is what the worker holds beside the zip while it decodes.
   */
  maxUnpackedBytes: 512 * MiB,
} as const;

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'] as const;

export class UploadError extends Error {
  override name = 'UploadError';
}

export interface UploadPlan {
  /** Class names, sorted; the label of a class is its index here. */
  classes: string[];
  /** `path` is `class/file` for messages; `source` is the entry's name in the archive or folder. */
  images: { path: string; source: string; label: number }[];
  /** Entries skipped, with why (unsafe path, not an image, too large, outside a class folder …), in archive order. */
  skipped: { path: string; reason: string }[];
}

/** `n` bytes for a person: "900 bytes", "12.5 KiB", "64.0 MiB", "1.72 GiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString('en')} bytes`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * MiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / (1024 * MiB)).toFixed(2)} GiB`;
}

/** The skip reason of an entry larger than `UPLOAD_LIMITS.maxEntryBytes`. */
const tooLargeReason = (bytes: number): string =>
  `too large: it unpacks to ${formatBytes(bytes)}; the limit per file is ${formatBytes(UPLOAD_LIMITS.maxEntryBytes)}`;

/** At most `max` skipped entries as `path: reason; …`, then how many more. */
export function listSkipped(skipped: readonly { path: string; reason: string }[], max: number): string {
  const shown = skipped.slice(0, max).map((s) => `${s.path}: ${s.reason}`);
  return shown.join('; ') + (skipped.length > max ? `; and ${skipped.length - max} more` : '');
}

const isHidden = (part: string): boolean => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db';

/** Why a path may not be used at all (it points outside the upload), or null. */
function unsafePath(path: string): string | null {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'unsafe path: it is absolute';
  if (path.split('/').includes('..')) return 'unsafe path: it climbs out of the archive with ".."';
  return null;
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

const isImage = (name: string): boolean => (IMAGE_EXTENSIONS as readonly string[]).includes(extension(name));

/**
 * Drop one top folder shared by every entry when the images sit one level below it (a zip of
 * `mydata/` holds `mydata/cat/1.png`, `mydata/cat/` and maybe `mydata/README.txt`).
 */
function stripCommonRoot<E extends { parts: string[]; isDir: boolean }>(entries: E[]): E[] {
  const named = entries.filter((e) => e.parts.length > 0);
  const images = named.filter((e) => !e.isDir && isImage(e.parts[e.parts.length - 1]));
  if (images.length === 0) return entries;
  const root = images[0].parts[0];
  const shared = named.every((e) => e.parts[0] === root) && images.every((e) => e.parts.length >= 3);
  return shared ? entries.map((e) => ({ ...e, parts: e.parts.slice(1) })) : entries;
}

/**
 * The fewest images a class of an upload needs so that each split of splits.ts (test, val, select,
 * train: shares of the smallest class) gets at least one; asked of the splits' own plan (10 with its
 * 30 / 10 / 10 / 50 % shares), so the two cannot drift apart.
 */
export function minImagesPerClass(): number {
  for (let n = 1; n <= 10_000; n++) {
    const plan = splitPlanFor(uploadMeta('probe', ['a', 'b'], [1, 1, 1], [n, n]));
    if (Object.values(plan.perClass).every((k) => k >= 1)) return n;
  }
  throw new Error('the split plan of an upload leaves a split empty at any class size');
}

/** Refuse classes with fewer than `minImagesPerClass()` images, naming them and the numbers. */
export function refuseSmallClasses(classes: readonly string[], counts: readonly number[], what = 'images'): void {
  const need = minImagesPerClass();
  const small = classes.flatMap((c, k) => (counts[k] < need ? [`"${c}" has ${counts[k]}`] : []));
  if (small.length === 0) return;
  throw new UploadError(
    `too few ${what}: class ${small.join(', class ')}; the splits need at least ${need} per class ` +
      '(so that test, val, select and train each get one)',
  );
}

/** Class folders that ended up with no images, with what was skipped in them if anything was. */
function refuseEmptyClasses(empty: string[], skipped: UploadPlan['skipped']): void {
  if (empty.length === 0) return;
  const inEmpty = skipped.filter((s) => empty.some((c) => s.path.startsWith(`${c}/`)));
  throw new UploadError(
    `class folder${empty.length > 1 ? 's' : ''} with no images: ${empty.map((c) => `"${c}"`).join(', ')}` +
      (inEmpty.length > 0 ? ` (skipped: ${listSkipped(inEmpty, 3)})` : ''),
  );
}

/**
 * Group paths into classes. `paths` may include directory entries (ending in `/`), which is how an
 * empty class folder shows up in a zip. `bytes` gives each entry's unpacked size (by its name in
 * `paths`) when it is known before unpacking: the size of a folder's file, or what a zip's central
 * directory declares (the worker then checks that the entry keeps to it while it inflates).
 * @throws UploadError when the upload cannot be a dataset or breaks a limit of UPLOAD_LIMITS
 */
export function planUpload(paths: readonly string[], bytes?: ReadonlyMap<string, number>): UploadPlan {
  const skipped: (UploadPlan['skipped'][number] & { at: number })[] = [];
  const split = paths
    .map((source, at) => ({ source, at, path: source.replace(/\\/g, '/') }))
    .filter(({ source, at, path }) => {
      const unsafe = unsafePath(path);
      if (unsafe !== null) skipped.push({ path: source, reason: unsafe, at });
      return unsafe === null && !path.split('/').some((p) => p !== '.' && isHidden(p));
    })
    .map(({ source, at, path }) => ({
      source,
      at,
      isDir: path.endsWith('/'),
      parts: path.split('/').filter((s) => s.length > 0 && s !== '.'),
    }));
  const classFolders = new Set<string>();
  const candidates: { path: string; source: string; cls: string; bytes: number }[] = [];
  const seen = new Set<string>();
  for (const { parts, isDir, source, at } of stripCommonRoot(split)) {
    if (parts.length === 0) continue;
    if (isDir) {
      if (parts.length === 1) classFolders.add(parts[0]);
      continue;
    }
    const path = parts.join('/');
    const skip = (reason: string): void => void skipped.push({ path, reason, at });
    if (parts.length !== 2) {
      skip(parts.length === 1 ? 'not inside a class folder' : 'nested deeper than class/image');
      continue;
    }
    classFolders.add(parts[0]);
    const size = bytes?.get(source) ?? 0;
    if (!isImage(parts[1])) skip(`unsupported file type ".${extension(parts[1])}" (use png, jpg or webp)`);
    else if (seen.has(path)) skip('a second entry with the same name');
    else if (size > UPLOAD_LIMITS.maxEntryBytes) skip(tooLargeReason(size));
    else candidates.push({ path, source, cls: parts[0], bytes: size });
    seen.add(path);
  }
  skipped.sort((a, b) => a.at - b.at);
  const plain = skipped.map(({ path, reason }) => ({ path, reason }));
  if (candidates.length === 0) {
    throw new UploadError(
      'no images found: lay the images out as class/image.png (png, jpg or webp), one folder per class' +
        (plain.length > 0 ? ` (skipped: ${listSkipped(plain, 3)})` : ''),
    );
  }
  const classes = [...classFolders].sort((a, b) => a.localeCompare(b));
  // the counts first, before any work that grows with classes × images
  if (classes.length > UPLOAD_LIMITS.maxClasses)
    throw new UploadError(`${classes.length} classes; the limit is ${UPLOAD_LIMITS.maxClasses}`);
  if (candidates.length > UPLOAD_LIMITS.maxImages) {
    throw new UploadError(`${candidates.length} images; the limit is ${UPLOAD_LIMITS.maxImages.toLocaleString('en')}`);
  }
  const perClass = new Map<string, number>();
  for (const x of candidates) perClass.set(x.cls, (perClass.get(x.cls) ?? 0) + 1);
  const counts = classes.map((c) => perClass.get(c) ?? 0);
  refuseEmptyClasses(
    classes.filter((_, k) => counts[k] === 0),
    plain,
  );
  if (classes.length < 2)
    throw new UploadError(`only one class ("${classes[0]}"): a classifier needs at least 2 class folders`);
  candidates.sort((a, b) => a.path.localeCompare(b.path));
  refuseTotal(candidates);
  refuseSmallClasses(classes, counts);
  const index = new Map(classes.map((c, i) => [c, i]));
  const images = candidates.map((c) => ({ path: c.path, source: c.source, label: index.get(c.cls) ?? 0 }));
  return { classes, images, skipped: plain };
}

/** Refuse images whose unpacked sizes add up to more than `UPLOAD_LIMITS.maxUnpackedBytes`. */
function refuseTotal(images: readonly { path: string; bytes: number }[]): void {
  let total = 0;
  let first: string | null = null;
  for (const im of images) {
    total += im.bytes;
    if (first === null && total > UPLOAD_LIMITS.maxUnpackedBytes) first = im.path;
  }
  if (first === null) return;
  throw new UploadError(
    `the images unpack to ${formatBytes(total)}, more than the limit of ${formatBytes(UPLOAD_LIMITS.maxUnpackedBytes)} ` +
      `for all files together (passed at "${first}")`,
  );
}

/** The meta of an uploaded dataset with one `all` partition of `classCounts` images. */
function uploadMeta(
  name: string,
  classes: string[],
  imageShape: [number, number, number],
  classCounts: number[],
): DatasetMeta {
  const [h, w, c] = imageShape;
  const count = classCounts.reduce((a, b) => a + b, 0);
  return {
    format: DATASET_FORMAT,
    id: `upload:${name}`,
    name,
    description: `Your images: ${count} in ${classes.length} classes, resized to ${h}×${w}${c === 1 ? ' greyscale' : ''}.`,
    classes,
    imageShape,
    partitions: [
      { name: 'all', count, images: [], labels: { file: '-', bytes: count, sha256: '0'.repeat(64) }, classCounts },
    ],
    source: `uploaded by you (${name}); kept in this tab's memory only`,
    subset: 'every decodable image',
    licence: 'yours',
    builtBy: 'upload',
  };
}

/** Decoded images (each H·W·C uint8, already resized) as an in-memory Dataset with one `all` partition. */
export function datasetFromImages(
  name: string,
  classes: string[],
  imageShape: [number, number, number],
  images: { pixels: Uint8Array; label: number }[],
): Dataset {
  const [h, w, c] = imageShape;
  const size = h * w * c;
  const pixels = new Uint8Array(images.length * size);
  const labels = new Uint8Array(images.length);
  const classCounts = new Array<number>(classes.length).fill(0);
  images.forEach((im, i) => {
    if (im.pixels.length !== size) throw new UploadError(`image ${i} has ${im.pixels.length} values, expected ${size}`);
    pixels.set(im.pixels, i * size);
    labels[i] = im.label;
    classCounts[im.label] += 1;
  });
  const meta = uploadMeta(name, classes, imageShape, classCounts);
  return { meta, images: pixels, labels, partitions: [{ name: 'all', start: 0, count: images.length }] };
}
