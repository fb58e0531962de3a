/**
 * What the arithmetic allows (issue #16): a training step's multiply-adds, and the fastest step an
 * engine could take at the best rate it reaches on one thread. A step is
 *   forward + input gradient (every layer but the first) + weight gradient,
 * each the same multiply-adds per convolution or dense layer: MACs = out_h · out_w · out_c · k_h · k_w · in_c
 * per image (in · out for a dense layer); FLOPs = 2 · MACs. Pooling, ReLU, the loss and the optimiser
 * are left out (memory-bound, a few per cent of the FLOPs), so the floor is a lower bound.
 * The rate is measured, not taken from a data sheet: the engine's own matrix product and the model's
 * largest convolution, one thread, best of several repeats; the floor uses the faster of the two.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';

import { buildArchitecture } from '../../src/core/model/architectures';
import { createRng } from '../../src/core/rng';

import { ms, runTorchReference } from './bench-timing';

export interface StepFlops {
  /** FLOPs of the forward pass of one batch. */
  forward: number;
  /** FLOPs of a training step of one batch: forward, input gradients and weight gradients. */
  step: number;
}

interface Sized {
  macs: number;
  first: boolean;
}

/** Whether no layer with weights lies between `layer` and the model's input (its input gradient is not needed). */
function nothingToTrainUpstream(layer: tf.layers.Layer): boolean {
  const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
  return inbound.every((l) => l.trainableWeights.length === 0 && nothingToTrainUpstream(l));
}

/** The multiply-adds per image of each convolution and dense layer, and whether it is fed by the input alone. */
function layerMacs(model: tf.LayersModel): Sized[] {
  const out: Sized[] = [];
  for (const layer of model.layers) {
    const kind = layer.getClassName();
    if (kind !== 'Conv2D' && kind !== 'Dense') continue;
    const kernel = layer.getWeights()[0];
    const outShape = layer.outputShape as number[];
    const perPosition = tf.util.sizeFromShape(kernel.shape); // k_h · k_w · in_c · out_c, or in · out
    const positions = kind === 'Conv2D' ? outShape[1] * outShape[2] : 1;
    out.push({ macs: positions * perPosition, first: nothingToTrainUpstream(layer) });
  }
  return out;
}

export function stepFlops(model: tf.LayersModel, batch: number): StepFlops {
  const layers = layerMacs(model);
  const forward = 2 * batch * layers.reduce((s, l) => s + l.macs, 0);
  // the weight gradient of every layer; the input gradient of every layer that does not read the input
  const backward = 2 * batch * layers.reduce((s, l) => s + l.macs * (l.first ? 1 : 2), 0);
  return { forward, step: forward + backward };
}

/** One engine's best rates on one thread, in GFLOP/s. */
export interface EngineRate {
  engine: string;
  matmulGflops: number;
  convGflops: number;
}

/** The fastest step `rate` allows for `flops`, in ms. */
export const floorMs = (flops: number, rate: EngineRate): number =>
  flops / (Math.max(rate.matmulGflops, rate.convGflops) * 1e6);

/** The matrix product and the convolution every engine is timed on (the same shapes everywhere). */
export const RATE_SHAPES = {
  matmul: 512, // [512, 512] · [512, 512]
  conv: { x: [32, 7, 7, 64], filter: [3, 3, 64, 64] }, // cnn-small's conv4 at batch 32, 'same'
} as const;

