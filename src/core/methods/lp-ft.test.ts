import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { ceGrads, maxAbsDiff, plainConfig, tinyDenseNet, weightsOf } from '../../testing/method-harness';
import { makeBars } from '../../testing/synthetic';
import { TunableModel } from '../model/tunable-model';
import { Trainer } from '../train/trainer';

describe('LP-FT', () => {
  it('probes the head at its own lr, then fine-tunes everything at the scaled optimiser lr from a fresh state', () => {
    const data = makeBars(16, 1);
    const model = new TunableModel(tinyDenseNet(1));
    const backbone = model.params.filter((p) => !p.isHead);
    const head = model.params.filter((p) => p.isHead);
    // momentum, so a carried-over optimiser state would show in the first fine-tuning step
    const config = plainConfig('lp-ft', 6, 16, {
      lpFt: { lpFraction: 0.5, lpLr: 0.2, ftLrScale: 0.5 },
      optimizer: { kind: 'sgd', lr: 0.05, momentum: 0.9, nesterov: false, weightDecay: 0 },
    });
    const trainer = new Trainer({ model, train: data, val: data, config });
    expect(trainer.method.phases.map((p) => [p.name, p.steps, p.lr])).toEqual([
      ['probe', 3, 0.2],
      ['fine-tune', 3, 0.025],
    ]);
    const backbone0 = weightsOf(backbone);
    // first probe step: head ← head − 0.2·∇_head CE (inference mode), backbone untouched
    const h0 = weightsOf(head);
    const gh = ceGrads(model, data, head, 'inference');
    let r = trainer.step();
    expect(r.phase).toBe('probe');
    r.loss.dispose();
    expect(
      maxAbsDiff(
        weightsOf(head),
        h0.map((w, i) => w.map((x, j) => x - 0.2 * gh[i][j])),
      ),
    ).toBeLessThan(1e-6);
    for (let i = 0; i < 2; i++) trainer.step().loss.dispose();
    expect(weightsOf(backbone)).toEqual(backbone0);
    // first fine-tuning step: a fresh momentum buffer, so θ ← θ − 0.5·0.05·g exactly
    const theta = weightsOf(model.params);
    const g = ceGrads(model, data, model.params);
    r = trainer.step();
    expect(r.phase).toBe('fine-tune');
    r.loss.dispose();
    expect(
      maxAbsDiff(
        weightsOf(model.params),
        theta.map((w, i) => w.map((x, j) => x - 0.025 * g[i][j])),
      ),
    ).toBeLessThan(1e-6);
    trainer.dispose();
    model.dispose();
    tf.dispose([data.x, data.y]);
  });
});
