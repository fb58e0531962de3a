/**
 * How many threads WASM runs on, and the backend line that says so. Pure (no tfjs): the worker, the
 * unit tests and the benchmark scripts read it. Starting tfjs-wasm on those threads: wasm-threaded-glue.ts.
 */
import { MAX_WASM_THREADS } from './protocol';

/**
 * The threads WASM runs on: those asked for, else half the logical cores (navigator.hardwareConcurrency;
 * tfjs's own default), from 1 to MAX_WASM_THREADS. Half leaves the rest to the page and the browser:
 * measured on 2 cores (BENCHMARKS.md), two threads took a cnn-small step to 0.86 × when the machine was
 * quiet but to 1.7 × under other load; on SMT CPUs half the
 * logical cores is the physical ones.
 */
export function wasmThreadsFor(requested: number | null, logicalCores: number | undefined): number {
  const wanted = requested ?? (logicalCores ?? 1) / 2;
  return Math.min(MAX_WASM_THREADS, Math.max(1, Math.floor(wanted)));
}

/**
 * The backend line for WASM, e.g. "WebAssembly (XNNPACK) · SIMD · 2 threads".
 * @param threads the threads XNNPACK runs on (tfjs-wasm's getThreadsCount())
 * @param limit why there is only one thread where more were possible (said in brackets), else null
 */
export function describeWasm(simd: boolean, threads: number, limit: string | null): string {
  const count = `${threads} thread${threads === 1 ? '' : 's'}`;
  return `WebAssembly (XNNPACK) · ${simd ? 'SIMD' : 'no SIMD'} · ${count}${limit ? ` (${limit})` : ''}`;
}

/** The thread count in a backend line made by describeWasm; null when it names none (not WASM). */
export function threadsInDescription(adapter: string): number | null {
  const m = /^WebAssembly \(XNNPACK\) · .+ · (\d+) threads?(?: \(.*\))?$/.exec(adapter);
  return m ? Number(m[1]) : null;
}
