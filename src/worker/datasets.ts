/**
 * The worker's datasets: the shipped catalogue (public/datasets/index.json and each meta.json) and every
 * dataset loaded so far, shipped or uploaded, by id. Loading verifies every shard (dataset-loader.ts).
 */
import {
  loadDataset,
  loadDatasetMeta,
  type ByteSource,
  type Dataset,
  type LoadProgress,
} from '../core/data/dataset-loader';
import { DatasetError, type DatasetMeta } from '../core/data/dataset-meta';
import type { DatasetSummary } from './protocol';

export function summarize(
  meta: DatasetMeta,
  uploaded: boolean,
  skipped: readonly { path: string; reason: string }[] = [],
): DatasetSummary {
  return {
    id: meta.id,
    name: meta.name,
    description: meta.description,
    classes: meta.classes,
    imageShape: meta.imageShape,
    partitions: meta.partitions.map((p) => ({ name: p.name, count: p.count })),
    source: meta.source,
    subset: meta.subset,
    licence: meta.licence,
    uploaded,
    skipped: [...skipped],
  };
}

export class DatasetStore {
  private readonly loaded = new Map<string, Dataset>();

  /** @param folder the files of `public/datasets/<path>` (`''` is the root, with index.json) */
  constructor(private readonly folder: (path: string) => ByteSource) {}

  /** The shipped datasets, from index.json and their meta.json files. */
  async catalog(): Promise<DatasetSummary[]> {
    const root = this.folder('');
    const index = await root.read('index.json');
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(index));
    } catch {
      throw new DatasetError(`${root.label}index.json: not valid JSON`);
    }
    const list = (parsed as { datasets?: { id?: unknown }[] }).datasets;
    if (!Array.isArray(list)) throw new DatasetError(`${root.label}index.json: no "datasets" list`);
    const metas = await Promise.all(list.map((d) => loadDatasetMeta(this.folder(`${String(d.id)}/`))));
    return metas.map((m) => summarize(m, false));
  }

  async get(id: string, onProgress?: (p: LoadProgress) => void): Promise<Dataset> {
    const hit = this.loaded.get(id);
    if (hit) return hit;
    if (id.startsWith('upload:'))
      throw new DatasetError(`the uploaded dataset "${id.slice(7)}" is no longer in memory; drop it again`);
    if (!/^[a-z0-9-]+$/.test(id)) throw new DatasetError(`"${id}" is not a dataset id`);
    const ds = await loadDataset(this.folder(`${id}/`), onProgress);
    this.loaded.set(id, ds);
    return ds;
  }

  add(ds: Dataset): void {
    this.loaded.set(ds.meta.id, ds);
  }
}