/** Best of `repeats` timings of `f` (after one warm-up), in ms. */
function bestMs(f: () => void, repeats: number): number {
  f();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The current tfjs backend's rates (WASM in Node: one thread; the values are read back each time). */
export function tfjsRate(engine: string, repeats = 20): EngineRate {
  const n = RATE_SHAPES.matmul;
  const { x: xs, filter: fs } = RATE_SHAPES.conv;
  return tf.tidy(() => {
    const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
    const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
    const x = tf.randomNormal([...xs], 0, 1, 'float32', 3) as tf.Tensor4D;
    const w = tf.randomNormal([...fs], 0, 1, 'float32', 4) as tf.Tensor4D;
    const matmul = bestMs(() => tf.matMul(a, b).dataSync(), repeats);
    const conv = bestMs(() => tf.conv2d(x, w, 1, 'same').dataSync(), repeats);
    const convFlops = 2 * tf.util.sizeFromShape([...xs]) * fs[0] * fs[1] * fs[3];
    return { engine, matmulGflops: (2 * n ** 3) / (matmul * 1e6), convGflops: convFlops / (conv * 1e6) };
  });
}

/** PyTorch's rates on one thread (scripts/reference/torch_rate.py), or why they were not measured. */
export function torchRate(): EngineRate | string {
  return runTorchReference<EngineRate>('torch_rate.py');
}

/** What `npm run benchmarks` keeps of the floor: the step's FLOPs and each engine's rates. */
export interface FloorMeasurement {
  setup: string;
  flops: StepFlops;
  wasm: EngineRate;
  torch: EngineRate | string;
}

const gf = (x: number) => x.toFixed(1);

/**
 * The section: each engine's rates, its fastest possible step, its measured FT step (`wasmStepMs`:
 * the one-thread median of the thread rounds; `torchStepMs`: PyTorch's median of the same rounds), and
 * whether the native target (WASM ≤ `target` × PyTorch) is within what the arithmetic allows.
 */
export function floorSection(
  floor: FloorMeasurement | undefined,
  wasmStepMs: number,
  torchStepMs: number,
  target: number,
): string {
  if (!floor) return 'The arithmetic floor: not measured in this run.\n';
  const { flops, wasm, torch } = floor;
  const row = (r: EngineRate, step: number) =>
    `| ${r.engine} | ${gf(r.matmulGflops)} | ${gf(r.convGflops)} | ${ms(floorMs(flops.step, r))} | ${ms(step)} | ${(step / floorMs(flops.step, r)).toFixed(1)} |`;
  const wasmFloor = floorMs(flops.step, wasm);
  const best = wasmFloor / torchStepMs;
  const verdict = Number.isFinite(best)
    ? best <= target
      ? `within reach: a WASM step at XNNPACK’s best rate would be ${best.toFixed(2)} × PyTorch’s measured step`
      : `out of reach on this machine: a WASM step at XNNPACK’s best measured rate, with every other op free, ` +
        `would still take ${ms(wasmFloor)} ms, ${best.toFixed(2)} × PyTorch’s measured ${ms(torchStepMs)} ms`
    : 'not judged (PyTorch was not measured)';
  return `A training step of ${floor.setup} is ${(flops.step / 1e9).toFixed(3)} GFLOP: the forward pass
(${(flops.forward / 1e9).toFixed(3)} GFLOP), the input gradient of every layer but the first, and every weight
gradient, counted from the model's convolutions and dense layers (\`scripts/lib/bench-floor.ts\`;
pooling, ReLU, the loss and the optimiser are left out, so the floor is a lower bound). Each engine's
rate is its best of 20 on one thread: a [512, 512] · [512, 512] matrix product and cnn-small's largest
convolution (conv4 at batch 32). WASM is tfjs-backend-wasm in Node, the same XNNPACK build the browser
runs; PyTorch is \`scripts/reference/torch_rate.py\`.

| engine | matmul GFLOP/s | conv GFLOP/s | fastest possible step, ms | measured FT step, ms | measured / fastest |
|---|---|---|---|---|---|
${row(wasm, wasmStepMs)}
${typeof torch === 'string' ? `| PyTorch | ${torch} | | | | |` : row(torch, torchStepMs)}

The native target (the WASM FT step within ${target.toFixed(1)} × PyTorch's one-thread step) is ${verdict}.
WebAssembly's SIMD is 128 bits wide, with no fused multiply-add in the instruction set tfjs 4.22 builds
for; PyTorch's convolutions (oneDNN) use the CPU's own wider vectors with fused multiply-add.
`;
}

/** The floor of the default model's step: cnn-small at batch 32, WASM's rate in Node, PyTorch's. */
export async function floorOfCnnSmall(): Promise<FloorMeasurement> {
  const model = buildArchitecture('cnn-small', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(0));
  const flops = stepFlops(model, 32);
  model.dispose();
  const previous = tf.getBackend();
  await tf.setBackend('wasm');
  try {
    const wasm = tfjsRate('WASM (XNNPACK, SIMD), 1 thread');
    return { setup: 'cnn-small at batch 32', flops, wasm, torch: torchRate() };
  } finally {
    if (previous) await tf.setBackend(previous);
  }
}
