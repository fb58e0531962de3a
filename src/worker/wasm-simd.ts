/**
 * Our SIMD loops (wasm-simd.wat) instantiated on tfjs-backend-wasm's own memory, so they read and write
 * tensors where the backend keeps them, with no copy. The memory is `Module.asm.memory` in the SIMD
 * build and `Module.wasmMemory` (shared) in the threaded one. Where neither is there, or the engine
 * rejects the module (no SIMD), `wasmSimd` gives null and each kernel keeps its JS or backend route.
 */
import { plainMemoryBinary, sharedMemoryBinary } from './wasm-simd-binary';

export type WasmSimd = {
  /** dx of one NHWC image of a 2 × 2, stride-2, unpadded max pool; sizes in bytes (`pixel` = C·4). */
  maxPoolGrad2x2(x: number, dy: number, dx: number, outH: number, outW: number, pixel: number, row: number): void;
  /** out = Σ_r x[r, ·] over `rows` rows of `rowBytes` bytes, each column in row order. */
  columnSum(x: number, out: number, rows: number, rowBytes: number): void;
  /** out[r, ·] = x[r, ·] + b over `rows` rows of `rowBytes` bytes (b is one row). */
  addRows(x: number, b: number, out: number, rows: number, rowBytes: number): void;
  /**
   * One 4 × 8 (or 4 × 4) tile of a filter gradient: Σ over output pixels p of x[p's 4 floats] ⊗ dy[p's
   * 8 floats]; pixels walked image, row, column (`xImage`, `xRow`, `xPix` bytes apart in x, `dyPix` in
   * dy); the first `rows` rows stored `outRow` bytes apart.
   */
  filterGradTile4x8: FilterGradTile;
  filterGradTile4x4: FilterGradTile;
};

type FilterGradTile = (
  x: number,
  dy: number,
  out: number,
  rows: number,
  images: number,
  outH: number,
  outW: number,
  xImage: number,
  xRow: number,
  xPix: number,
  dyPix: number,
  outRow: number,
) => void;

type EmscriptenModule = { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };

const instances = new WeakMap<WebAssembly.Memory, WasmSimd | null>();

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

function instantiate(memory: WebAssembly.Memory): WasmSimd | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  try {
    // synchronous: the module is under 1 KiB, and kernels are synchronous
    const module = new WebAssembly.Module(bytes(shared ? sharedMemoryBinary : plainMemoryBinary));
    return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmSimd;
  } catch (err) {
    // an engine without SIMD (the backend then runs its plain build, too): every kernel keeps its
    // other route, so it still computes, only slower; said once, so a broken route is not silent
    console.warn(`the project's SIMD kernels cannot run here, so their slower routes do: ${String(err)}`);
    return null;
  }
}

/** Our SIMD loops on `backend`'s memory (instantiated once per memory), or null where they cannot run. */
export function wasmSimd(backend: unknown): WasmSimd | null {
  const module = (backend as { wasm?: EmscriptenModule }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  if (!instances.has(memory)) instances.set(memory, instantiate(memory));
  return instances.get(memory) ?? null;
}

/** The byte offset in the wasm heap of a tensor's data. */
export function heapOffset(backend: unknown, t: { dataId: object }): number {
  const data = (backend as { dataIdMap: { get(id: object): { memoryOffset: number } | undefined } }).dataIdMap.get(
    t.dataId,
  );
  if (!data) throw new Error('the wasm backend has no data for this tensor');
  return data.memoryOffset;
}
