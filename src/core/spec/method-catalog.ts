/**
 * What the UI says about each method: its name, one paragraph with the update rule, and the formula,
 * as TeX (typeset by src/ui/math) and as plain text (aria labels, exports, the fallback). Tfjs-free,
 * so the main bundle can show it; the numeric settings and their ranges live in
 * method-settings.ts (METHOD_SETTINGS). Sources: ../shared/METHODS.md §1–4; notation there: θ0 the pre-trained weights,
 * θ̃ the weights after the optimiser step, γ a radius, L_val the loss on the validation split.
 */
import type { MethodId } from './config';
import { METHOD_SETTINGS, type NumericSetting } from './method-settings';

export interface MethodInfo {
  readonly id: MethodId;
  readonly label: string;
  /** The name alone, for tables, legends and chart labels (e.g. "FT", "TPGM"). */
  readonly short: string;
  readonly description: string;
  /** The update rule as plain Unicode text, for text-only places (aria labels, exports, a TeX failure). */
  readonly formula: string;
  /** The same rule as TeX (math mode, no delimiters; KaTeX's subset), typeset as MathML in the method card. */
  readonly tex: string;
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
    formula: 'θ ← θ0 + min(1, γ/‖θ̃−θ0‖)·(θ̃−θ0);  γ ← Adam(γ, ∂L_val(θ)/∂γ)',
    tex: String.raw`
      \begin{gathered}
        \theta \leftarrow \theta_0 + \min\Bigl(1, \frac{\gamma}{\|\tilde\theta-\theta_0\|}\Bigr)(\tilde\theta-\theta_0) \\
        \gamma \leftarrow \operatorname{Adam}\Bigl(\gamma, \frac{\partial L_{\text{val}}(\theta)}{\partial\gamma}\Bigr)
      \end{gathered}`,
    radiusStep: true,
  },
  'full-ft': {
    short: 'FT',
    label: 'Fine-tuning (FT)',
    description:
      'Vanilla fine-tuning: every layer trains on the cross-entropy of the new task with the chosen optimiser. ' +
      'Nothing keeps the weights near the pre-trained θ0.',
    formula: 'θ ← θ − lr·∇L(θ)',
    tex: String.raw`\theta \leftarrow \theta - \mathrm{lr}\cdot\nabla L(\theta)`,
  },
  lp: {
    short: 'LP',
    label: 'Linear probe (LP: head only)',
    description:
      'Linear probing: the backbone is frozen at θ0 (BatchNorm in inference mode) and only the new head trains. ' +
      'The features, and their robustness, are exactly the pre-trained ones.',
    formula: 'θ_head ← θ_head − lr·∇_head L;  θ_backbone = θ0 (frozen)',
    tex: String.raw`
      \begin{gathered}
        \theta_{\text{head}} \leftarrow \theta_{\text{head}} - \mathrm{lr}\cdot\nabla_{\text{head}} L \\
        \theta_{\text{backbone}} = \theta_0 \ \text{(frozen)}
      \end{gathered}`,
  },
  'lp-ft': {
    short: 'LP-FT',
    label: 'LP-FT (probe, then fine-tune)',
    description:
      'Kumar et al. (ICLR 2022): first a linear probe (backbone frozen) for a share f of the T steps, then full ' +
      'fine-tuning from the probed head at s times the lr (usually smaller) and a fresh optimiser. A trained head ' +
      'distorts the features less than a random one when the backbone starts to move.',
    formula: 't ≤ f·T (probe): θ_head ← θ_head − lr_probe·∇_head L;  t > f·T: θ ← θ − s·lr·∇L',
    tex: String.raw`
      \begin{gathered}
        t \le fT \ \text{(probe)}\!: \\
        \theta_{\text{head}} \leftarrow \theta_{\text{head}} - \mathrm{lr}_{\text{probe}}\cdot\nabla_{\text{head}} L \\
        t > fT\!: \ \ \theta \leftarrow \theta - s\cdot\mathrm{lr}\cdot\nabla L
      \end{gathered}`,
  },
  'l2-sp': {
    short: 'L2-SP',
    label: 'L2-SP (pull towards θ0)',
    description:
      'Li et al. (ICML 2018): the loss gets a penalty on the backbone’s distance to the pre-trained weights and ' +
      'plain L2 on the new head; the optimiser’s own weight decay is off.',
    formula: 'min over θ of L(θ) + (α/2)·Σ_backbone ‖θ − θ0‖² + (β/2)·‖θ_head‖²',
    tex: String.raw`
      \begin{gathered}
        \min_\theta\; L(\theta) + \frac{\alpha}{2}\sum_{\text{backbone}} \|\theta-\theta_0\|^2 \\
        {} + \frac{\beta}{2}\|\theta_{\text{head}}\|^2
      \end{gathered}`,
  },
  'mars-sp': {
    short: 'MARS-SP',
    label: 'MARS-SP (fixed radii)',
    description:
      'Gouk et al. (ICLR 2021): projected gradient descent with the MARS norm and hand-set radii, TPGM with γ ' +
      'frozen. Here each tensor’s radius is a fraction ρ of its own pre-trained norm (the largest L1 norm of ' +
      'an output unit i).',
    formula: 'd = θ̃ − θ0, γ = ρ·max_i ‖θ0,i‖₁;  θ_i ← θ0,i + min(1, γ/‖d_i‖₁)·d_i for each output unit i',
    tex: String.raw`
      \begin{gathered}
        d = \tilde\theta - \theta_0, \qquad \gamma = \rho\max_i \|\theta_{0,i}\|_1 \\
        \theta_i \leftarrow \theta_{0,i} + \min\Bigl(1, \frac{\gamma}{\|d_i\|_1}\Bigr) d_i
      \end{gathered}`,
  },
  surgical: {
    short: 'Surgical FT',
    label: 'Surgical FT (chosen blocks)',
    description:
      'Lee et al. (ICLR 2023): only the chosen blocks train, the rest stays at θ0; the new head always trains. ' +
      'The first block suits input-level shifts, the last output-level ones. Blocks are named after their ' +
      'layers (conv1, block2, fc1…); "first" and "last" pick the ends.',
    formula: 'θ_b ← θ_b − lr·∇_b L, b ∈ B ∪ {head} (B: the chosen blocks);  θ_b = θ0,b otherwise',
    tex: String.raw`
      \begin{gathered}
        \theta_b \leftarrow \theta_b - \mathrm{lr}\cdot\nabla_b L, \ \ b \in B \cup \{\text{head}\} \\
        \theta_b = \theta_{0,b} \ \text{ otherwise}
      \end{gathered}`,
  },
  ftp: {
    short: 'FTP',
    label: 'FTP (fast trainable projection)',
    description:
      'Tian et al. (NeurIPS 2023): TPGM without validation data or inner loop. Each step, the radius takes one ' +
      'Adam step with the training gradient as the hyper-gradient of the previous projection (MARS norm; a ' +
      'positive hyper-gradient is scaled by the gain k).',
    formula:
      'c_t = θ̃_t − θ0, n_t = rowL1(c_t);  gγ = Σ ∇L(θ_t) ⊙ c_{t−1}/n_{t−1} (×k if > 0);  γ ← Adam(γ, gγ);  θ ← θ0 + clamp(γ/n_t, 0, 1) ⊙ c_t',
    tex: String.raw`
      \begin{gathered}
        c_t = \tilde\theta_t - \theta_0, \qquad n_t = \operatorname{rowL1}(c_t) \\
        g_\gamma = \sum \nabla L(\theta_t) \odot \frac{c_{t-1}}{n_{t-1}} \ \ (\times k \text{ if } {>}\,0) \\
        \gamma \leftarrow \operatorname{Adam}(\gamma, g_\gamma) \\
        \theta \leftarrow \theta_0 + \operatorname{clamp}\Bigl(\frac{\gamma}{n_t}, 0, 1\Bigr) \odot c_t
      \end{gathered}`,
  },
  spd: {
    short: 'SPD',
    label: 'SPD (selective projection decay)',
    description:
      'Tian et al. (NeurIPS 2024): after each optimiser step, a tensor whose descent direction points back towards ' +
      'θ0 (c < 0) but whose distance to θ0 still grew is pulled back by λ times the share of that growth; the ' +
      'others keep their step. Only such tensors are regularised, hence "selective". The head gets plain weight decay.',
    formula: 'if c = −⟨g, θ−θ0⟩ < 0:  θ̃ ← θ̃ − λ·r·(θ̃−θ0),  r = clamp(1 − ‖θ−θ0‖/‖θ̃−θ0‖, 0, 1)',
    tex: String.raw`
      \begin{gathered}
        \text{if } c = {-\langle g, \theta-\theta_0\rangle} < 0\!: \\
        \tilde\theta \leftarrow \tilde\theta - \lambda\, r\,(\tilde\theta-\theta_0) \\
        r = \operatorname{clamp}\Bigl(1 - \frac{\|\theta-\theta_0\|}{\|\tilde\theta-\theta_0\|}, 0, 1\Bigr)
      \end{gathered}`,
  },
  'wise-ft': {
    short: 'WiSE-FT',
    label: 'WiSE-FT (weight interpolation)',
    description:
      'Wortsman et al. (CVPR 2022): fine-tune normally, then mix the fine-tuned and pre-trained weights. After ' +
      'training it sweeps α from 0 to 1 and draws the ID-vs-OOD curve; the run keeps the chosen α. The new ' +
      'head has no pre-trained weights (its θ0 is a random start), so by default only the backbone is mixed.',
    formula: 'θ = (1 − α)·θ0 + α·θ_ft',
    tex: String.raw`\theta = (1-\alpha)\,\theta_0 + \alpha\,\theta_{\text{ft}}`,
  },
  'tpgm-posthoc': {
    short: 'TPGM post-hoc',
    label: 'TPGM post-hoc (FT, then learn radii)',
    description:
      'Fine-tune normally, then learn one radius per layer on the validation split (N Adam steps, L2 norm, every ' +
      'tensor, head included) and project once. It starts half-way between θ0 and the fine-tuned weights: a learned, ' +
      'per-layer WiSE-FT.',
    formula: 'd = θ_ft − θ0, γ ← ½‖d‖₂;  N times γ ← Adam(γ, ∂L_val(θ)/∂γ);  θ ← θ0 + min(1, γ/‖d‖₂)·d',
    tex: String.raw`
      \begin{gathered}
        d = \theta_{\text{ft}}-\theta_0, \qquad \gamma \leftarrow \tfrac{1}{2}\|d\|_2 \\
        \gamma \leftarrow \operatorname{Adam}\Bigl(\gamma, \frac{\partial L_{\text{val}}(\theta)}{\partial\gamma}\Bigr) \ \ N \text{ times} \\
        \theta \leftarrow \theta_0 + \min\Bigl(1, \frac{\gamma}{\|d\|_2}\Bigr) d
      \end{gathered}`,
  },
};

export const METHOD_INFO: Readonly<Record<MethodId, MethodInfo>> = Object.fromEntries(
  (Object.keys(TEXT) as MethodId[]).map((id) => [id, { id, ...TEXT[id], settings: METHOD_SETTINGS[id] }]),
) as Record<MethodId, MethodInfo>;
