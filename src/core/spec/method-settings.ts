/**
 * Each method's numeric settings: where they live in TrainConfig, their ranges and UI steps, and how
 * to read or change one. tfjs-free.
 */
import type { MethodId, TrainConfig } from './config';

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
