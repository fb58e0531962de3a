/**
 * Linear probing (../shared/METHODS.md §4; Kumar et al., ICLR 2022): only the new head trains, the
 * backbone stays θ0 and runs in inference mode (BatchNorm uses, and keeps, its moving statistics):
 *   θ_head ← θ_head − lr·∇_head L(θ0_backbone, θ_head).
 * Fast, and it keeps the pre-trained features — and so their robustness — exactly.
 */
import { singlePhase, type MethodDefinition } from './method';

export const linearProbe: MethodDefinition = {
  id: 'lp',
  create: (ctx) => ({
    phases: singlePhase(
      ctx,
      ctx.model.params.filter((p) => p.isHead),
      'inference',
    ),
    afterStep: () => undefined,
    afterTraining: () => undefined,
    radiusView: () => null,
    dispose: () => undefined,
  }),
};
