/**
 * Kernels per training step of every method (issue #16), counted by tfjs's profiler on the WASM backend
 * in Node (with the app's own kernels; the count is op-level, the same on every backend up to the
 * backends' own fused kernels): cnn-small (the default model's architecture; the count depends on
 * neither the weights nor the images), batch 32, the B1 recipe (TPGM: a radius update and a projection
 * every step on a validation batch of 4). Each method's count is of its 7th step, after optimiser
 * slots, LP-FT's phase change and first-step caches have settled. Two more rows for TPGM: a sparser
 * schedule (a radius update every 10 steps on a validation batch of 32: the mean of 10 steps), and its
 * validation pass alone (forward and backward in inference mode on the validation batch), the part of
 * its step no bookkeeping can cut. On a GPU a model this small is bound by dispatches, not FLOPs, so
 * this is the proxy for WebGPU step time that a machine without one can measure.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';

import { crossEntropy } from '../../src/core/losses';
import { buildArchitecture } from '../../src/core/model/architectures';
import { TunableModel } from '../../src/core/model/tunable-model';
import { createRng } from '../../src/core/rng';
import { METHOD_IDS, type TrainConfig } from '../../src/core/spec/config';
import { METHOD_INFO } from '../../src/core/spec/method-catalog';
import { kernelsOf, kernelsOfStep, kernelsOfSteps, type KernelCount } from '../../src/core/train/kernel-count';
import type { Trainer } from '../../src/core/train/trainer';
import { registerWasmKernels } from '../../src/worker/wasm-kernels';
import { benchConfig, withBenchTrainer } from './bench-trainer';

const STEPS = 8;
const SKIP = 6;

export const KERNEL_SETUP = `cnn-small, batch 32, B1 recipe, step ${SKIP + 1} of ${STEPS}, tfjs WASM backend in Node`;

export interface KernelRow {
  /** A method id, or a TPGM variant ('tpgm-every-10', 'tpgm-validation-pass'). */
  id: string;
  label: string;
  kernels: number;
  dispatches: number;
  top: [string, number][];
}

/** The TPGM target of issue #16: at most this many times FT's kernels per step. */
export const KERNEL_TARGET = 1.3;

async function count(config: TrainConfig, how: (t: Trainer, m: TunableModel) => Promise<KernelCount>) {
  const model = new TunableModel(
    buildArchitecture('cnn-small', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(0)),
  );
  try {
    return await withBenchTrainer(model, config, (trainer) => how(trainer, model));
  } finally {
    model.dispose();
  }
}

/** TPGM's validation pass alone: L = CE(f(x_val; θ̂)) in inference mode and ∂L/∂θ̂ of the projected tensors. */
function validationPass(config: TrainConfig) {
  return async (_: Trainer, model: TunableModel): Promise<KernelCount> => {
    const vars = model.variables(model.projectedParams(config.tpgm.scope));
    const b = config.tpgm.valBatchSize;
    const x = tf.randomUniform([b, 28, 28, 1], 0, 1, 'float32', 3);
    const y = tf.tensor1d(
      Array.from({ length: b }, (_, i) => i % 10),
      'int32',
    );
    try {
      return await kernelsOf(() => {
        const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x, 'inference'), y), vars);
        tf.dispose([value, ...Object.values(grads)]);
      });
    } finally {
      tf.dispose([x, y]);
    }
  };
}

/** Counts every method, then the two TPGM rows; `log` hears each as it is done. */
export async function kernelTable(log: (line: string) => void = () => undefined): Promise<KernelRow[]> {
  registerWasmKernels();
  const previous = tf.getBackend();
  await tf.setBackend('wasm');
  const rows: KernelRow[] = [];
  const add = (id: string, label: string, c: KernelCount) => {
    rows.push({ id, label, kernels: c.kernels, dispatches: c.dispatches, top: c.byName.slice(0, 6) });
    log(`${label}: ${c.dispatches} kernels that compute (${c.kernels} kernel calls)`);
  };
  try {
    for (const method of METHOD_IDS) {
      add(method, METHOD_INFO[method].label, await count(benchConfig(method, STEPS), (t) => kernelsOfStep(t, SKIP)));
    }
    const tpgm = benchConfig('tpgm', 30);
    const sparse = { ...tpgm, tpgm: { ...tpgm.tpgm, projFreq: 10, valBatchSize: 32 } };
    const label = 'TPGM, a radius update every 10 steps on a validation batch of 32 (mean of 10 steps)';
    add('tpgm-every-10', label, await count(sparse, (t) => kernelsOfSteps(t, 11, 10)));
    const pass = 'TPGM’s validation pass alone (forward and backward, batch 4)';
    add('tpgm-validation-pass', pass, await count(tpgm, validationPass(tpgm)));
  } finally {
    if (previous) await tf.setBackend(previous);
  }
  return rows;
}

const byId = (rows: readonly KernelRow[], id: string): KernelRow => {
  const row = rows.find((r) => r.id === id);
  if (!row) throw new Error(`no kernel count for ${id}`);
  return row;
};

/** The table of kernels per step (markdown). */
export function kernelTableMarkdown(rows: readonly KernelRow[]): string {
  const ft = byId(rows, 'full-ft').dispatches;
  const n = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  return [
    '| run | kernels that compute | × FT | all kernel calls | most called |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${n(r.dispatches)} | ${(r.dispatches / ft).toFixed(2)} | ${n(r.kernels)} | ` +
        `${r.top.map(([name, k]) => `${name} ${n(k)}`).join(', ')} |`,
    ),
  ].join('\n');
}

/** The target's verdict, in words: TPGM at the app's schedule and at the sparser one, against FT. */
export function kernelVerdict(rows: readonly KernelRow[]): string {
  const ft = byId(rows, 'full-ft').dispatches;
  const ratio = (id: string) => byId(rows, id).dispatches / ft;
  const app = ratio('tpgm');
  const sparse = ratio('tpgm-every-10');
  const floor = 1 + ratio('tpgm-validation-pass');
  const verdict = (r: number) => (r <= KERNEL_TARGET ? 'met' : 'not met');
  return (
    `Target: TPGM ≤ ${KERNEL_TARGET} × FT's kernels per step. At the app's schedule (a radius update every ` +
    `step) ${app.toFixed(2)} × — ${verdict(app)}: its validation pass alone is ${(floor - 1).toFixed(2)} × FT's ` +
    `step, so no schedule that updates the radii every step can go below ${floor.toFixed(2)} ×; TPGM's own ` +
    `bookkeeping (deviation, norms, projection, radius gradient and Adam, over all tensors at once) is the ` +
    `remaining ${(app - floor).toFixed(2)} ×. With a radius update every 10 steps: ${sparse.toFixed(2)} × — ${verdict(sparse)}.`
  );
}
