/**
 * TPGM as a fine-tuning method (../shared/METHODS.md §1): after every optimiser step, if
 * step % projFreq == 0 run `updateRadii` maxIters times on validation batches, then `projectWeights`;
 * otherwise `projectWeights` only. Always from the unprojected θ̃ of this step.
 */
import { Tpgm } from '../tpgm/tpgm';
import { singlePhase, type MethodDefinition } from './method';

export const tpgm: MethodDefinition = {
  id: 'tpgm',
  create: (ctx) => {
    const { model, config } = ctx;
    const { tpgm: t } = config;
    const projector = new Tpgm(model, model.projectedParams(t.scope), {
      norm: t.norm,
      mars1d: t.mars1d,
      radiusLr: t.radiusLr,
    });
    return {
      phases: singlePhase(ctx),
      afterStep: ({ step }) => {
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
      radiusStep: () => projector.updateRadiiAndProject(1, () => ctx.nextValBatch(t.valBatchSize)),
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
