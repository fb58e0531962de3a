/**
 * Post-hoc TPGM (official ImageNet recipe, ../shared/METHODS.md §1): fine-tune normally, then run
 * `steps` radius updates with the L2 norm and nothing excluded, then project once. Initialised at
 * γ = min(n)/2 = ‖d‖/2, it starts as WiSE-FT at α = 0.5 and learns one α per layer.
 */
import * as tf from '@tensorflow/tfjs';

import { Tpgm } from '../tpgm/tpgm';
import { singlePhase, type MethodDefinition } from './method';

export const tpgmPostHoc: MethodDefinition = {
  id: 'tpgm-posthoc',
  create: (ctx) => {
    const { model, config } = ctx;
    const { tpgmPostHoc: p } = config;
    const projector = new Tpgm(model, model.projectedParams({ excludeHead: false, excluded: [] }), {
      norm: 'l2',
      mars1d: 'vector',
      radiusLr: p.radiusLr,
    });
    // the drift the fine-tuned θ̃ it projects from wanted ([2P], Deviation.wanted), kept for the statistics
    let wanted: tf.Tensor1D | null = null;
    return {
      phases: singlePhase(ctx),
      afterStep: () => undefined,
      afterTraining: () => {
        const tuned = projector.measureDeviation();
        wanted?.dispose();
        wanted = tuned.wanted();
        projector.updateRadiiAndProject(p.steps, () => ctx.nextValBatch(p.valBatchSize), tuned);
        tuned.dispose();
      },
      radiusView: () =>
        projector.isInitialized
          ? {
              params: projector.params,
              radii: projector.gamma,
              meanRatios: projector.meanRatios,
              wanted: () => (wanted ? tf.clone(wanted) : null),
              norm: projector.spec,
            }
          : null,
      dispose: () => {
        wanted?.dispose();
        projector.dispose();
      },
    };
  },
};
