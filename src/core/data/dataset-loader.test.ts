import { describe, expect, it } from 'vitest';

import { memorySource } from '../../testing/node-source';
import { sha256Hex } from '../spec/sha256';
import { loadDataset } from './dataset-loader';
import { DATASET_FORMAT, parseDatasetMeta } from './dataset-meta';

const encoder = new TextEncoder();

/** A valid 2-class dataset of three 2×2 greyscale images, as files in memory. */
async function tinyFiles(): Promise<Record<string, Uint8Array<ArrayBuffer>>> {
  const images = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
  const labels = Uint8Array.from([0, 1, 1]);
  const meta = {
    format: DATASET_FORMAT,
    id: 'tiny',
    name: 'Tiny',
    description: 'three images',
    classes: ['a', 'b'],
    imageShape: [2, 2, 1],
    partitions: [
      {
        name: 'all',
        count: 3,
        images: [{ file: 'img.bin', bytes: 12, sha256: await sha256Hex(images) }],
        labels: { file: 'lab.bin', bytes: 3, sha256: await sha256Hex(labels) },
        classCounts: [1, 2],
      },
    ],
    source: 'test',
    subset: 'all',
    licence: 'MIT',
    builtBy: 'test',
  };
  return { 'meta.json': encoder.encode(JSON.stringify(meta)), 'img.bin': images, 'lab.bin': labels };
}

const metaOf = (files: Record<string, Uint8Array<ArrayBuffer>>): Record<string, unknown> =>
  JSON.parse(new TextDecoder().decode(files['meta.json']));
const withMeta = (
  files: Record<string, Uint8Array<ArrayBuffer>>,
  meta: unknown,
): Record<string, Uint8Array<ArrayBuffer>> => ({
  ...files,
  'meta.json': encoder.encode(JSON.stringify(meta)),
});

describe('dataset loader', () => {
  it('loads a valid dataset and reports progress', async () => {
    const progress: number[] = [];
    const ds = await loadDataset(memorySource(await tinyFiles()), (p) => progress.push(p.loadedBytes));
    expect(Array.from(ds.labels)).toEqual([0, 1, 1]);
    expect(ds.images[11]).toBe(220);
    expect(ds.partitions).toEqual([{ name: 'all', start: 0, count: 3 }]);
    expect(progress).toEqual([12, 15]);
  });

  it('names a missing file', async () => {
    const files = await tinyFiles();
    delete files['img.bin'];
    await expect(loadDataset(memorySource(files))).rejects.toThrow('mem:/img.bin: missing');
    await expect(loadDataset(memorySource({}))).rejects.toThrow('mem:/meta.json: missing');
  });

  it('refuses a truncated shard and a corrupt one', async () => {
    const files = await tinyFiles();
    await expect(loadDataset(memorySource({ ...files, 'img.bin': files['img.bin'].slice(0, 10) }))).rejects.toThrow(
      'mem:/img.bin: 10 bytes, meta.json says 12 (truncated or wrong file)',
    );
    const flipped = files['img.bin'].slice();
    flipped[3] ^= 1;
    await expect(loadDataset(memorySource({ ...files, 'img.bin': flipped }))).rejects.toThrow(
      'mem:/img.bin: corrupt (SHA-256 differs from meta.json)',
    );
  });

  it('refuses a label that is not a class', async () => {
    const files = await tinyFiles();
    const labels = Uint8Array.from([0, 2, 1]);
    const meta = metaOf(files) as { partitions: { labels: { sha256: string } }[] };
    meta.partitions[0].labels.sha256 = await sha256Hex(labels);
    await expect(loadDataset(memorySource({ ...withMeta(files, meta), 'lab.bin': labels }))).rejects.toThrow(
      'label 2 at 1 is not a class (0–1)',
    );
  });

  it('refuses malformed meta.json with the field named', async () => {
    const files = await tinyFiles();
    await expect(loadDataset(memorySource({ ...files, 'meta.json': encoder.encode('{nope') }))).rejects.toThrow(
      /meta\.json: not valid JSON/,
    );
    const bad = (patch: (m: Record<string, unknown>) => void): unknown => {
      const m = metaOf(files);
      patch(m);
      return m;
    };
    expect(() => parseDatasetMeta(bad((m) => (m.format = 'other')))).toThrow('format: must be "tpgm-dataset/1"');
    expect(() => parseDatasetMeta(bad((m) => (m.imageShape = [2, 2, 2])))).toThrow(
      /imageShape: must be \[H ≥ 1, W ≥ 1, C = 1 or 3\]/,
    );
    expect(() => parseDatasetMeta(bad((m) => (m.classes = ['only'])))).toThrow(/classes: must list at least 2/);
    expect(() => parseDatasetMeta(bad((m) => ((m.partitions as { count: number }[])[0].count = 4)))).toThrow(
      /hold 12 bytes, 4 images of 2×2×1 need 16/,
    );
    expect(() =>
      parseDatasetMeta(bad((m) => ((m.partitions as { images: { file: string }[] }[])[0].images[0].file = '../x'))),
    ).toThrow(/must be a plain file name/);
    expect(() =>
      parseDatasetMeta(bad((m) => ((m.partitions as { classCounts: number[] }[])[0].classCounts = [1, 1]))),
    ).toThrow(/classCounts: must add up to 3/);
  });
});
