/**
 * MARS-SP (../shared/METHODS.md §4; Gouk et al., ICLR 2021): projected gradient descent with the MARS
 * norm and fixed radii, TPGM with γ frozen. Each tensor's radius is a share ρ of its own pre-trained
 * norm, γ = ρ·‖θ0‖_mars (max over output units of the row L1 norm), so one ρ fits every layer:
 *   θ ← θ0 + clamp(γ / (n + 1e-8), 0, 1) ⊙ (θ − θ0)
 * γ is never clamped or learned (a tensor whose θ0 is zero keeps γ = 0 and stays at θ0).
 */
import * as tf from '@tensorflow/tfjs';

import { deviationNorm, type NormSpec } from '../tpgm/norms';
import { project, projectionRatio, ratioDivisor, wantedDrifts } from '../tpgm/projection';
import { singlePhase, type MethodDefinition } from './method';

export const marsSp: MethodDefinition = {
  id: 'mars-sp',
  create: (ctx) => {
    const { model, config } = ctx;
    const spec: NormSpec = { norm: 'mars', mars1d: config.tpgm.mars1d };
    const params = model.projectedParams(config.tpgm.scope);
    // γ = ρ·max_units ‖θ0‖ per tensor: fixed for the run
    const radii = params.map((p) =>
      tf.tidy(() => tf.mul(config.marsSp.relativeRadius, tf.max(deviationNorm(p.anchor, spec))) as tf.Scalar),
    );
    let meanRatios: tf.Tensor1D | null = null;
    // d = θ̃ − θ0 of the last projection, kept for the drift it wanted
    let lastD: tf.Tensor[] = [];
    return {
      phases: singlePhase(ctx),
      afterStep: () => {
        tf.dispose(lastD);
        lastD = params.map((p) => tf.tidy(() => tf.sub(p.variable, p.anchor)));
        const means = tf.tidy(() =>
          tf.stack(
            params.map((p, i) => {
              const r = projectionRatio(radii[i], ratioDivisor(deviationNorm(lastD[i], spec)));
              p.variable.assign(project(p.anchor, lastD[i], r));
              return tf.mean(r);
            }),
          ),
        ) as tf.Tensor1D;
        meanRatios?.dispose();
        meanRatios = means;
      },
      afterTraining: () => undefined,
      radiusView: () => ({
        params,
        radii,
        meanRatios,
        wanted: () =>
          lastD.length > 0
            ? tf.tidy(() =>
                wantedDrifts(
                  lastD,
                  lastD.map((d) => tf.max(deviationNorm(d, spec))),
                ),
              )
            : null,
        norm: spec,
      }),
      dispose: () => tf.dispose([...radii, ...lastD, ...(meanRatios ? [meanRatios] : [])]),
    };
  },
};
