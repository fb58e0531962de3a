/**
 * Run configuration: types and defaults. tfjs-free (src/core/spec), so the UI and the URL-hash code can
 * import it without pulling tfjs into the main bundle. Defaults follow ../shared/METHODS.md §1 and the
 * official TPGM DomainNet recipe (SGD Nesterov 0.9, wd 5e-4, cosine, lr 1e-2; MARS, radius lr 1e-2).
 * Each method's numeric settings are in method-settings.ts, validation in config-validation.ts.
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
  /**
   * Train with BatchNorm on its moving statistics (inference mode) and leave them at θ0's, instead of
   * re-estimating them from the fine-tuning batches (../shared/EXPERIMENT.md, follow-up 2: the moving
   * statistics re-adapt to clean data and are not projected). Only BatchNorm's γ and β still train.
   * Absent = false; no effect on a model without BatchNorm.
   */
  freezeBnStats?: boolean;
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
