/**
 * Backend selection in the worker: WebGPU, then WebGL (OffscreenCanvas), then CPU — never wasm, which
 * has no convolution gradients. Each candidate must pass `tf.setBackend` (its boolean: it can fail
 * quietly and leave getBackend() saying 'webgpu') and a tiny computation read back from the device.
 * For WebGPU we create and own the GPUDevice, so that its `lost` promise reaches the UI (tfjs ignores it).
 * Reads are always `await data()`: measured in a worker on WebGPU through SwiftShader, `dataSync()` is
 * ~2 ms against seconds, but after one `dataSync()` (tfjs reads through OffscreenCanvas WebGPU contexts)
 * every later mapAsync fails ("A valid external Instance reference no longer exists"), and a few dozen
 * crash the renderer. The session pipelines the slow reads instead (session.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

import type { BackendInfo, BackendName } from './protocol';

const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

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

async function setUpWebGpu(hooks: BackendHooks): Promise<string> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) throw new Error('this browser exposes no WebGPU (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter is available (GPU disabled or blocklisted)');
  const limits = adapter.limits;
  // The same limits tfjs-backend-webgpu requests for itself.
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
    },
  });
  // Chromium has `adapter.info`; older @webgpu/types only know requestAdapterInfo().
  const withInfo = adapter as GPUAdapter & { info?: GPUAdapterInfo };
  const info = withInfo.info ?? (await adapter.requestAdapterInfo());
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
  void device.lost.then((lost) => {
    if (lost.reason !== 'destroyed') hooks.onDeviceLost(lost.message || 'the GPU device was lost');
  });
  const parts = [info.vendor, info.architecture, info.description].filter((s) => s && s.length > 0);
  return parts.length > 0 ? parts.join(' · ') : 'WebGPU adapter';
}

function webglRenderer(): string {
  try {
    const backend = tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } };
    const gl = backend.gpgpu?.gl;
    if (!gl) return 'WebGL';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    return `WebGL ${gl.getParameter(gl.VERSION) as string} · ${ext ? (gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) as string) : (gl.getParameter(gl.RENDERER) as string)}`;
  } catch {
    return 'WebGL';
  }
}

async function tryBackend(name: BackendName, hooks: BackendHooks): Promise<string> {
  if (name === 'webgpu') {
    const adapter = await setUpWebGpu(hooks);
    await smokeTest('webgpu');
    return adapter;
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') throw new Error('no OffscreenCanvas in this worker, so no WebGL');
    await smokeTest('webgl');
    return webglRenderer();
  }
  await smokeTest('cpu');
  return 'CPU (JavaScript)';
}

/**
 * Pick the first backend that works, starting at `forced` if given (and then still falling back,
 * so a forced backend that is unavailable says why and the app keeps working).
 */
export async function selectBackend(forced: BackendName | null, hooks: BackendHooks): Promise<BackendInfo> {
  const order = forced ? [forced, ...ORDER.filter((b) => b !== forced)] : [...ORDER];
  const fallbacks: BackendInfo['fallbacks'] = [];
  for (const name of order) {
    try {
      const adapter = await tryBackend(name, hooks);
      return { name, adapter, fallbacks, forced };
    } catch (err) {
      fallbacks.push({ backend: name, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  throw new Error(`no tfjs backend works here: ${fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`);
}
