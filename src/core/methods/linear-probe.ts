/**
 * Linear probing (../shared/METHODS.md §4; Kumar et al., ICLR 2022): only the new head trains, the
 * backbone stays θ0 and runs in inference mode (BatchNorm uses, and keeps, its moving statistics):
 *   θ_head ← θ_head − lr·∇_head L(θ0_backbone, θ_head).
 * Fast, and it keeps the pre-trained features — and so their robustness — exactly.
 */
import type { MethodDefinition } from './method';

export const linearProbe: MethodDefinition = {
  id: 'lp',
  label: 'Linear probe (LP)',
  description:
    'Linear probing: the backbone is frozen at θ0 (BatchNorm in inference mode) and only the new head ' +
    'trains, θ_head ← θ_head − lr·∇_head L. The features, and their robustness, are exactly the pre-trained ones.',
  create: (ctx) => ({
    trainable: ctx.model.params.filter((p) => p.isHead),
    forwardMode: 'inference',
    afterStep: () => undefined,
    afterTraining: () => undefined,
    radiusView: () => null,
    dispose: () => undefined,
  }),
};
