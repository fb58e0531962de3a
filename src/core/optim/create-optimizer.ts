/** The optimiser a config names (SGD or Adam), over a fixed list of variables. */
import type * as tf from '@tensorflow/tfjs';

import type { OptimizerConfig } from '../spec/config';
import { Adam } from './adam';
import type { Optimizer } from './optimizer';
import { Sgd } from './sgd';

/** `weightDecay[i]` overrides the config's decay for `variables[i]`. */
export function createOptimizer(
  config: OptimizerConfig,
  variables: readonly tf.Variable[],
  weightDecay?: readonly number[],
): Optimizer {
  switch (config.kind) {
    case 'sgd':
      return new Sgd(variables, config, weightDecay);
    case 'adam':
      return new Adam(variables, config, weightDecay);
  }
}
