/**
 * The domain gallery: the same sample images (one per class, cycling, chosen with the seed) through
 * every domain, on the worker's backend, read back once per domain as RGBA for a canvas.
 */
import * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../core/data/dataset-loader';
import { DOMAINS, applyDomain } from '../core/data/domains/registry';
import { imagesTensor } from '../core/data/images';
import { createRng } from '../core/rng';
import type { DomainId } from '../core/spec/domain-ids';
import type { GalleryRow } from './protocol';

/** Indices of `count` images, class 0, 1, … in turn, each a seeded random image of that class. */
export function sampleIndices(ds: Dataset, count: number, seed: number): number[] {
  const rng = createRng(seed).fork('gallery');
  const byClass: number[][] = ds.meta.classes.map(() => []);
  ds.labels.forEach((l, i) => byClass[l].push(i));
  const out: number[] = [];
  for (let k = 0; out.length < count && k < count * ds.meta.classes.length; k++) {
    const pool = byClass[k % byClass.length];
    if (pool.length > 0) out.push(pool[rng.int(pool.length)]);
  }
  return out;
}

/** [B, H, W, C] in [0, 1] -> B RGBA images (grey replicated for C = 1). */
export function toRgba(values: Float32Array, b: number, h: number, w: number, c: number): Uint8ClampedArray[] {
  return Array.from({ length: b }, (_, i) => {
    const rgba = new Uint8ClampedArray(h * w * 4);
    for (let p = 0; p < h * w; p++) {
      for (let ch = 0; ch < 3; ch++) rgba[p * 4 + ch] = 255 * values[(i * h * w + p) * c + (c === 1 ? 0 : ch)];
      rgba[p * 4 + 3] = 255;
    }
    return rgba;
  });
}

export async function renderGallery(
  ds: Dataset,
  perDomain: number,
  seed: number,
  severities: Partial<Record<DomainId, number>>,
): Promise<GalleryRow[]> {
  const idx = sampleIndices(ds, perDomain, seed);
  const [h, w, c] = ds.meta.imageShape;
  const x = imagesTensor(ds, idx);
  const rows: GalleryRow[] = [];
  try {
    for (const domain of Object.values(DOMAINS)) {
      const severity = severities[domain.id] ?? domain.severity.default;
      const out = applyDomain(domain, x, severity, seed);
      const values = (await out.data()) as Float32Array; // one readback per domain
      out.dispose();
      const rgba = toRgba(values, idx.length, h, w, c);
      rows.push({ domain: domain.id, severity, images: rgba.map((im, i) => ({ label: ds.labels[idx[i]], rgba: im })) });
    }
  } finally {
    tf.dispose(x);
  }
  return rows;
}
