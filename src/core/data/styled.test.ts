import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { createRng } from '../rng';
import { styleBatch } from './styled';

describe('style augmentation', () => {
  it('keeps shape and range, repeats for an rng state, leaks nothing, and changes most images', () => {
    const x = tf.tidy(
      () =>
        tf.clipByValue(
          tf.add(
            tf.randomUniform([64, 28, 28, 1], 0, 0.2, 'float32', 1),
            tf.pad(tf.ones([64, 10, 10, 1]), [
              [0, 0],
              [9, 9],
              [9, 9],
              [0, 0],
            ]),
          ),
          0,
          1,
        ) as tf.Tensor4D,
    );
    const before = tf.memory().numTensors;
    const a = styleBatch(x, createRng(5));
    const b = styleBatch(x, createRng(5));
    const c = styleBatch(x, createRng(6));
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(a.shape).toEqual(x.shape);
    const av = a.dataSync();
    expect(Array.from(av)).toEqual(Array.from(b.dataSync()));
    expect(Array.from(av)).not.toEqual(Array.from(c.dataSync()));
    expect(Math.min(...av)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...av)).toBeLessThanOrEqual(1);
    // per image mean |Δ|: most images change clearly (20 % are clean but still get contrast/brightness)
    const diff = tf.tidy(() => Array.from(tf.mean(tf.abs(tf.sub(a, x)), [1, 2, 3]).dataSync()));
    expect(diff.filter((d) => d > 0.02).length).toBeGreaterThan(40);
    tf.dispose([x, a, b, c]);
  });
});
