import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TunableModel } from '../core/model/tunable-model';
import { DEFAULT_CONFIG, DEFAULT_TPGM, type TrainConfig } from '../core/spec/config';
import type { SavedState } from '../core/spec/saved-state';
import { StateReader, StateWriter } from '../core/train/run-state';
import { Trainer } from '../core/train/trainer';
import { maxRelError } from '../testing/backend-compare';
import { makeBars, tinyConvNet } from '../testing/synthetic';
import { registerWasmKernels } from './wasm-kernels';

const STEPS = 12;
const config: TrainConfig = {
  ...DEFAULT_CONFIG,
  method: 'tpgm',
  batchSize: 16,
  steps: STEPS,
  tpgm: { ...DEFAULT_TPGM, valBatchSize: 16 },
};

/** `steps` steps of a fresh TPGM run on `backend` (from `from`, if given); its weights, or its saved state. */
async function runOn(
  backend: string,
  steps: number,
  from: SavedState | null,
): Promise<{ weights: Float32Array; state: SavedState; taken: number }> {
  await tf.setBackend(backend);
  const train = makeBars(96, 300, 0.25);
  const val = makeBars(48, 301, 0.25);
  const model = new TunableModel(tinyConvNet(3, 4));
  const trainer = new Trainer({ model, config, train, val });
  if (from) trainer.loadState(StateReader.of(from));
  let taken = 0;
  for (; trainer.stepsDone < steps; taken++) trainer.step().loss.dispose();
  const w = StateWriter.create();
  trainer.saveState(w);
  const state = structuredClone(await w.read());
  const weights = Float32Array.from(model.model.weights.flatMap((v) => Array.from(v.read().dataSync())));
  trainer.dispose();
  model.dispose();
  tf.dispose([train.x, train.y, val.x, val.y]);
  return { weights, state, taken };
}

beforeAll(() => {
  registerWasmKernels();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('a checkpoint moves between backends (a lost WebGPU device goes on on WASM)', () => {
  it('saved on the CPU backend, continued on WASM: the run ends where it would have, to float32 rounding', async () => {
    const whole = await runOn('cpu', STEPS, null);
    const half = await runOn('cpu', STEPS / 2, null);
    const continued = await runOn('wasm', STEPS, half.state);
    expect(continued.taken).toBe(STEPS / 2); // it went on from the checkpoint, it did not start again
    expect(maxRelError(half.weights, whole.weights)).toBeGreaterThan(1e-3);
    expect(maxRelError(continued.weights, whole.weights)).toBeLessThan(1e-4);
    expect(continued.state.host.step).toEqual([STEPS]);
  }, 120_000);

  it('saved on WASM, continued on the CPU backend, the same', async () => {
    const whole = await runOn('wasm', STEPS, null);
    const half = await runOn('wasm', STEPS / 2, null);
    const continued = await runOn('cpu', STEPS, half.state);
    expect(continued.taken).toBe(STEPS / 2);
    expect(maxRelError(continued.weights, whole.weights)).toBeLessThan(1e-4);
  }, 120_000);
});
