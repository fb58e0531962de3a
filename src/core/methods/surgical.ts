/**
 * Surgical / partial fine-tuning (../shared/METHODS.md §4; Lee et al., ICLR 2023): only the chosen
 * blocks and the new head train; every other tensor stays at θ0. Blocks come from the layer names
 * (TunableModel.blocks); 'first' and 'last' pick the ends.
 */
import { singlePhase, type MethodDefinition } from './method';

export const surgical: MethodDefinition = {
  id: 'surgical',
  create: (ctx) => {
    const { model, config } = ctx;
    const chosen = new Set(model.blockParams(config.surgical.blocks));
    return {
      phases: singlePhase(
        ctx,
        model.params.filter((p) => p.isHead || chosen.has(p)),
      ),
      afterStep: () => undefined,
      afterTraining: () => undefined,
      radiusView: () => null,
      dispose: () => undefined,
    };
  },
};
