/** Vitest setup: every core test runs on tfjs' CPU backend (Node has no WebGPU; tfjs-node is not used). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

beforeAll(async () => {
  const ok = await tf.setBackend('cpu');
  if (!ok || tf.getBackend() !== 'cpu') throw new Error('could not select the tfjs CPU backend');
});
