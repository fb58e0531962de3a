/**
 * WiSE-FT (../shared/METHODS.md §4; Wortsman et al., CVPR 2022): fine-tune normally, then mix the
 * weights, θ = (1 − α)·θ0 + α·θ_ft, for every tensor — or, with `keepHead` (the app's default), for every
 * tensor but the new head, whose θ0 is only its random start. BatchNorm's moving statistics are mixed
 * with the same α. `sweep()` evaluates α from 0 to 1.
 */
import * as tf from '@tensorflow/tfjs';

import type { Param } from '../model/tunable-model';
import { singlePhase, type MethodDefinition } from './method';

/** θ = (1 − α)·θ0 + α·θ_ft for each of `params`; α = 0 and 1 give θ0 and θ_ft exactly. */
export function interpolate(params: readonly Param[], fineTuned: readonly tf.Tensor[], alpha: number): void {
  tf.tidy(() =>
    params.forEach((p, i) => p.variable.assign(tf.add(tf.mul(1 - alpha, p.anchor), tf.mul(alpha, fineTuned[i])))),
  );
}

/** α from 0 to 1 in steps of 0.1. */
export const WISE_ALPHAS: readonly number[] = Array.from({ length: 11 }, (_, i) => i / 10);

export const wiseFt: MethodDefinition = {
  id: 'wise-ft',
  create: (ctx) => {
    const { model, config } = ctx;
    const { alpha, keepHead } = config.wiseFt;
    const mixed = model.params.filter((p) => !(keepHead && p.isHead));
    // BatchNorm's moving statistics moved with the weights (training mode): mix them with the same α,
    // from their pre-trained values, so that α = 0 is the pre-trained network in full
    const stats = model.model.layers.flatMap((l) => l.nonTrainableWeights);
    const statAnchors = stats.map((w) => tf.keep(w.read().clone()));
    let fineTuned: tf.Tensor[] | null = null;
    let fineTunedStats: tf.Tensor[] | null = null;
    const mix = (a: number): void => {
      if (!fineTuned || !fineTunedStats) throw new Error('WiSE-FT mixes weights only after training');
      interpolate(mixed, fineTuned, a);
      const ft = fineTunedStats;
      tf.tidy(() => stats.forEach((w, i) => w.write(tf.add(tf.mul(1 - a, statAnchors[i]), tf.mul(a, ft[i])))));
    };
    return {
      phases: singlePhase(ctx),
      afterStep: () => undefined,
      afterTraining: () => {
        fineTuned = mixed.map((p) => tf.keep(p.variable.clone()));
        fineTunedStats = stats.map((w) => tf.keep(w.read().clone()));
        mix(alpha);
      },
      radiusView: () => null,
      sweep: () => ({ label: 'α', values: WISE_ALPHAS, apply: mix, restore: () => mix(alpha) }),
      dispose: () => tf.dispose([...(fineTuned ?? []), ...(fineTunedStats ?? []), ...statAnchors]),
    };
  },
};
