/**
 * FTP, Fast Trainable Projection (../shared/METHODS.md §2; Tian et al., NeurIPS 2023): TPGM's radii
 * without validation data or an inner loop. The training gradient at θ_t is the hyper-gradient of the
 * previous step's projection, so each radius takes one Adam step per training step (MARS norm):
 *   c_t = θ̃_t − θ0;  n_t = rowL1(c_t) + 1e-8
 *   t = 1: γ = 1e-8;  t > 1: gγ = Σ ∇L(θ_t) ⊙ c_{t−1}/n_{t−1} (×k if > 0), γ ← Adam(γ, gγ; t)
 *   γ ← clamp(γ, 1e-8, max n_t);  θ = θ0 + clamp(γ/n_t, 0, 1) ⊙ c_t
 */
import * as tf from '@tensorflow/tfjs';

import { ScalarAdam } from '../optim/scalar-adam';
import { RADIUS_ADAM } from '../spec/config';
import { deviationNorm, type NormSpec } from '../tpgm/norms';
import { clampRadius, CLIP_MIN, EPS_NORM, project, wantedDrifts } from '../tpgm/projection';
import { singlePhase, type MethodDefinition } from './method';

export const ftp: MethodDefinition = {
  id: 'ftp',
  create: (ctx) => {
    const { model, config } = ctx;
    const { radiusLr, k } = config.ftp;
    const spec: NormSpec = { norm: 'mars', mars1d: config.tpgm.mars1d };
    const params = model.projectedParams(config.tpgm.scope);
    const phases = singlePhase(ctx);
    const gradIndex = params.map((p) => phases[0].trainable.indexOf(p));
    const radii = params.map(() => tf.tidy(() => tf.variable(tf.scalar(CLIP_MIN), false)));
    const adam = new ScalarAdam(radii, RADIUS_ADAM);
    // c_{t−1} and n_{t−1}, kept from the previous step
    let previous: { c: tf.Tensor[]; n: tf.Tensor[] } | null = null;
    let meanRatios: tf.Tensor1D | null = null;

    return {
      phases,
      afterStep: ({ step, grads }) => {
        const c = params.map((p) => tf.tidy(() => tf.sub(p.variable, p.anchor)));
        const n = c.map((ci) => tf.tidy(() => tf.add(deviationNorm(ci, spec), EPS_NORM)));
        if (previous) {
          const prev = previous;
          const hyperGrads = tf.tidy(() =>
            params.map((_, i) => {
              const g = tf.sum(tf.div(tf.mul(grads[gradIndex[i]], prev.c[i]), prev.n[i]));
              return tf.where(tf.greater(g, 0), tf.mul(g, k), g) as tf.Scalar;
            }),
          );
          adam.stepAt(hyperGrads, radiusLr, step + 1);
          tf.dispose(hyperGrads);
          tf.dispose([...prev.c, ...prev.n]);
        }
        const means = tf.tidy(() =>
          tf.stack(
            params.map((p, i) => {
              radii[i].assign(clampRadius(radii[i], tf.max(n[i])));
              // n_t already holds the + 1e-8, so the ratio is γ / n_t (projectionRatio would add it again)
              const r = tf.clipByValue(tf.div(radii[i], n[i]), 0, 1);
              p.variable.assign(project(p.anchor, c[i], r));
              return tf.mean(r);
            }),
          ),
        ) as tf.Tensor1D;
        meanRatios?.dispose();
        meanRatios = means;
        previous = { c, n };
      },
      afterTraining: () => undefined,
      // γ, their optimiser, and c_{t−1}, n_{t−1}: the next step's hypergradient needs them
      saveState: (w) => {
        radii.forEach((r, i) => w.tensor(`radius/${i}`, r));
        adam.saveState(w.within('adam'));
        w.numbers('hasPrevious', [previous ? 1 : 0]);
        previous?.c.forEach((c, i) => w.tensor(`c/${i}`, c));
        previous?.n.forEach((n, i) => w.tensor(`n/${i}`, n));
      },
      loadState: (r) => {
        radii.forEach((radius, i) => r.assign(`radius/${i}`, radius));
        adam.loadState(r.within('adam'));
        if (previous) tf.dispose([...previous.c, ...previous.n]);
        previous =
          r.number('hasPrevious') === 1
            ? {
                c: params.map((p, i) => r.tensor(`c/${i}`, p.variable)),
                n: params.map((p, i) => {
                  // n has the shape deviationNorm gives this tensor (per unit, or a scalar)
                  const like = tf.tidy(() => deviationNorm(p.anchor, spec));
                  try {
                    return r.tensor(`n/${i}`, like);
                  } finally {
                    like.dispose();
                  }
                }),
              }
            : null;
      },
      radiusView: () => ({
        params,
        radii,
        meanRatios,
        // c_t and n_t of the last step are what it projected from (n_t holds the + 1e-8; reported without)
        wanted: () => {
          const prev = previous;
          return prev
            ? tf.tidy(() =>
                wantedDrifts(
                  prev.c,
                  prev.n.map((n) => tf.sub(tf.max(n), EPS_NORM)),
                ),
              )
            : null;
        },
        norm: spec,
      }),
      dispose: () => {
        adam.dispose();
        tf.dispose([
          ...radii,
          ...(previous ? [...previous.c, ...previous.n] : []),
          ...(meanRatios ? [meanRatios] : []),
        ]);
      },
    };
  },
};
