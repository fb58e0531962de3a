/** A dataset ByteSource over a folder on disk, for Node tests and scripts (the worker uses fetchSource). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { ByteSource } from '../core/data/dataset-loader';
import { DatasetError } from '../core/data/dataset-meta';

export function fileSource(dir: string): ByteSource {
  const label = dir.endsWith('/') ? dir : `${dir}/`;
  return {
    label,
    read: async (file) => {
      try {
        return new Uint8Array(await readFile(join(dir, file)));
      } catch (err) {
        const code = (err as { code?: string }).code;
        throw new DatasetError(`${label}${file}: ${code === 'ENOENT' ? 'missing' : (err as Error).message}`);
      }
    },
  };
}

/** A ByteSource over files held in memory (tests that corrupt files). */
export function memorySource(files: Record<string, Uint8Array<ArrayBuffer>>, label = 'mem:/'): ByteSource {
  return {
    label,
    read: async (file) => {
      const f = files[file];
      if (!f) throw new DatasetError(`${label}${file}: missing`);
      return f;
    },
  };
}
