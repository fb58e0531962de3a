/**
 * The kernels the project adds (or replaces) to tfjs-backend-wasm 4.22, registered together before
 * `setBackend('wasm')` (core/flat-kernels.ts registers its own where TPGM and the flat optimiser need them).
 */
import { registerWasmBiasKernels } from './wasm-bias-kernels';
import { registerWasmDataKernels } from './wasm-data-kernels';
import { registerWasmFilterGrad } from './wasm-filter-grad';
import { registerWasmInputGrad } from './wasm-input-grad';
import { registerWasmMaxPoolGrad } from './wasm-maxpool-grad';

export function registerWasmKernels(): void {
  registerWasmDataKernels();
  registerWasmBiasKernels();
  registerWasmFilterGrad();
  registerWasmInputGrad();
  registerWasmMaxPoolGrad();
}
