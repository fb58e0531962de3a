/**
 * Vanilla fine-tuning (../shared/METHODS.md §4): every tensor trains on cross-entropy, no hook.
 */
import { singlePhase, type MethodDefinition } from './method';

export const fullFt: MethodDefinition = {
  id: 'full-ft',
  create: (ctx) => ({
    phases: singlePhase(ctx),
    afterStep: () => undefined,
    afterTraining: () => undefined,
    radiusView: () => null,
    dispose: () => undefined,
  }),
};
