/**
 * `npm run bench:kernels [-- --out docs/results/kernels.json]`
 * Kernels per training step of every method (issue #16), counted by tfjs's profiler on the CPU backend
 * in Node: cnn-small (the default model's architecture; the count does not depend on the weights or
 * the images), batch 32, the B1 recipe's settings (TPGM: a radius update and a projection every step on
 * a validation batch of 4). Each method's count is of its 7th step, after optimiser slots, LP-FT's
 * phase change and first-step caches have settled. On a GPU, dispatches bound a model this small, so
 * this is the proxy for WebGPU step time that a machine without one can measure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import * as tf from '@tensorflow/tfjs';

import { buildArchitecture } from '../src/core/model/architectures';
import { TunableModel } from '../src/core/model/tunable-model';
import { createRng } from '../src/core/rng';
import { METHOD_IDS, type MethodId } from '../src/core/spec/config';
import { METHOD_INFO } from '../src/core/spec/method-catalog';
import { kernelsOfStep, type KernelCount } from '../src/core/train/kernel-count';
import { benchConfig, withBenchTrainer } from './lib/bench-trainer';

const STEPS = 8;
const SKIP = 6;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
}

async function countMethod(method: MethodId): Promise<KernelCount> {
  const model = new TunableModel(
    buildArchitecture('cnn-small', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(0)),
  );
  try {
    return await withBenchTrainer(model, benchConfig(method, STEPS), (trainer) => kernelsOfStep(trainer, SKIP));
  } finally {
    model.dispose();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = option(args, '--out', 'docs/results/kernels.json');
  await tf.setBackend('cpu');
  const rows: { method: MethodId; kernels: number; dispatches: number; top: [string, number][] }[] = [];
  for (const method of METHOD_IDS) {
    const c = await countMethod(method);
    rows.push({ method, kernels: c.kernels, dispatches: c.dispatches, top: c.byName.slice(0, 6) });
    console.log(`${method}: ${c.dispatches} dispatches (${c.kernels} kernel calls)`);
  }
  const ft = rows.find((r) => r.method === 'full-ft')!;
  const table = [
    '| method | kernels that compute | × FT | all kernel calls | most called |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${METHOD_INFO[r.method].label} | ${r.dispatches} | ${(r.dispatches / ft.dispatches).toFixed(2)} | ${r.kernels} | ` +
        `${r.top.map(([n, k]) => `${n} ${k}`).join(', ')} |`,
    ),
  ].join('\n');
  mkdirSync(dirname(out), { recursive: true });
  const report = {
    format: 'tpgm-kernels/1',
    date: new Date().toISOString(),
    command: `npm run bench:kernels -- ${args.join(' ')}`.trim(),
    setup: `cnn-small, batch 32, B1 recipe, step ${SKIP + 1} of ${STEPS}, tfjs CPU backend in Node`,
    rows,
  };
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(out.replace(/\.json$/, '.md'), `${table}\n`);
  console.log(`\n${table}\nwrote ${out}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
