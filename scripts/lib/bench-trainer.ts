/**
 * The core Trainer as the step benchmarks build it in Node (`bench:kernels`, `bench:gpu`): the B1
 * recipe's settings (TPGM: a radius update and a projection every step on a validation batch of 4) at
 * batch 32, on seeded random 28×28 images, whose values neither the kernel count nor the step time
 * depends on. Not the worker's session: no dataset, no evaluation, no read-back of its own.
 */
import * as tf from '@tensorflow/tfjs';

import { prepareForDataset } from '../../src/core/model/load';
import { loadShippedModel, readModelIndex } from '../../src/core/model/model-repository';
import { TunableModel } from '../../src/core/model/tunable-model';
import { createRng } from '../../src/core/rng';
import type { MethodId, TrainConfig } from '../../src/core/spec/config';
import { defaultDraft } from '../../src/core/spec/default-run';
import { Trainer } from '../../src/core/train/trainer';
import { fileSource } from '../../src/testing/node-source';

/**
 * `n` seeded random 28×28 images with labels 0–9 in turn, on the current backend. The values come
 * from tfjs' seeded generator in JavaScript, so every backend gets the same images.
 */
export function randomSet(n: number, seed: number) {
  return {
    x: tf.randomUniform([n, 28, 28, 1], 0, 1, 'float32', seed),
    y: tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % 10),
      'int32',
    ),
    numClasses: 10,
  };
}

/** The default run's config (recipe B1, seed 0) for `method` at batch 32 and `steps` steps. */
export function benchConfig(method: MethodId, steps: number): TrainConfig {
  return { ...defaultDraft('mnist').config, method, steps, batchSize: 32 };
}

/**
 * Runs `use` with a Trainer of `config` on `model`, over 128 training and 64 validation images of
 * `randomSet` (seeds 1 and 2); the trainer and the images are disposed after, the model is the caller's.
 */
export async function withBenchTrainer<T>(
  model: TunableModel,
  config: TrainConfig,
  use: (trainer: Trainer) => Promise<T>,
): Promise<T> {
  const train = randomSet(128, 1);
  const val = randomSet(64, 2);
  let trainer: Trainer | null = null;
  try {
    trainer = new Trainer({ model, config, train, val });
    return await use(trainer);
  } finally {
    trainer?.dispose();
    tf.dispose([train.x, train.y, val.x, val.y]);
  }
}

/**
 * A shipped pre-trained model of public/models (checked against its card) with a fresh 10-class head
 * seeded by `seed`, as the worker starts a run from it; on the current backend.
 */
export async function shippedModel(id: string, seed: number, folder = 'public/models'): Promise<TunableModel> {
  const source = fileSource(folder);
  const { cards } = await readModelIndex(source);
  const card = cards.find((c) => c.id === id);
  if (!card) throw new Error(`${folder}/index.json lists no usable model ${id}`);
  const loaded = await loadShippedModel(source, card);
  return new TunableModel(prepareForDataset(loaded, card.inputShape, 10, createRng(seed).fork('head')));
}

export interface SteppedRun {
  /** The training loss of each step taken, in order. */
  losses: number[];
  /** Each step's wall time to its loss read back, ms. */
  stepMs: number[];
}

/**
 * Takes `n` steps of `trainer`, each timed until its loss is read back (`await data()`: a 4-byte
 * device → CPU read-back every step, so each time covers the whole step on an asynchronous backend).
 */
export async function timedSteps(trainer: Trainer, n: number): Promise<SteppedRun> {
  const run: SteppedRun = { losses: [], stepMs: [] };
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const { loss } = trainer.step();
    const [value] = await loss.data();
    run.stepMs.push(performance.now() - t0);
    loss.dispose();
    run.losses.push(value);
  }
  return run;
}
