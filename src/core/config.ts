/**
 * Run configuration: types, defaults and validation. tfjs-free, so the UI and the URL-hash code can
 * import it without pulling tfjs into the main bundle. Defaults follow ../shared/METHODS.md §1 and the
 * official TPGM DomainNet recipe (SGD Nesterov 0.9, wd 5e-4, cosine, lr 1e-2; MARS, radius lr 1e-2).
 */

/** Which norm bounds the deviation d = θ − θ0 of one tensor. */
export type NormMode = 'l2' | 'mars';
/** MARS on 1-D tensors: the whole-vector L1 norm (official code now) or element-wise |d| (first commit). */
export type Mars1dMode = 'vector' | 'elementwise';
export type MethodId = 'full-ft' | 'lp' | 'tpgm' | 'tpgm-posthoc';
export type ScheduleKind = 'cosine' | 'constant' | 'one-cycle';

export interface SgdConfig {
  kind: 'sgd';
  lr: number;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
}

export interface AdamConfig {
  kind: 'adam';
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled (AdamW-style) weight decay; 0 gives plain Adam. */
  weightDecay: number;
}

export type OptimizerConfig = SgdConfig | AdamConfig;

/** Which trainable tensors get a radius and are projected. */
export interface ProjectionScope {
  /** The classification head (found by identity, not by name) is left free by default. */
  excludeHead: boolean;
  /** Further tensors left free, by stable parameter name (`layer/weight`, e.g. `conv1/bias`). */
  excluded: string[];
}

export interface TpgmConfig {
  norm: NormMode;
  mars1d: Mars1dMode;
  /** Radius update every `projFreq` optimiser steps; projection after every step. */
  projFreq: number;
  /** Radius (Adam) steps per radius update. */
  maxIters: number;
  /** Adam learning rate of the radii γ. */
  radiusLr: number;
  /** Validation batch size for the radius update. */
  valBatchSize: number;
  scope: ProjectionScope;
}

/** The post-hoc variant: ordinary fine-tuning, then `steps` radius updates and one projection. */
export interface TpgmPostHocConfig {
  steps: number;
  radiusLr: number;
  valBatchSize: number;
}

export interface TrainConfig {
  method: MethodId;
  seed: number;
  steps: number;
  batchSize: number;
  optimizer: OptimizerConfig;
  schedule: ScheduleKind;
  tpgm: TpgmConfig;
  tpgmPostHoc: TpgmPostHocConfig;
}

export const DEFAULT_SGD: SgdConfig = {
  kind: 'sgd',
  lr: 1e-2,
  momentum: 0.9,
  nesterov: true,
  weightDecay: 5e-4,
};

export const DEFAULT_ADAM: AdamConfig = {
  kind: 'adam',
  lr: 1e-3,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
};

export const DEFAULT_TPGM: TpgmConfig = {
  norm: 'mars',
  mars1d: 'vector',
  projFreq: 1,
  maxIters: 1,
  radiusLr: 1e-2,
  valBatchSize: 64,
  scope: { excludeHead: true, excluded: [] },
};

export const DEFAULT_CONFIG: TrainConfig = {
  method: 'tpgm',
  seed: 0,
  steps: 640,
  batchSize: 32,
  optimizer: DEFAULT_SGD,
  schedule: 'cosine',
  tpgm: DEFAULT_TPGM,
  tpgmPostHoc: { steps: 200, radiusLr: 1e-2, valBatchSize: 64 },
};

/** Radius Adam hyper-parameters fixed by the official code (pass ε explicitly: tfjs defaults to 1e-7). */
export const RADIUS_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export const METHOD_IDS: readonly MethodId[] = ['full-ft', 'lp', 'tpgm', 'tpgm-posthoc'];

/** One problem with a config: the field's dotted path and what is wrong, for the UI. */
export interface ConfigIssue {
  path: string;
  message: string;
}

