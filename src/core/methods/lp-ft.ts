/**
 * LP-FT (../shared/METHODS.md §4; Kumar et al., ICLR 2022): a linear probe for the first share of
 * the steps (backbone frozen, inference mode, its own lr), then full fine-tuning from the probed head
 * at a scaled optimiser lr (smaller, as LP-FT is usually run: the design's SGD lr 0.01 diverges there),
 * with a fresh optimiser state and its own schedule.
 */
import { singlePhase, type MethodDefinition, type Phase } from './method';

export const lpFt: MethodDefinition = {
  id: 'lp-ft',
  create: (ctx) => {
    const { model, config } = ctx;
    const probeSteps = Math.min(config.steps, Math.max(1, Math.round(config.lpFt.lpFraction * config.steps)));
    const [probe] = singlePhase(
      ctx,
      model.params.filter((p) => p.isHead),
      'inference',
    );
    const [fineTune] = singlePhase(ctx);
    const phases: Phase[] = [
      { ...probe, name: 'probe', steps: probeSteps, lr: config.lpFt.lpLr },
      { ...fineTune, steps: config.steps - probeSteps, lr: fineTune.lr * config.lpFt.ftLrScale },
    ];
    return {
      phases,
      afterStep: () => undefined,
      afterTraining: () => undefined,
      radiusView: () => null,
      dispose: () => undefined,
    };
  },
};
