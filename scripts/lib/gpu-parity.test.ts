import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { TunableModel } from '../../src/core/model/tunable-model';
import { DEFAULT_CONFIG, DEFAULT_TPGM, type TrainConfig } from '../../src/core/spec/config';
import { Trainer } from '../../src/core/train/trainer';
import { makeBars, tinyConvNet } from '../../src/testing/synthetic';
import { timedSteps } from './bench-trainer';
import { benchExitCode, compareLosses, parityLine, PARITY_TOLERANCE, verdictLine, type Parity } from './gpu-parity';

const losses = [2.31, 2.2, 1.9, 1.75, 1.6];

describe('compareLosses: a backend’s losses against the CPU backend’s', () => {
  it('passes the same sequence, with its largest gap', () => {
    const p = compareLosses(losses, losses);
    expect(p).toMatchObject({ pass: true, steps: 5, worstGap: 0, problem: null });
    expect(parityLine('webgpu · FT', p)).toMatch(/^PASS webgpu · FT: 5 losses within 0\.1 % \+ 0\.0001 nats/);
  });

  it('passes float32 rounding and fails a gap beyond the tolerance, naming the first step that breaks it', () => {
    const rounded = losses.map((l) => l * (1 + 1e-5));
    expect(compareLosses(rounded, losses).pass).toBe(true);
    const moved = [...losses];
    moved[2] *= 1.01; // 1 %: a wrong kernel, not rounding
    moved[4] *= 1.02;
    const p = compareLosses(moved, losses);
    expect(p.pass).toBe(false);
    expect(p.worstStep).toBe(4);
    expect(p.problem).toMatch(/^step 3's loss 1\.91900 is 1\.90e-2 from the CPU backend's 1\.90000/);
    expect(parityLine('wasm · TPGM', p)).toMatch(/^FAIL wasm · TPGM: step 3's loss/);
  });

  it('allows the absolute part plus the relative part of each loss, and no more', () => {
    const { rel, abs } = PARITY_TOLERANCE;
    const at = (e: number, gap: number) => compareLosses([e + gap], [e]).pass;
    expect(at(10, abs + rel * 10 - 1e-9)).toBe(true);
    expect(at(10, abs + rel * 10 + 1e-6)).toBe(false);
    expect(at(0.01, 2e-4)).toBe(false); // the gap that passes at a loss of 10 is 2 % of a loss of 0.01
    expect(at(10, 2e-4)).toBe(true);
    expect(compareLosses([1.5], [1], { rel: 0.6, abs: 0 }).pass).toBe(true);
  });

  it('fails different lengths, no losses and a loss that is not finite', () => {
    expect(compareLosses(losses.slice(0, 4), losses).problem).toMatch(/4 losses against the CPU backend's 5/);
    expect(compareLosses([], []).problem).toBe('no losses to compare');
    for (const bad of [Number.NaN, Infinity]) {
      const p = compareLosses([2.31, bad, 1.9], [2.31, 2.2, 1.9]);
      expect(p.pass).toBe(false);
      expect(p.worstStep).toBe(1);
      expect(p.problem).toMatch(/^step 2's loss is (NaN|Infinity), the CPU backend's 2\.20000: not a finite number/);
    }
    expect(compareLosses([2.31], [Number.NaN]).pass).toBe(false);
  });
});

describe('the verdict and the exit code', () => {
  const pass = compareLosses(losses, losses);
  const fail = compareLosses([9], [1]);
  const outcome = (gpuMeasured: boolean, parities: Parity[]) => ({ gpuMeasured, parities });

  it('passes when every run passes, and says when WebGPU was not measured', () => {
    expect(verdictLine(outcome(true, [pass, pass]))).toBe('parity: PASS (2 of 2 runs within tolerance)');
    expect(verdictLine(outcome(false, [pass]))).toBe(
      'parity: PASS (1 of 1 runs within tolerance; WebGPU not measured: no adapter)',
    );
    expect(verdictLine(outcome(true, [pass, fail]))).toBe('parity: FAIL (1 of 2 runs within tolerance)');
    expect(verdictLine(outcome(true, []))).toMatch(/^parity: FAIL/);
  });

  it('exits 0 on a GPU machine that passes, 2 without an adapter, 1 on any failure or no check at all', () => {
    expect(benchExitCode(outcome(true, [pass, pass]))).toBe(0);
    expect(benchExitCode(outcome(false, [pass, pass]))).toBe(2);
    expect(benchExitCode(outcome(true, [pass, fail]))).toBe(1);
    expect(benchExitCode(outcome(false, [fail]))).toBe(1);
    expect(benchExitCode(outcome(true, []))).toBe(1);
  });
});

describe('with the CPU backend standing in for the GPU backend: real Trainer steps', () => {
  const STEPS = 6;
  const config = (seed: number): TrainConfig => ({
    ...DEFAULT_CONFIG,
    method: 'tpgm',
    seed,
    batchSize: 16,
    steps: STEPS,
    tpgm: { ...DEFAULT_TPGM, valBatchSize: 16 },
  });

  /** The first losses of a TPGM run on a tiny network, taken as bench:gpu takes them. */
  async function lossesOf(seed: number): Promise<number[]> {
    const train = makeBars(64, 300, 0.25);
    const val = makeBars(32, 301, 0.25);
    const model = new TunableModel(tinyConvNet(3, 4));
    const trainer = new Trainer({ model, config: config(seed), train, val });
    try {
      return (await timedSteps(trainer, STEPS)).losses;
    } finally {
      trainer.dispose();
      model.dispose();
      tf.dispose([train.x, train.y, val.x, val.y]);
    }
  }

  it('two runs of the same seed PASS; another seed’s run and a loss moved by 1 % FAIL', async () => {
    expect(tf.getBackend()).toBe('cpu');
    const reference = await lossesOf(0);
    const again = await lossesOf(0);
    expect(reference).toHaveLength(STEPS);
    expect(compareLosses(again, reference)).toMatchObject({ pass: true, steps: STEPS });

    const otherBatches = compareLosses(await lossesOf(1), reference);
    expect(otherBatches.pass).toBe(false);
    expect(otherBatches.problem).toMatch(/^step \d's loss/);

    const perturbed = [...again];
    perturbed[STEPS - 1] *= 1.01;
    const p = compareLosses(perturbed, reference);
    expect(p.pass).toBe(false);
    expect(p.worstStep).toBe(STEPS - 1);
    expect(verdictLine({ gpuMeasured: false, parities: [p] })).toMatch(/^parity: FAIL \(0 of 1 runs/);
  });
});
