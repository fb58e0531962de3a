/**
 * TPGM as a fine-tuning method (../shared/METHODS.md §1): after every optimiser step, if
 * step % projFreq == 0 run `updateRadii` maxIters times on validation batches, then `projectWeights`;
 * otherwise `projectWeights` only. Always from the unprojected θ̃ of this step.
 */
import { Tpgm } from '../tpgm/tpgm';
import type { MethodDefinition } from './method';

export const tpgm: MethodDefinition = {
  id: 'tpgm',
  label: 'TPGM',
  description:
    'Trainable Projected Gradient Method (Tian et al., CVPR 2023): each layer gets a radius γ, the ' +
    'allowed distance from the pre-trained weights. After each step the weights are projected back, ' +
    'θ ← θ0 + min(1, γ/‖θ−θ0‖)·(θ−θ0), and γ is learned by Adam on the validation loss of the ' +
    'projected model (a bi-level problem).',
  create: (ctx) => {
    const { model, config } = ctx;
    const { tpgm: t } = config;
    const projector = new Tpgm(model, model.projectedParams(t.scope), {
      norm: t.norm,
      mars1d: t.mars1d,
      radiusLr: t.radiusLr,
    });
    return {
      trainable: model.params,
      afterStep: (step) => {
        if (step % t.projFreq === 0) {
          projector.updateRadiiAndProject(t.maxIters, () => ctx.nextValBatch(t.valBatchSize));
        } else {
          const dev = projector.measureDeviation();
          try {
            projector.projectWeights(dev);
          } finally {
            dev.dispose();
          }
        }
      },
      afterTraining: () => undefined,
      radiusView: () => ({
        params: projector.params,
        radii: projector.radii,
        meanRatios: projector.meanRatios,
        norm: projector.spec,
      }),
      dispose: () => projector.dispose(),
    };
  },
};
