/**
 * Every projected tensor in one flat vector, so that TPGM's bookkeeping (deviation, norms, ratios,
 * projection, radius gradient) is a few kernels over all tensors at once instead of a few per tensor.
 * On a GPU a model this small is bound by kernel launches, not FLOPs (issue #16).
 *
 * Elements are the tensors' values, flattened and concatenated in `params` order: [E].
 * Units are what one norm value covers (norms.ts): a whole tensor (l2, MARS on a 1-D 'vector'), an
 * output unit along the last axis (MARS), or one element (MARS on a 1-D 'elementwise'): [U].
 * A per-unit quantity reaches the elements with a gather, and a per-element one the units with a
 * segment sum; per-tensor quantities ([P]) go through the same two maps one level up.
 */
import * as tf from '@tensorflow/tfjs';

import { unitAxes, type NormSpec } from './norms';
import { registerFlatKernels } from '../flat-kernels';

interface TensorUnits {
  /** How many units the tensor has. */
  count: number;
  /** The shape of its norm n: [] (one unit), [out] (MARS), or the tensor's own (element-wise). */
  nShape: number[];
  /** The unit (within the tensor) of its element e. */
  of(e: number): number;
}

function unitsOf(shape: readonly number[], spec: NormSpec): TensorUnits {
  const size = shape.reduce((a, b) => a * b, 1);
  const axes = unitAxes(shape.length, spec);
  if (axes.length === shape.length && shape.length > 0) return { count: 1, nShape: [], of: () => 0 };
  if (axes.length === 0) return { count: size, nShape: [...shape], of: (e) => e };
  const out = shape[shape.length - 1]; // all axes but the last: one unit per output, the fastest index
  return { count: out, nShape: [out], of: (e) => e % out };
}

export class FlatLayout {
  /** Elements per tensor. */
  readonly sizes: readonly number[];
  /** Units per tensor, and where each tensor's first unit is in [U]. */
  readonly unitCounts: readonly number[];
  private readonly unitStarts: readonly number[];
  private readonly nShapes: readonly number[][];
  readonly totalUnits: number;
  /** [E] int32: the unit of each element. */
  private readonly elementUnit: tf.Tensor1D;
  /** [U] int32: the tensor of each unit. */
  private readonly unitTensor: tf.Tensor1D;
  /** [P, max units] int32: each tensor's units, the rest filled with its first (harmless to max and min). */
  private readonly paddedUnits: tf.Tensor2D;
  /** [P] float: units per tensor, for means. */
  private readonly unitCountTensor: tf.Tensor1D;
  /** [U] float, +∞ throughout: the ratio's divisor where n + 1e-8 rounds to 0 (projection.ts, ratioDivisor). */
  readonly unitInfinities: tf.Tensor1D;

  constructor(
    private readonly shapes: readonly (readonly number[])[],
    spec: NormSpec,
  ) {
    if (shapes.length === 0) throw new Error('a flat layout needs at least one tensor');
    registerFlatKernels();
    const units = shapes.map((s) => unitsOf(s, spec));
    this.sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
    this.unitCounts = units.map((u) => u.count);
    this.nShapes = units.map((u) => u.nShape);
    const starts: number[] = [];
    let u0 = 0;
    for (const u of units) {
      starts.push(u0);
      u0 += u.count;
    }
    this.unitStarts = starts;
    this.totalUnits = u0;
    const elementUnit = new Int32Array(this.sizes.reduce((a, b) => a + b, 0));
    let e0 = 0;
    units.forEach((u, i) => {
      for (let e = 0; e < this.sizes[i]; e++) elementUnit[e0 + e] = starts[i] + u.of(e);
      e0 += this.sizes[i];
    });
    const unitTensor = new Int32Array(this.totalUnits);
    units.forEach((u, i) => unitTensor.fill(i, starts[i], starts[i] + u.count));
    const width = Math.max(...this.unitCounts);
    const padded = new Int32Array(shapes.length * width);
    units.forEach((u, i) => {
      padded.fill(starts[i], i * width, (i + 1) * width);
      for (let k = 0; k < u.count; k++) padded[i * width + k] = starts[i] + k;
    });
    // kept: a layout lives as long as its owner, whatever tidy it was made in
    this.elementUnit = tf.keep(tf.tensor1d(elementUnit, 'int32'));
    this.unitTensor = tf.keep(tf.tensor1d(unitTensor, 'int32'));
    this.paddedUnits = tf.keep(tf.tensor2d(padded, [shapes.length, width], 'int32'));
    this.unitCountTensor = tf.keep(tf.tensor1d(this.unitCounts as number[]));
    this.unitInfinities = tf.keep(tf.fill([this.totalUnits], Number.POSITIVE_INFINITY) as tf.Tensor1D);
  }

  /** The tensors (in layout order, each of its layout shape), flattened and concatenated: [E]. */
  flatten(tensors: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D);
  }

  /** The tensors back from [E], each of its own shape. */
  split(flat: tf.Tensor1D): tf.Tensor[] {
    return tf.tidy(() =>
      tf.split(flat, this.sizes as number[]).map((t, i) => tf.reshape(t, this.shapes[i] as number[])),
    );
  }

  /** Σ over each unit's elements: [E] -> [U]. */
  unitSum(x: tf.Tensor1D): tf.Tensor1D {
    return tf.unsortedSegmentSum(x, this.elementUnit, this.totalUnits);
  }

  /** Each element's unit's value: [U] -> [E]. */
  toElements(u: tf.Tensor1D): tf.Tensor1D {
    return tf.gather(u, this.elementUnit);
  }

  /** Each unit's tensor's value: [P] -> [U]. */
  toUnits(v: tf.Tensor1D): tf.Tensor1D {
    return tf.gather(v, this.unitTensor);
  }

  /** Σ over each tensor's units: [U] -> [P]. */
  tensorSum(u: tf.Tensor1D): tf.Tensor1D {
    return tf.unsortedSegmentSum(u, this.unitTensor, this.sizes.length);
  }

  /** The mean over each tensor's units: [U] -> [P]. */
  tensorMean(u: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => tf.div(this.tensorSum(u), this.unitCountTensor));
  }

  /** The largest of each tensor's units: [U] -> [P]. */
  tensorMax(u: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => tf.max(tf.gather(u, this.paddedUnits), 1));
  }

  /** The smallest of each tensor's units: [U] -> [P]. */
  tensorMin(u: tf.Tensor1D): tf.Tensor1D {
    return tf.tidy(() => tf.min(tf.gather(u, this.paddedUnits), 1));
  }

  /** Tensor i's units of a [U] vector, shaped like its norm n. */
  unitsOf(u: tf.Tensor1D, i: number): tf.Tensor {
    return tf.tidy(() => tf.reshape(tf.slice(u, this.unitStarts[i], this.unitCounts[i]), this.nShapes[i]));
  }

  dispose(): void {
    tf.dispose([this.elementUnit, this.unitTensor, this.paddedUnits, this.unitCountTensor, this.unitInfinities]);
  }
}
