/**
 * Reads a packed dataset (dataset-meta.ts) from any byte source — `fetch` in the worker, the file system
 * in Node — and checks every shard's size and SHA-256 before use, so a missing, truncated or corrupt
 * file is a clear DatasetError naming the file, never a silent wrong image.
 */
import { sha256Hex } from '../spec/sha256';
import { DatasetError, parseDatasetMeta, type DatasetMeta, type ShardInfo } from './dataset-meta';

/** Where the files of one dataset folder come from. `read('meta.json')` etc. */
export interface ByteSource {
  /** A human-readable location for messages, e.g. `/datasets/mnist/`. */
  readonly label: string;
  read(file: string): Promise<Uint8Array<ArrayBuffer>>;
}

export interface PartitionRange {
  name: string;
  /** Index of the partition's first image in `Dataset.images`. */
  start: number;
  count: number;
}

/** A dataset in memory: every partition's images and labels, concatenated in meta order. */
export interface Dataset {
  meta: DatasetMeta;
  /** [N, H, W, C] uint8, row-major */
  images: Uint8Array;
  /** [N] class indices */
  labels: Uint8Array;
  partitions: PartitionRange[];
  /** Only for an uploaded dataset: the entries of the zip or folder left out, each with why. */
  skipped?: { path: string; reason: string }[];
  /** Only for a view through a subset of the classes (class-view.ts): where it was cut from. */
  view?: ClassSubset;
}

/** How a class view (class-view.ts) relates to the dataset it is cut from. */
export interface ClassSubset {
  /** The dataset the view is cut from (never itself a view). */
  parent: Dataset;
  /** The parent's class indices the view keeps; view label k is parent class `classes[k]`. */
  classes: readonly number[];
  /** View image i is parent image `parentIndex[i]` (ascending: the view keeps the parent's order). */
  parentIndex: Int32Array;
}

export interface LoadProgress {
  loadedBytes: number;
  totalBytes: number;
  file: string;
}

/** A ByteSource over HTTP(S): `fetch(base + file)`. Works in the worker and in Node 20. */
export function fetchSource(baseUrl: string): ByteSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    label: base,
    read: async (file) => {
      let res: Response;
      try {
        res = await fetch(new URL(file, base));
      } catch (err) {
        throw new DatasetError(`${base}${file}: could not be fetched (${(err as Error).message})`);
      }
      if (!res.ok)
        throw new DatasetError(`${base}${file}: HTTP ${res.status}${res.status === 404 ? ' (missing)' : ''}`);
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

async function readShard(source: ByteSource, shard: ShardInfo): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await source.read(shard.file);
  if (bytes.length !== shard.bytes) {
    throw new DatasetError(
      `${source.label}${shard.file}: ${bytes.length} bytes, meta.json says ${shard.bytes} (truncated or wrong file)`,
    );
  }
  if ((await sha256Hex(bytes)) !== shard.sha256) {
    throw new DatasetError(`${source.label}${shard.file}: corrupt (SHA-256 differs from meta.json)`);
  }
  return bytes;
}

/** Read meta.json and parse it with a message that names the file. */
export async function loadDatasetMeta(source: ByteSource): Promise<DatasetMeta> {
  const raw = await source.read('meta.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch (err) {
    throw new DatasetError(`${source.label}meta.json: not valid JSON (${(err as Error).message})`);
  }
  return parseDatasetMeta(json, `${source.label}meta.json`);
}

/** Load and verify every shard. `onProgress` is called after each file. */
export async function loadDataset(source: ByteSource, onProgress?: (p: LoadProgress) => void): Promise<Dataset> {
  const meta = await loadDatasetMeta(source);
  const [h, w, c] = meta.imageShape;
  const total = meta.partitions.reduce((a, p) => a + p.count, 0);
  const totalBytes = meta.partitions.reduce(
    (a, p) => a + p.labels.bytes + p.images.reduce((s, i) => s + i.bytes, 0),
    0,
  );
  const images = new Uint8Array(total * h * w * c);
  const labels = new Uint8Array(total);
  const partitions: PartitionRange[] = [];
  let loadedBytes = 0;
  let start = 0;
  for (const p of meta.partitions) {
    let offset = start * h * w * c;
    for (const s of p.images) {
      images.set(await readShard(source, s), offset);
      offset += s.bytes;
      loadedBytes += s.bytes;
      onProgress?.({ loadedBytes, totalBytes, file: s.file });
    }
    const lab = await readShard(source, p.labels);
    const bad = lab.findIndex((l) => l >= meta.classes.length);
    if (bad >= 0)
      throw new DatasetError(
        `${source.label}${p.labels.file}: label ${lab[bad]} at ${bad} is not a class (0–${meta.classes.length - 1})`,
      );
    labels.set(lab, start);
    loadedBytes += lab.length;
    onProgress?.({ loadedBytes, totalBytes, file: p.labels.file });
    partitions.push({ name: p.name, start, count: p.count });
    start += p.count;
  }
  return { meta, images, labels, partitions };
}
