/**
 * Run configuration: types, defaults and validation. tfjs-free, so the UI and the URL-hash code can
 * import it without pulling tfjs into the main bundle. Defaults follow ../shared/METHODS.md §1 and the
 * official TPGM DomainNet recipe (SGD Nesterov 0.9, wd 5e-4, cosine, lr 1e-2; MARS, radius lr 1e-2).
 */

/** Which norm bounds the deviation d = θ − θ0 of one tensor. */
export type NormMode = 'l2' | 'mars';
/** MARS on 1-D tensors: the whole-vector L1 norm (official code now) or element-wise |d| (first commit). */
export type Mars1dMode = 'vector' | 'elementwise';
export type MethodId =
  'full-ft' | 'lp' | 'lp-ft' | 'l2-sp' | 'mars-sp' | 'surgical' | 'ftp' | 'spd' | 'wise-ft' | 'tpgm' | 'tpgm-posthoc';
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

/**
 * LP-FT: a linear probe for the first `lpFraction` of the steps at `lpLr`, then full FT at
 * `ftLrScale` × the optimiser's lr (a smaller lr keeps the probed features, Kumar et al.).
 */
export interface LpFtConfig {
  lpFraction: number;
  lpLr: number;
  ftLrScale: number;
}

/** L2-SP: loss + (α/2)·Σ_backbone ‖θ − θ0‖² + (β/2)·‖θ_head‖². */
export interface L2SpConfig {
  alpha: number;
  beta: number;
}

/** MARS-SP: fixed radii γ = ρ·‖θ0‖ (each tensor's own pre-trained norm, MARS). */
export interface MarsSpConfig {
  relativeRadius: number;
}

/** FTP: the radii's Adam lr and the gain k on positive hyper-gradients. */
export interface FtpConfig {
  radiusLr: number;
  k: number;
}

/** SPD: the selective projection decay strength λ (0 = the plain optimiser). */
export interface SpdConfig {
  lambda: number;
}

/**
 * WiSE-FT: θ = (1 − α)·θ0 + α·θ_ft after training; the head too unless `keepHead` (the default: a new
 * head's θ0 is its random start, so mixing it costs accuracy for nothing; measured in README).
 */
export interface WiseFtConfig {
  alpha: number;
  keepHead: boolean;
}

/** Surgical FT: the blocks that train (names, or 'first' / 'last'); the head always trains. */
export interface SurgicalConfig {
  blocks: string[];
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
  lpFt: LpFtConfig;
  l2Sp: L2SpConfig;
  marsSp: MarsSpConfig;
  ftp: FtpConfig;
  spd: SpdConfig;
  wiseFt: WiseFtConfig;
  surgical: SurgicalConfig;
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
  lpFt: { lpFraction: 0.5, lpLr: 0.05, ftLrScale: 0.1 },
  l2Sp: { alpha: 0.1, beta: 0.01 },
  marsSp: { relativeRadius: 0.05 },
  ftp: { radiusLr: 1e-2, k: 1 },
  spd: { lambda: 0.5 },
  wiseFt: { alpha: 0.5, keepHead: true },
  surgical: { blocks: ['first'] },
};

/** Radius Adam hyper-parameters fixed by the official code (pass ε explicitly: tfjs defaults to 1e-7). */
export const RADIUS_ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

/** Baselines first, TPGM last: the order of the pickers and of a comparison. */
export const METHOD_IDS: readonly MethodId[] = [
  'full-ft',
  'lp',
  'lp-ft',
  'l2-sp',
  'mars-sp',
  'surgical',
  'ftp',
  'spd',
  'wise-ft',
  'tpgm',
  'tpgm-posthoc',
];

/** True for the id of a method of the registry (ids read from links, files and recordings are strings). */
export const isMethodId = (id: string): id is MethodId => (METHOD_IDS as readonly string[]).includes(id);

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
  if (!Array.isArray(t.scope?.excluded)) {
    issues.push({ path: 'tpgm.scope.excluded', message: 'must be a list of parameter names' });
  }
}

/** A numeric hyper-parameter of a method: where it lives in TrainConfig, its valid range, its UI step. */
export interface NumericSetting {
  path: NumericPath;
  label: string;
  min: number;
  max: number;
  exclusiveMin?: boolean;
  integer?: boolean;
  step: number;
  /** What a user should know before changing it (its cost, or why the default is what it is). */
  hint?: string;
}

export type NumericPath =
  | 'tpgm.projFreq'
  | 'tpgm.maxIters'
  | 'tpgm.radiusLr'
  | 'tpgm.valBatchSize'
  | 'tpgmPostHoc.steps'
  | 'tpgmPostHoc.radiusLr'
  | 'tpgmPostHoc.valBatchSize'
  | 'lpFt.lpFraction'
  | 'lpFt.lpLr'
  | 'lpFt.ftLrScale'
  | 'l2Sp.alpha'
  | 'l2Sp.beta'
  | 'marsSp.relativeRadius'
  | 'ftp.radiusLr'
  | 'ftp.k'
  | 'spd.lambda'
  | 'wiseFt.alpha';

