/**
 * Pre-training a robust "foundation" (../shared/EXPERIMENT.md, design B): the dataset's `pretrain`
 * split, every batch restyled at random (data/styled.ts), Adam with a one-cycle schedule. Held-out
 * accuracy is measured on the `select` split in every style, so a model card never quotes the test split.
 */
import type * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../data/dataset-loader';
import { labelledSet } from '../data/images';
import { makeSplits, SPLIT_SEED, type SplitPlan } from '../data/splits';
import { styleBatch } from '../data/styled';
import type { Rng } from '../rng';
import { DEFAULT_ADAM, DEFAULT_CONFIG, type TrainConfig } from '../spec/config';
import { inDomain, ownedSets, type DomainChoice, type ExperimentSets } from './experiment-sets';

export interface PretrainRecipe {
  epochs: number;
  batchSize: number;
  /** Peak of the one-cycle schedule. */
  peakLr: number;
}

/** Design B: 30 epochs, batch 128, Adam one-cycle to 2e-3 (10 % warm-up: schedule.ts). */
export const DEFAULT_PRETRAIN: PretrainRecipe = { epochs: 30, batchSize: 128, peakLr: 2e-3 };

/** The domains a pre-trained model is checked on (its card's accuracy per domain). */
export const PRETRAIN_EVAL_DOMAINS: readonly DomainChoice[] = [
  { id: 'clean', severity: 0 },
  { id: 'inverted', severity: 1 },
  { id: 'sketch', severity: 1 },
  { id: 'noise', severity: 0.45 },
  { id: 'blur', severity: 1.5 },
  { id: 'texture', severity: 1 },
];

/** Steps for `epochs` passes over `trainSize` images. */
export function pretrainSteps(recipe: PretrainRecipe, trainSize: number): number {
  return Math.ceil((recipe.epochs * trainSize) / recipe.batchSize);
}

/** The Trainer config of a pre-training run: every weight trained, Adam, one-cycle. */
export function pretrainConfig(recipe: PretrainRecipe, seed: number, trainSize: number): TrainConfig {
  return {
    ...DEFAULT_CONFIG,
    method: 'full-ft',
    seed,
    steps: pretrainSteps(recipe, trainSize),
    batchSize: recipe.batchSize,
    optimizer: { ...DEFAULT_ADAM, lr: recipe.peakLr },
    schedule: 'one-cycle',
  };
}

/** Restyles each training batch at random: the augmentation hook of the Trainer. */
export const pretrainAugment = (x: tf.Tensor4D, rng: Rng): tf.Tensor4D => styleBatch(x, rng);

/** train = the `pretrain` split (clean; styled per batch), val = `val`, tests = `select` in each domain. */
export function buildPretrainSets(ds: Dataset, plan: SplitPlan, domains: readonly DomainChoice[]): ExperimentSets {
  const splits = makeSplits(ds, plan, SPLIT_SEED);
  const train = labelledSet(ds, splits.pretrain);
  const val = labelledSet(ds, splits.val);
  const select = labelledSet(ds, splits.select);
  const tests = domains.map((choice, k) => ({
    domain: choice.id,
    severity: choice.severity,
    isId: k === 0,
    set: inDomain(labelledSet(ds, splits.select), choice, 1000 + k),
  }));
  return ownedSets(train, val, select, tests);
}
