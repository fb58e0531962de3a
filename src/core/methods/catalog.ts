/**
 * What the UI says about each method: its name, one paragraph with the update rule, and the formula.
 * Tfjs-free, so the main bundle can show it; the numeric settings and their ranges live in config.ts
 * (METHOD_SETTINGS). Sources: ../shared/METHODS.md §1–4.
 */
import { METHOD_SETTINGS, type MethodId, type NumericSetting } from '../config';

export interface MethodInfo {
  readonly id: MethodId;
  readonly label: string;
  /** The name alone, for tables, legends and chart labels (e.g. "FT", "TPGM"). */
  readonly short: string;
  readonly description: string;
  readonly formula: string;
  /** True when its radii can take a step of their own, without a weights step (TPGM's inner problem). */
  readonly radiusStep?: boolean;
  readonly settings: readonly NumericSetting[];
}

type Text = Omit<MethodInfo, 'id' | 'settings'>;

const TEXT: Readonly<Record<MethodId, Text>> = {
  tpgm: {
    short: 'TPGM',
    label: 'TPGM (learned per-layer radii)',
    description:
      'Trainable Projected Gradient Method (Tian et al., CVPR 2023): each layer gets a radius γ, the allowed ' +
      'distance from the pre-trained weights. After each step the weights are projected back inside it, and γ ' +
      'is learned by Adam on the validation loss of the projected model (a bi-level problem).',
    formula: 'θ ← θ0 + min(1, γ/‖θ−θ0‖)·(θ−θ0);  γ ← Adam(γ, ∂L_val(θ̂(γ))/∂γ)',
    radiusStep: true,
  },
  'full-ft': {
    short: 'FT',
    label: 'Fine-tuning (FT)',
    description:
      'Vanilla fine-tuning: every layer trains on the cross-entropy of the new task with the chosen optimiser. ' +
      'Nothing keeps the weights near the pre-trained θ0.',
    formula: 'θ ← θ − lr·∇L(θ)',
  },
  lp: {
    short: 'LP',
    label: 'Linear probe (LP: head only)',
    description:
      'Linear probing: the backbone is frozen at θ0 (BatchNorm in inference mode) and only the new head trains. ' +
      'The features, and their robustness, are exactly the pre-trained ones.',
    formula: 'θ_head ← θ_head − lr·∇_head L(θ0_backbone, θ_head)',
  },
  'lp-ft': {
    short: 'LP-FT',
    label: 'LP-FT (probe, then fine-tune)',
    description:
      'Kumar et al. (ICLR 2022): first a linear probe (backbone frozen), then full fine-tuning from the probed ' +
      'head at a scaled lr (usually smaller) and a fresh optimiser. A trained head distorts the features less ' +
      'than a random one when the backbone starts to move.',
    formula: 'steps ≤ f·T: LP at lr_probe;  then θ ← θ − s·lr·∇L(θ) for every tensor',
  },
  'l2-sp': {
    short: 'L2-SP',
    label: 'L2-SP (pull towards θ0)',
    description:
      'Li et al. (ICML 2018): the loss gets a penalty on the backbone’s distance to the pre-trained weights and ' +
      'plain L2 on the new head; the optimiser’s own weight decay is off.',
    formula: 'L + (α/2)·Σ_backbone ‖θ − θ0‖² + (β/2)·‖θ_head‖²',
  },
  'mars-sp': {
    short: 'MARS-SP',
    label: 'MARS-SP (fixed radii)',
    description:
      'Gouk et al. (ICLR 2021): projected gradient descent with the MARS norm and hand-set radii, TPGM with γ ' +
      'frozen. Here each tensor’s radius is a fraction ρ of its own pre-trained norm.',
    formula: 'γ = ρ·‖θ0‖_mars;  θ ← θ0 + min(1, γ/‖θ−θ0‖_mars)·(θ−θ0)',
  },
  surgical: {
    short: 'Surgical FT',
    label: 'Surgical FT (chosen blocks)',
    description:
      'Lee et al. (ICLR 2023): only the chosen blocks train, the rest stays at θ0; the new head always trains. ' +
      'The first block suits input-level shifts, the last output-level ones. Blocks are named after their ' +
      'layers (conv1, block2, fc1…); "first" and "last" pick the ends.',
    formula: 'θ_b ← θ_b − lr·∇_b L for b ∈ chosen blocks ∪ {head}',
  },
  ftp: {
    short: 'FTP',
    label: 'FTP (fast trainable projection)',
    description:
      'Tian et al. (NeurIPS 2023): TPGM without validation data or inner loop. Each step, the radius takes one ' +
      'Adam step with the training gradient as the hyper-gradient of the previous projection (MARS norm).',
    formula: 'gγ = Σ ∇L(θ_t) ⊙ c_{t−1}/n_{t−1};  γ ← Adam(γ, gγ);  θ ← θ0 + clamp(γ/n_t, 0, 1)·c_t',
  },
  spd: {
    short: 'SPD',
    label: 'SPD (selective projection decay)',
    description:
      'Tian et al. (NeurIPS 2024): after each optimiser step, a tensor whose descent direction points back towards ' +
      'θ0 (c < 0) but whose distance to θ0 still grew is pulled back by λ times the share of that growth; the ' +
      'others keep their step. Only such tensors are regularised, hence "selective". The head gets plain weight decay.',
    formula: 'if −⟨g, θ−θ0⟩ < 0:  θ̃ ← θ̃ − λ·r·(θ̃−θ0),  r = (‖θ̃−θ0‖ − ‖θ−θ0‖)/‖θ̃−θ0‖',
  },
  'wise-ft': {
    short: 'WiSE-FT',
    label: 'WiSE-FT (weight interpolation)',
    description:
      'Wortsman et al. (CVPR 2022): fine-tune normally, then mix the fine-tuned and pre-trained weights. After ' +
      'training it sweeps α from 0 to 1 and draws the ID-vs-OOD curve; the run keeps the chosen α. The new ' +
      'head has no pre-trained weights (its θ0 is a random start), so by default only the backbone is mixed.',
    formula: 'θ = (1 − α)·θ0 + α·θ_ft',
  },
  'tpgm-posthoc': {
    short: 'TPGM post-hoc',
    label: 'TPGM post-hoc (FT, then learn radii)',
    description:
      'Fine-tune normally, then learn one radius per layer on the validation split (L2 norm, every tensor, head ' +
      'included) and project once. It starts half-way between θ0 and the fine-tuned weights: a learned, ' +
      'per-layer WiSE-FT.',
    formula: 'θ = θ0 + min(1, γ/‖θ_ft−θ0‖)·(θ_ft−θ0),  γ learned on validation data',
  },
};

export const METHOD_INFO: Readonly<Record<MethodId, MethodInfo>> = Object.fromEntries(
  (Object.keys(TEXT) as MethodId[]).map((id) => [id, { id, ...TEXT[id], settings: METHOD_SETTINGS[id] }]),
) as Record<MethodId, MethodInfo>;
