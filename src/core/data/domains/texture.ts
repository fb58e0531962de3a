/**
 * Texture (MNIST-M-like): a procedural coloured background — a few random plane waves per colour
 * channel — with the image composited as |T − x| per channel, then converted back to the model's
 * channels (the mean over colours for greyscale models). s scales the texture's amplitude.
 */
import * as tf from '@tensorflow/tfjs';

import { createRng, type Rng } from '../../rng';
import { DOMAIN_SEVERITY } from '../../spec/domain-ids';
import type { Domain } from './domain';

const WAVES = 3;

/** One image's background: 3 colour channels of summed sinusoids in [0, 1], [H, W, 3] flattened. */
function background(h: number, w: number, rng: Rng): Float32Array {
  const out = new Float32Array(h * w * 3);
  for (let ch = 0; ch < 3; ch++) {
    const waves = Array.from({ length: WAVES }, () => ({
      fy: (rng.next() * 2 - 1) * 0.6,
      fx: (rng.next() * 2 - 1) * 0.6,
      phase: rng.next() * 2 * Math.PI,
    }));
    const base = rng.next();
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let v = 0;
        for (const wv of waves) v += Math.sin(wv.fy * y + wv.fx * x + wv.phase);
        // mean colour `base`, waves of amplitude ≤ 0.5 around it, clipped into [0, 1]
        out[(y * w + x) * 3 + ch] = Math.min(1, Math.max(0, base + (0.5 * v) / WAVES));
      }
    }
  }
  return out;
}

export const texture: Domain = {
  id: 'texture',
  name: 'Texture',
  description: 'The shape blended into a random coloured texture, like MNIST-M.',
  severity: DOMAIN_SEVERITY.texture,
  apply: (x, s, seed) => {
    const [b, h, w, c] = x.shape;
    const rng = createRng(seed).fork('texture');
    const tex = new Float32Array(b * h * w * 3);
    for (let i = 0; i < b; i++) tex.set(background(h, w, rng), i * h * w * 3);
    return tf.tidy(() => {
      const t = tf.mul(s, tf.tensor4d(tex, [b, h, w, 3]));
      const xc = c === 3 ? x : tf.tile(x, [1, 1, 1, 3]); // greyscale -> 3 identical channels
      const composite = tf.abs(tf.sub<tf.Tensor4D>(t, xc)); // |T − x| per colour
      return c === 3 ? composite : tf.mean<tf.Tensor4D>(composite, 3, true); // back to the model's channels
    });
  },
};
