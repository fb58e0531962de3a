/**
 * Post-hoc TPGM (official ImageNet recipe, ../shared/METHODS.md §1): fine-tune normally, then run
 * `steps` radius updates with the L2 norm and nothing excluded, then project once. Initialised at
 * γ = min(n)/2 = ‖d‖/2, it starts as WiSE-FT at α = 0.5 and learns one α per layer.
 */
import { Tpgm } from '../tpgm/tpgm';
import type { MethodDefinition } from './method';

export const tpgmPostHoc: MethodDefinition = {
  id: 'tpgm-posthoc',
  label: 'TPGM (post-hoc)',
  description:
    'Fine-tune normally, then learn one radius per layer on the validation split (L2 norm, every ' +
    'tensor, head included) and project once: θ = θ0 + min(1, γ/‖θ−θ0‖)·(θ−θ0). It starts at the ' +
    'half-way point between θ0 and the fine-tuned weights, a learned per-layer WiSE-FT.',
  create: (ctx) => {
    const { model, config } = ctx;
    const { tpgmPostHoc: p } = config;
    const projector = new Tpgm(model, model.projectedParams({ excludeHead: false, excluded: [] }), {
      norm: 'l2',
      mars1d: 'vector',
      radiusLr: p.radiusLr,
    });
    return {
      trainable: model.params,
      afterStep: () => undefined,
      afterTraining: () => projector.updateRadiiAndProject(p.steps, () => ctx.nextValBatch(p.valBatchSize)),
      radiusView: () =>
        projector.isInitialized
          ? { params: projector.params, radii: projector.radii, meanRatios: projector.meanRatios, norm: projector.spec }
          : null,
      dispose: () => projector.dispose(),
    };
  },
};
