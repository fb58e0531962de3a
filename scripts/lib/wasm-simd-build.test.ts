import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { binaryPath, renderWasmSimdBinary, watPath } from './wasm-simd-build';

describe('the committed SIMD binaries', () => {
  it('are what wasm-simd.wat compiles to (run `npm run build:wasm-simd` after editing it)', async () => {
    expect(readFileSync(binaryPath, 'utf8')).toBe(await renderWasmSimdBinary());
  });

  it('change when the source does, and refuse a source without the memory import', async () => {
    const wat = readFileSync(watPath, 'utf8');
    const edited = wat.replace('(i32.const 16)', '(i32.const 32)');
    expect(edited).not.toBe(wat);
    expect(await renderWasmSimdBinary(edited)).not.toBe(await renderWasmSimdBinary(wat));
    await expect(renderWasmSimdBinary(wat.replace('(memory 1)', '(memory 2)'))).rejects.toThrow(/import its memory/);
  });
});
