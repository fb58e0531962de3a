/**
 * Backend selection in the worker. Unforced: WebGPU, then WebGL, on a hardware adapter only; then
 * WASM (XNNPACK, with our Conv2DBackpropFilter and stride-1 Conv2DBackpropInput kernels: wasm-*-grad.ts);
 * then CPU (plain JS).
 * A software adapter (SwiftShader, llvmpipe) is skipped with its reason, because measured on a 2-core
 * machine (README, "Backends") a small CNN training step took ~7 s on WebGPU/SwiftShader, ~1.9 s on
 * WebGL/SwiftShader, ~3 s on CPU and ~0.12 s on WASM. `?backend=` forces one, software or not.
 * Each candidate must pass `tf.setBackend` (its boolean: it can fail quietly and leave getBackend()
 * saying 'webgpu') and a tiny computation read back from the device. For WebGPU we create and own the
 * GPUDevice, so that its `lost` promise reaches the UI (tfjs ignores it).
 * Reads are always `await data()`: on SwiftShader `dataSync()` returns zeros (it reads through an
 * OffscreenCanvas WebGPU context) and breaks every later mapAsync.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

import type { BackendInfo, BackendName } from './protocol';
import { registerWasmKernels } from './wasm-kernels';
import { tfjsDeviceLimits } from './webgpu-limits';
import { repairThreadedGlue, withWasmThreads } from './wasm-threaded-glue';
import { describeWasm, wasmThreadsFor } from './wasm-threads';

const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|software|basic render/i;

/** Throws the reason a software adapter is skipped, unless it was forced. */
function refuseSoftware(kind: string, description: string, forced: boolean, software: boolean): void {
  if (forced || !software) return;
  throw new Error(
    `the ${kind} adapter is a software renderer (${description}), far slower for training than WASM on the CPU; ` +
      `?backend=${kind.toLowerCase()} uses it anyway`,
  );
}

export interface BackendHooks {
  /** Called once if the GPU device is lost after selection. */
  onDeviceLost(message: string): void;
}

async function smokeTest(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tf.setBackend('${name}') did not take effect`);
  const t = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])));
  const v = await t.data();
  t.dispose();
  if (v[0] !== 4 || v[1] !== 6) throw new Error(`a test addition gave [${Array.from(v).join(', ')}] instead of [4, 6]`);
}

function describeAdapter(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.description].filter((p) => p && p.length > 0);
  return parts.length > 0 ? parts.join(' · ') : 'WebGPU adapter';
}

async function setUpWebGpu(hooks: BackendHooks, forced: boolean): Promise<string> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) throw new Error('this browser exposes no WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter is available (GPU disabled or blocklisted)');
  // Chromium has `adapter.info`; older @webgpu/types only know requestAdapterInfo().
  const withInfo = adapter as GPUAdapter & { info?: GPUAdapterInfo; isFallbackAdapter?: boolean };
  const info = withInfo.info ?? (await adapter.requestAdapterInfo());
  const described = describeAdapter(info);
  refuseSoftware('WebGPU', described, forced, withInfo.isFallbackAdapter === true || SOFTWARE_RENDERER.test(described));
  const limits = adapter.limits;
  // The same limits tfjs-backend-webgpu requests for itself.
  const device = await adapter.requestDevice({
    requiredLimits: tfjsDeviceLimits(limits),
  });
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  let simulated = false;
  void device.lost.then((lost) => {
    if (lost.reason !== 'destroyed' && !simulated) hooks.onDeviceLost(lost.message || 'the GPU device was lost');
  });
  // a simulated loss is said first, then made real: the client hears of it before any failure it causes
  simulateLoss = () => {
    simulated = true;
    hooks.onDeviceLost('the GPU device was destroyed (a simulated loss)');
    device.destroy();
  };
  return described;
}

/** Loses the WebGPU device the backend runs on, as a driver reset would; set once a device is chosen. */
let simulateLoss: (() => void) | null = null;

/**
 * A lost device on purpose, for the fault tests (`?faults=1`): the worker reports it as a real loss
 * would, and the device is destroyed. False when the backend is not WebGPU.
 */
export function simulateDeviceLoss(): boolean {
  if (!simulateLoss || tf.getBackend() !== 'webgpu') return false;
  simulateLoss();
  return true;
}

/** The renderer of a throwaway WebGL2 context, read before tfjs creates its own. */
function webglRenderer(): string {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) throw new Error('this worker cannot create a WebGL2 context');
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = ext
    ? (gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) as string)
    : (gl.getParameter(gl.RENDERER) as string);
  const version = gl.getParameter(gl.VERSION) as string;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return `${version} · ${renderer}`;
}

/**
 * WASM on tfjs-wasm's threaded build where the page is cross-origin isolated (SharedArrayBuffer) and more
 * than one thread is to run, else on its one-thread SIMD build. `threads`: how many XNNPACK runs on; null: half the logical cores (wasm-threads.ts).
 */
async function setUpWasm(threads: number | null): Promise<string> {
  registerWasmKernels();
  // In a page or worker the binaries are Vite assets; in Node (tests) tfjs reads them from its package.
  const inBrowser = typeof location !== 'undefined';
  let multithread = false; // whether this page could run tfjs-wasm's threaded build
  if (inBrowser) {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
    });
    repairThreadedGlue();
    const count = wasmThreadsFor(threads, navigator.hardwareConcurrency);
    multithread = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) as boolean;
    // one thread runs the plain SIMD build: the threaded one would start its whole pool of pthreads
    // (8 Web Workers, each with its own copy of the module) to leave them idle
    if (count === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await withWasmThreads(count, () => smokeTest('wasm'));
  } else {
    await smokeTest('wasm');
  }
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) as boolean;
  let limit: string | null = null;
  if (inBrowser && !multithread)
    limit = self.crossOriginIsolated
      ? 'this browser has no WebAssembly threads'
      : 'the page is not cross-origin isolated';
  return describeWasm(simd, getThreadsCount(), limit);
}

async function tryBackend(
  name: BackendName,
  hooks: BackendHooks,
  forced: boolean,
  wasmThreads: number | null,
): Promise<string> {
  if (name === 'webgpu') {
    const adapter = await setUpWebGpu(hooks, forced);
    await smokeTest('webgpu');
    return adapter;
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('no OffscreenCanvas in this worker, so no WebGL');
    const renderer = webglRenderer();
    refuseSoftware('WebGL', renderer, forced, SOFTWARE_RENDERER.test(renderer));
    await smokeTest('webgl');
    return `WebGL ${renderer}`;
  }
  if (name === 'wasm') return setUpWasm(wasmThreads);
  await smokeTest('cpu');
  return 'CPU (JavaScript)';
}

/**
 * Pick the first backend that works, starting at `forced` if given (and then still falling back,
 * so a forced backend that is unavailable says why and the app keeps working). `wasmThreads`: the
 * threads WASM runs on, if it is chosen (null: half the logical cores).
 */
export async function selectBackend(
  forced: BackendName | null,
  hooks: BackendHooks,
  wasmThreads: number | null = null,
): Promise<BackendInfo> {
  const order = forced ? [forced, ...ORDER.filter((b) => b !== forced)] : [...ORDER];
  const fallbacks: BackendInfo['fallbacks'] = [];
  for (const name of order) {
    try {
      const adapter = await tryBackend(name, hooks, name === forced, wasmThreads);
      return { name, adapter, fallbacks, forced };
    } catch (err) {
      fallbacks.push({ backend: name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no tfjs backend works here: ${fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`);
}
