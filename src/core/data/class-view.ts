/**
 * A dataset seen through a subset of its classes (../shared/EXPERIMENT.md, split-class design): the
 * images of those classes only, labels renumbered 0…k−1 in the order the subset lists them. A model
 * pre-trained on digits 0–4 sees `classView(mnist, [0…4])`; its fine-tuning run sees `[5…9]`.
 *
 * Its splits are the whole dataset's splits with the other classes left out (`makeSplits` asks the
 * parent), so an image sits in the same split whatever subset a run takes: a model pre-trained on one
 * subset's `pretrain` split never meets its images in any run's train, val, select or test set.
 */
import { classSubsetProblems } from '../spec/class-list';
import type { ClassSubset, Dataset } from './dataset-loader';

/** The view of `ds` holding only `classes` (parent indices, in the order the view numbers them). */
export function classView(ds: Dataset, classes: readonly number[]): Dataset {
  const root = ds.view?.parent ?? ds;
  const rootClasses = ds.view ? classes.map((c) => ds.view!.classes[c]) : classes;
  const problems = classSubsetProblems(classes, ds.meta.classes.length);
  if (problems.length > 0) throw new Error(`${ds.meta.id}: ${problems.join('; ')}`);
  const label = new Map(rootClasses.map((c, k) => [c, k]));
  const kept: number[] = [];
  root.labels.forEach((l, i) => {
    if (label.has(l)) kept.push(i);
  });
  const [h, w, c] = root.meta.imageShape;
  const size = h * w * c;
  const images = new Uint8Array(kept.length * size);
  kept.forEach((i, k) => images.set(root.images.subarray(i * size, (i + 1) * size), k * size));
  const labels = Uint8Array.from(kept, (i) => label.get(root.labels[i])!);
  const partitions = root.partitions.map((p) => {
    const start = kept.findIndex((i) => i >= p.start);
    const count = kept.filter((i) => i >= p.start && i < p.start + p.count).length;
    return { name: p.name, start: start < 0 ? kept.length : start, count };
  });
  return {
    meta: {
      ...root.meta,
      classes: rootClasses.map((k) => root.meta.classes[k]),
      partitions: root.meta.partitions.map((p) => {
        const classCounts = rootClasses.map((k) => p.classCounts[k]);
        return { ...p, count: classCounts.reduce((a, b) => a + b, 0), classCounts };
      }),
    },
    images,
    labels,
    partitions,
    view: { parent: root, classes: rootClasses, parentIndex: Int32Array.from(kept) },
  };
}

/** The dataset a run sees: `ds` itself, or its view through the run's class subset. */
export const datasetForClasses = (ds: Dataset, classes: readonly number[] | null | undefined): Dataset =>
  classes == null ? ds : classView(ds, classes);

/**
 * Parent indices → view indices, dropping images of classes the view leaves out. `indices` ascending
 * in, ascending out (the view keeps the parent's order).
 */
export function toViewIndices(view: ClassSubset, indices: Int32Array): Int32Array {
  const position = new Map<number, number>();
  view.parentIndex.forEach((p, i) => position.set(p, i));
  const out: number[] = [];
  for (const i of indices) {
    const at = position.get(i);
    if (at !== undefined) out.push(at);
  }
  return Int32Array.from(out);
}
