/**
 * tfjs-backend-wasm's threaded build (XNNPACK on a pool of pthreads) inside our bundled worker, started on
 * a chosen number of threads. Not the backend choice (backend.ts) nor the count (wasm-threads.ts).
 * tfjs starts every pthread (a Web Worker from a blob: URL) with the glue script as
 * `new Blob(['var WasmBackendModuleThreadedSimd = ' + factory.toString()])`. In the minified worker bundle
 * that text is not standalone: the minifier renamed the glue's `_scriptDir` to a variable of the enclosing
 * module and dropped its `typeof` guard, so each pthread died with "ReferenceError: e is not defined" and
 * the backend never started. `repairThreadedGlue` gives the factory the glue's own source as its text.
 */
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as threadedGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import threadedGlueSource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

/**
 * Makes the pthreads run the glue tfjs ships, byte for byte, instead of the minified copy: the factory's
 * text becomes an expression of the factory defined by the original file (which declares `_scriptDir`
 * itself). The bundled factory still runs this worker's side; both come from the same file, so they
 * agree on the WebAssembly module's imports. Call before the backend starts.
 */
export function repairThreadedGlue(): void {
  // the CommonJS factory, as tfjs itself reads it (backend_wasm.js: `default || module`)
  const glue = threadedGlue as unknown as { default?: unknown };
  const factory = (glue.default ?? threadedGlue) as { toString(): string };
  const standalone = `(() => {\n${threadedGlueSource}\nreturn WasmBackendModuleThreadedSimd;\n})()`;
  factory.toString = () => standalone;
}

/**
 * Runs `start` (the backend's start) with tfjs-wasm set to `threads` threads. tfjs's setThreadsCount is
 * capped by its backend.cc's `num_cores = emscripten_num_logical_cores() / 2`, read from
 * navigator.hardwareConcurrency when the module starts (tensorflow/tfjs#6081, #8513: setThreadsCount has
 * no effect above half the logical cores), so during the start this worker's navigator reports 2 × threads.
 */
export async function withWasmThreads<T>(threads: number, start: () => Promise<T>): Promise<T> {
  setThreadsCount(threads);
  Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await start();
  } finally {
    // the own property goes; WorkerNavigator's getter answers again
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
