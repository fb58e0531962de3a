/**
 * The convolution kernels the project adds to tfjs-backend-wasm 4.22, registered together before
 * `setBackend('wasm')` (core/tpgm/segment-sum.ts registers its own where TPGM needs it).
 */
import { registerWasmFilterGrad } from './wasm-filter-grad';
import { registerWasmInputGrad } from './wasm-input-grad';

export function registerWasmKernels(): void {
  registerWasmFilterGrad();
  registerWasmInputGrad();
}
