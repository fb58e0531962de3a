/**
 * Bring-your-own images, the pure part: from the paths of a dropped zip or folder (`class/image.png`)
 * to a plan of classes and images, with every refusal spelled out; and from decoded pixels to a
 * Dataset like the shipped ones. Decoding and resizing happen in the worker (worker/upload.ts).
 */
import { DATASET_FORMAT, type DatasetMeta } from './dataset-meta';
import type { Dataset } from './dataset-loader';

export const UPLOAD_LIMITS = {
  maxImages: 20_000,
  maxBytes: 256 * 1024 * 1024,
  maxClasses: 100,
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
  /** Files skipped, with why (unsupported type, outside a class folder). */
  skipped: { path: string; reason: string }[];
}

const isHidden = (part: string): boolean => part.startsWith('.') || part === '__MACOSX' || part === 'Thumbs.db';

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
 * Group paths into classes. `paths` may include directory entries (ending in `/`), which is how an
 * empty class folder shows up in a zip.
 */
export function planUpload(paths: readonly string[]): UploadPlan {
  const split = paths
    .map((source) => ({ source, path: source.replace(/\\/g, '/') }))
    .filter(({ path }) => !path.split('/').some(isHidden))
    .map(({ source, path }) => ({
      source,
      isDir: path.endsWith('/'),
      parts: path.split('/').filter((s) => s.length > 0),
    }));
  const stripped = stripCommonRoot(split);
  const classFolders = new Set<string>();
  const skipped: UploadPlan['skipped'] = [];
  const candidates: { path: string; source: string; cls: string }[] = [];
  for (const { parts, isDir, source } of stripped) {
    if (parts.length === 0) continue;
    if (isDir) {
      if (parts.length === 1) classFolders.add(parts[0]);
      continue;
    }
    const path = parts.join('/');
    if (parts.length !== 2) {
      skipped.push({
        path,
        reason: parts.length === 1 ? 'not inside a class folder' : 'nested deeper than class/image',
      });
      continue;
    }
    classFolders.add(parts[0]);
    if (!isImage(parts[1])) {
      skipped.push({ path, reason: `unsupported file type ".${extension(parts[1])}" (use png, jpg or webp)` });
      continue;
    }
    candidates.push({ path, source, cls: parts[0] });
  }
  if (candidates.length === 0) {
    throw new UploadError(
      'no images found: lay the images out as class/image.png (png, jpg or webp), one folder per class',
    );
  }
  const classes = [...classFolders].sort((a, b) => a.localeCompare(b));
  const empty = classes.filter((c) => !candidates.some((x) => x.cls === c));
  if (empty.length > 0)
    throw new UploadError(
      `class folder${empty.length > 1 ? 's' : ''} with no images: ${empty.map((c) => `"${c}"`).join(', ')}`,
    );
  if (classes.length < 2)
    throw new UploadError(`only one class ("${classes[0]}"): a classifier needs at least 2 class folders`);
  if (classes.length > UPLOAD_LIMITS.maxClasses)
    throw new UploadError(`${classes.length} classes; the limit is ${UPLOAD_LIMITS.maxClasses}`);
  if (candidates.length > UPLOAD_LIMITS.maxImages) {
    throw new UploadError(`${candidates.length} images; the limit is ${UPLOAD_LIMITS.maxImages.toLocaleString('en')}`);
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const images = candidates
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((c) => ({ path: c.path, source: c.source, label: index.get(c.cls) ?? 0 }));
  return { classes, images, skipped };
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
  const id = `upload:${name}`;
  const meta: DatasetMeta = {
    format: DATASET_FORMAT,
    id,
    name,
    description: `Your images: ${images.length} in ${classes.length} classes, resized to ${h}×${w}${c === 1 ? ' greyscale' : ''}.`,
    classes,
    imageShape,
    partitions: [
      {
        name: 'all',
        count: images.length,
        images: [],
        labels: { file: '-', bytes: images.length, sha256: '0'.repeat(64) },
        classCounts,
      },
    ],
    source: `uploaded by you (${name}); kept in this tab's memory only`,
    subset: 'every decodable image',
    licence: 'yours',
    builtBy: 'upload',
  };
  return { meta, images: pixels, labels, partitions: [{ name: 'all', start: 0, count: images.length }] };
}
