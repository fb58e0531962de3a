/**
 * Vanilla fine-tuning (../shared/METHODS.md §4): every tensor trains on cross-entropy, no hook.
 */
import type { MethodDefinition } from './method';

export const fullFt: MethodDefinition = {
  id: 'full-ft',
  label: 'Fine-tuning (FT)',
  description:
    'Vanilla fine-tuning: every layer trains on the cross-entropy of the new task with the chosen ' +
    'optimiser, θ ← θ − lr·∇L(θ). Nothing keeps the weights near the pre-trained θ0.',
  create: (ctx) => ({
    trainable: ctx.model.params,
    afterStep: () => undefined,
    afterTraining: () => undefined,
    radiusView: () => null,
    dispose: () => undefined,
  }),
};
