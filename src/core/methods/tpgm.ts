/**
 * TPGM as a fine-tuning method (../shared/METHODS.md §1): after every optimiser step, if
 * step % projFreq == 0 run `updateRadii` maxIters times on validation batches, then `projectWeights`;
 * otherwise `projectWeights` only. Always from the unprojected θ̃ of this step.
 */
import type { Batch } from '../data/labelled-set';
import { Tpgm, type Deviation } from '../tpgm/tpgm';
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
    const nextBatch = (): Batch => ctx.nextValBatch(t.valBatchSize);
    // the last step's unprojected deviation θ̃ − θ0, kept so that a radius step of its own (paused
    // "Radius step") is one more inner iteration of that step, as maxIters + 1 would have been
    let last: Deviation | null = null;
    return {
      phases: singlePhase(ctx),
      afterStep: ({ step }) => {
        last?.dispose();
        last = projector.measureDeviation();
        if (step % t.projFreq === 0) projector.updateRadiiAndProject(t.maxIters, nextBatch, last);
        else projector.projectWeights(last);
      },
      radiusStep: () => {
        last ??= projector.measureDeviation();
        projector.updateRadiiAndProject(1, nextBatch, last);
      },
      afterTraining: () => undefined,
      // `last` is measured afresh after every step, so the projector is all there is to keep
      saveState: (w) => projector.saveState(w),
      loadState: (r) => projector.loadState(r),
      radiusView: () => ({
        params: projector.params,
        radii: projector.gamma,
        meanRatios: projector.meanRatios,
        wanted: () => last?.wanted() ?? null,
        norm: projector.spec,
      }),
      dispose: () => {
        last?.dispose();
        projector.dispose();
      },
    };
  },
};
