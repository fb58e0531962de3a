/** Regenerates src/worker/wasm-simd-binary.ts from src/worker/wasm-simd.wat (`npm run build:wasm-simd`). */
import { writeFileSync } from 'node:fs';

import { binaryPath, renderWasmSimdBinary } from './lib/wasm-simd-build';

writeFileSync(binaryPath, await renderWasmSimdBinary());
console.log(`wrote ${binaryPath}`);