function checkNumber(
  issues: ConfigIssue[],
  path: string,
  value: number,
  opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean },
): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: `must be a finite number, got ${String(value)}` });
    return;
  }
  if (opts.integer && !Number.isInteger(value)) {
    issues.push({ path, message: `must be an integer, got ${value}` });
  }
  if (opts.min !== undefined) {
    const bad = opts.exclusiveMin ? value <= opts.min : value < opts.min;
    if (bad) issues.push({ path, message: `must be ${opts.exclusiveMin ? '>' : '≥'} ${opts.min}, got ${value}` });
  }
  if (opts.max !== undefined && value > opts.max) {
    issues.push({ path, message: `must be ≤ ${opts.max}, got ${value}` });
  }
}

function validateOptimizer(issues: ConfigIssue[], opt: OptimizerConfig): void {
  checkNumber(issues, 'optimizer.lr', opt.lr, { min: 0, max: 10, exclusiveMin: true });
  checkNumber(issues, 'optimizer.weightDecay', opt.weightDecay, { min: 0, max: 1 });
  if (opt.kind === 'sgd') {
    checkNumber(issues, 'optimizer.momentum', opt.momentum, { min: 0, max: 0.9999 });
    if (opt.nesterov && opt.momentum === 0) {
      issues.push({ path: 'optimizer.nesterov', message: 'Nesterov momentum needs momentum > 0' });
    }
  } else if (opt.kind === 'adam') {
    checkNumber(issues, 'optimizer.beta1', opt.beta1, { min: 0, max: 0.9999 });
    checkNumber(issues, 'optimizer.beta2', opt.beta2, { min: 0, max: 0.99999 });
    checkNumber(issues, 'optimizer.epsilon', opt.epsilon, { min: 0, max: 1, exclusiveMin: true });
  } else {
    issues.push({ path: 'optimizer.kind', message: `unknown optimiser "${String((opt as { kind: unknown }).kind)}"` });
  }
}

function validateTpgm(issues: ConfigIssue[], t: TpgmConfig): void {
  if (t.norm !== 'l2' && t.norm !== 'mars') {
    issues.push({ path: 'tpgm.norm', message: `must be "l2" or "mars", got "${String(t.norm)}"` });
  }
  if (t.mars1d !== 'vector' && t.mars1d !== 'elementwise') {
    issues.push({ path: 'tpgm.mars1d', message: `must be "vector" or "elementwise", got "${String(t.mars1d)}"` });
  }
  checkNumber(issues, 'tpgm.projFreq', t.projFreq, { min: 1, max: 1e6, integer: true });
  checkNumber(issues, 'tpgm.maxIters', t.maxIters, { min: 1, max: 1000, integer: true });
  checkNumber(issues, 'tpgm.radiusLr', t.radiusLr, { min: 0, max: 10, exclusiveMin: true });
  checkNumber(issues, 'tpgm.valBatchSize', t.valBatchSize, { min: 1, max: 4096, integer: true });
  if (!Array.isArray(t.scope?.excluded)) {
    issues.push({ path: 'tpgm.scope.excluded', message: 'must be a list of parameter names' });
  }
}

/** Every problem with `config`, empty when it is valid. Pure and cheap: call it on every edit. */
export function validateConfig(config: TrainConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!METHOD_IDS.includes(config.method)) {
    issues.push({ path: 'method', message: `unknown method "${String(config.method)}"` });
  }
  checkNumber(issues, 'seed', config.seed, { min: 0, max: 2 ** 32 - 1, integer: true });
  checkNumber(issues, 'steps', config.steps, { min: 1, max: 1e6, integer: true });
  checkNumber(issues, 'batchSize', config.batchSize, { min: 1, max: 4096, integer: true });
  if (!['cosine', 'constant', 'one-cycle'].includes(config.schedule)) {
    issues.push({
      path: 'schedule',
      message: `must be "cosine", "one-cycle" or "constant", got "${String(config.schedule)}"`,
    });
  }
  validateOptimizer(issues, config.optimizer);
  validateTpgm(issues, config.tpgm);
  checkNumber(issues, 'tpgmPostHoc.steps', config.tpgmPostHoc.steps, { min: 1, max: 1e5, integer: true });
  checkNumber(issues, 'tpgmPostHoc.radiusLr', config.tpgmPostHoc.radiusLr, { min: 0, max: 10, exclusiveMin: true });
  checkNumber(issues, 'tpgmPostHoc.valBatchSize', config.tpgmPostHoc.valBatchSize, {
    min: 1,
    max: 4096,
    integer: true,
  });
  return issues;
}