const radiusLr = { min: 0, max: 10, exclusiveMin: true, step: 0.001 };
const valBatch = { min: 1, max: 4096, integer: true, step: 1 };

/** Each method's own numeric settings (the shared ones, lr, steps, seed…, are validated for every method). */
export const METHOD_SETTINGS: Readonly<Record<MethodId, readonly NumericSetting[]>> = {
  'full-ft': [],
  lp: [],
  'lp-ft': [
    { path: 'lpFt.lpFraction', label: 'Share of steps spent probing', min: 0, max: 1, exclusiveMin: true, step: 0.05 },
    { path: 'lpFt.lpLr', label: 'Probe learning rate', min: 0, max: 10, exclusiveMin: true, step: 0.001 },
    {
      path: 'lpFt.ftLrScale',
      label: 'Fine-tuning lr (× the optimiser’s lr)',
      min: 0,
      max: 10,
      exclusiveMin: true,
      step: 0.05,
      hint: 'B1 uses 0.1: at the full SGD lr 0.01 the first steps from the probed head killed the network on every seed.',
    },
  ],
  'l2-sp': [
    { path: 'l2Sp.alpha', label: 'α (pull of the backbone towards θ0)', min: 0, max: 100, step: 0.01 },
    { path: 'l2Sp.beta', label: 'β (L2 on the head)', min: 0, max: 100, step: 0.001 },
  ],
  'mars-sp': [
    {
      path: 'marsSp.relativeRadius',
      label: 'Radius ρ (fraction of each tensor’s pre-trained norm)',
      min: 0,
      max: 100,
      step: 0.01,
    },
  ],
  surgical: [],
  ftp: [
    { path: 'ftp.radiusLr', label: 'Radius learning rate', ...radiusLr },
    { path: 'ftp.k', label: 'Gain k on positive radius gradients', min: 0, max: 100, step: 0.1 },
  ],
  spd: [{ path: 'spd.lambda', label: 'Decay strength λ', min: 0, max: 2, step: 0.05 }],
  'wise-ft': [{ path: 'wiseFt.alpha', label: 'Mixing α (0 = θ0, 1 = fine-tuned)', min: 0, max: 1, step: 0.05 }],
  tpgm: [
    {
      path: 'tpgm.projFreq',
      label: 'Radius update every (projFreq)',
      min: 1,
      max: 1e6,
      integer: true,
      step: 1,
      hint:
        'Each radius update is one more forward and backward pass, on a validation batch: at every step on a ' +
        'batch of 32 a TPGM step costs about two FT steps. Sparser updates are cheaper but can learn other radii.',
    },
    { path: 'tpgm.maxIters', label: 'Radius steps per update (maxIters)', min: 1, max: 1000, integer: true, step: 1 },
    { path: 'tpgm.radiusLr', label: 'Radius learning rate', ...radiusLr },
    {
      path: 'tpgm.valBatchSize',
      label: 'Validation batch size',
      ...valBatch,
      hint:
        'The recipes use 4: the design’s 32 (the training batch) measured the same over 3 seeds on three ' +
        'experiments, at twice the step time (README, “TPGM’s radius schedule”).',
    },
  ],
  'tpgm-posthoc': [
    { path: 'tpgmPostHoc.steps', label: 'Radius steps after training', min: 1, max: 1e5, integer: true, step: 10 },
    { path: 'tpgmPostHoc.radiusLr', label: 'Radius learning rate', ...radiusLr },
    { path: 'tpgmPostHoc.valBatchSize', label: 'Validation batch size', ...valBatch },
  ],
};

/** The value of a numeric setting, e.g. `getSetting(c, 'l2Sp.alpha')`. */
export function getSetting(config: TrainConfig, path: NumericPath): number {
  const [group, key] = path.split('.') as [keyof TrainConfig, string];
  return (config[group] as unknown as Record<string, number>)[key];
}

/** A copy of `config` with one numeric setting changed. */
export function withSetting(config: TrainConfig, path: NumericPath, value: number): TrainConfig {
  const [group, key] = path.split('.') as [keyof TrainConfig, string];
  return { ...config, [group]: { ...(config[group] as object), [key]: value } };
}

function validateMethodSettings(issues: ConfigIssue[], config: TrainConfig): void {
  for (const s of METHOD_SETTINGS[config.method] ?? []) {
    checkNumber(issues, s.path, getSetting(config, s.path), s);
  }
  if (config.method === 'surgical') {
    const blocks = config.surgical.blocks;
    if (!Array.isArray(blocks) || blocks.length === 0 || blocks.some((b) => typeof b !== 'string' || b === '')) {
      issues.push({ path: 'surgical.blocks', message: 'name at least one block to train (or "first" / "last")' });
    }
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
  validateMethodSettings(issues, config);
  return issues;
}
