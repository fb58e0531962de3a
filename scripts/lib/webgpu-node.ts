/**
 * tfjs-backend-webgpu in Node, through Dawn's Node bindings (npm `webgpu`, a prebuilt `dawn.node` per
 * platform): loads the bindings, exposes `navigator.gpu` and the WebGPU globals tfjs uses
 * (GPUBufferUsage, GPUMapMode…), asks for an adapter and a device with the limits tfjs asks for
 * (as src/worker/backend.ts does in the browser) and registers tfjs' 'webgpu' backend on that device.
 * Not the app's backend selection: no fallback, no software-adapter refusal (a software adapter is named).
 */
import * as tf from '@tensorflow/tfjs';
import type * as Dawn from 'webgpu';
import { tfjsDeviceLimits } from '../../src/worker/webgpu-limits';

export type NodeWebGpu =
  | { ok: true; adapter: string }
  /** 'no-bindings': the `webgpu` package did not load; 'no-adapter': it loaded and found no GPU. */
  | { ok: false; missing: 'no-bindings' | 'no-adapter'; reason: string };

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software/i;

/** Sets `navigator.gpu`: Node 20 has no `navigator`, Node 21+ has one without `gpu`. */
function exposeGpu(gpu: GPU): void {
  const g = globalThis as { navigator?: object };
  if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

/**
 * Registers tfjs' 'webgpu' backend on the first adapter Dawn finds (high-performance preferred), or
 * says why there is none: the bindings did not load (no binary for this platform), or no adapter.
 */
export async function setUpNodeWebGpu(): Promise<NodeWebGpu> {
  let dawn: typeof Dawn;
  try {
    dawn = await import('webgpu');
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      ok: false,
      missing: 'no-bindings',
      reason:
        `the webgpu package (Dawn's Node bindings) could not load: ${why}. It needs ` +
        `node_modules/webgpu/dist/${process.platform}-${process.arch}/dawn.node (npm ci installs it)`,
    };
  }
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  exposeGpu(gpu);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    return {
      ok: false,
      missing: 'no-adapter',
      reason: "no WebGPU adapter: Dawn's requestAdapter() found none",
    };
  }
  const { info, limits } = adapter;
  // The same limits tfjs-backend-webgpu requests for itself (and src/worker/backend.ts in the browser).
  const device = await adapter.requestDevice({
    requiredLimits: tfjsDeviceLimits(limits),
  });
  // imported only now: with navigator.gpu set, the import registers a backend of its own, replaced here
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  const named = [info.vendor, info.architecture, info.device, info.description].filter((p) => p).join(' · ');
  const software = SOFTWARE.test(named) || (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    ok: true,
    adapter: `${named || 'WebGPU adapter'}${software ? ' (a software adapter: its times are not a GPU’s)' : ''}`,
  };
}
