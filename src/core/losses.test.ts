import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { kernelsOf } from './train/kernel-count';
import { crossEntropy } from './losses';

/** The formula traced by tfjs's autodiff: the reference the written-out gradient must match. */
const traced = (z: tf.Tensor2D, y: tf.Tensor1D): tf.Scalar =>
  tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, tf.oneHot(y, z.shape[1])), 1)));

describe('crossEntropy', () => {
  const cases = [
    { name: 'small logits', scale: 1, batch: 8, classes: 10, digits: 6 },
    // z − logsumexp(z) of values near 500 keeps float32's 3e-5 spacing there: both routes round alike
    { name: 'large logits (logsumexp must not overflow)', scale: 500, batch: 5, classes: 3, digits: 4 },
    { name: 'one example, two classes', scale: 3, batch: 1, classes: 2, digits: 6 },
  ];
  it.each(cases)('has the traced formula’s value and gradient: $name', ({ scale, batch, classes, digits }) => {
    const z = tf.mul(tf.randomNormal([batch, classes], 0, 1, 'float32', 4), scale) as tf.Tensor2D;
    const y = tf.tensor1d(
      Array.from({ length: batch }, (_, i) => (i * 7) % classes),
      'int32',
    );
    const ours = tf.valueAndGrad((logits: tf.Tensor) => crossEntropy(logits as tf.Tensor2D, y))(z);
    const ref = tf.valueAndGrad((logits: tf.Tensor) => traced(logits as tf.Tensor2D, y))(z);
    expect(ours.value.dataSync()[0]).toBe(ref.value.dataSync()[0]); // the same ops: the same value
    const [g, r] = [ours.grad.dataSync(), ref.grad.dataSync()];
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    g.forEach((v, i) => expect(v).toBeCloseTo(r[i], digits));
    // each row of the gradient sums to 0: softmax sums to 1, the one-hot too
    for (let b = 0; b < batch; b++) {
      expect(Array.from(g.slice(b * classes, (b + 1) * classes)).reduce((a, c) => a + c, 0)).toBeCloseTo(0, digits);
    }
    tf.dispose([z, y, ours.value, ours.grad, ref.value, ref.grad]);
  });

  it('scales the gradient by the upstream gradient, and leaves no tensor behind', () => {
    const z = tf.randomNormal([4, 5], 0, 1, 'float32', 2) as tf.Tensor2D;
    const y = tf.tensor1d([0, 1, 2, 3], 'int32');
    const before = tf.memory().numTensors;
    const g1 = tf.grad((l: tf.Tensor) => crossEntropy(l as tf.Tensor2D, y))(z);
    const g3 = tf.grad((l: tf.Tensor) => tf.mul(crossEntropy(l as tf.Tensor2D, y), 3))(z);
    const a = g1.dataSync();
    g3.dataSync().forEach((v, i) => expect(v).toBeCloseTo(3 * a[i], 6));
    tf.dispose([g1, g3]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, y]);
  });

  it('takes far fewer kernels forward and backward than the traced formula', async () => {
    const z = tf.randomNormal([32, 10], 0, 1, 'float32', 1) as tf.Tensor2D;
    const y = tf.tensor1d(
      Array.from({ length: 32 }, (_, i) => i % 10),
      'int32',
    );
    const count = async (loss: (l: tf.Tensor2D) => tf.Scalar) =>
      (
        await kernelsOf(() =>
          tf
            .grad((l: tf.Tensor) => loss(l as tf.Tensor2D))(z)
            .dispose(),
        )
      ).dispatches;
    const ours = await count((l) => crossEntropy(l, y));
    const ref = await count((l) => traced(l, y));
    expect(ours).toBeLessThanOrEqual(ref - 10);
    tf.dispose([z, y]);
  });
});
