/**
 * SGD with (Nesterov) momentum and coupled weight decay, exactly as torch.optim.SGD (dampening 0):
 *   g ← g + λθ;  b ← μb + g;  g ← g + μb (Nesterov) or b;  θ ← θ − lr·g
 */
import * as tf from '@tensorflow/tfjs';

import type { SgdConfig } from '../spec/config';
import type { StateReader, StateWriter } from '../train/run-state';
import type { Optimizer } from './optimizer';

export class Sgd implements Optimizer {
  private readonly buffers: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    private readonly config: Omit<SgdConfig, 'kind' | 'lr'>,
    /** Weight decay per variable (methods set 0 where they regularise otherwise); `config.weightDecay` by default. */
    private readonly decays: readonly number[] = variables.map(() => config.weightDecay),
  ) {
    if (decays.length !== variables.length) throw new Error('one weight decay per variable');
    // tidy frees the zeros tensor; the variable keeps its own reference to the data
    this.buffers = variables.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  }

  step(grads: readonly tf.Tensor[], lr: number): void {
    const { momentum, nesterov } = this.config;
    tf.tidy(() => {
      this.variables.forEach((theta, i) => {
        let g = grads[i];
        const weightDecay = this.decays[i];
        if (weightDecay !== 0) g = tf.add(g, tf.mul(weightDecay, theta));
        if (momentum !== 0) {
          const b = tf.add(tf.mul(momentum, this.buffers[i]), g);
          this.buffers[i].assign(b);
          g = nesterov ? tf.add(g, tf.mul(momentum, b)) : b;
        }
        theta.assign(tf.sub(theta, tf.mul(lr, g)));
      });
    });
  }

  saveState(w: StateWriter): void {
    this.buffers.forEach((b, i) => w.tensor(`momentum/${i}`, b));
  }

  loadState(r: StateReader): void {
    this.buffers.forEach((b, i) => r.assign(`momentum/${i}`, b));
  }

  dispose(): void {
    for (const b of this.buffers) b.dispose();
  }
}
