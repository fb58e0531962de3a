import { describe, expect, it } from 'vitest';

import { describeWasm, threadsInDescription, wasmThreadsFor } from './wasm-threads';

describe('WASM threads', () => {
  it('runs on the threads asked for, else half the logical cores, from 1 to 8', () => {
    expect(wasmThreadsFor(null, 2)).toBe(1); // half the logical cores: the rest for the page
    expect(wasmThreadsFor(null, 3)).toBe(1);
    expect(wasmThreadsFor(null, 8)).toBe(4);
    expect(wasmThreadsFor(null, 32)).toBe(8); // tfjs-wasm's pool of pthreads
    expect(wasmThreadsFor(null, undefined)).toBe(1);
    expect(wasmThreadsFor(null, 0)).toBe(1);
    expect(wasmThreadsFor(1, 16)).toBe(1);
    expect(wasmThreadsFor(4, 2)).toBe(4); // asked for: more than the cores is allowed
    expect(wasmThreadsFor(12, 16)).toBe(8);
  });

  it('says how many threads in the backend line, and why only one, and reads the count back', () => {
    const two = describeWasm(true, 2, null);
    expect(two).toBe('WebAssembly (XNNPACK) · SIMD · 2 threads');
    const one = describeWasm(true, 1, 'the page is not cross-origin isolated');
    expect(one).toBe('WebAssembly (XNNPACK) · SIMD · 1 thread (the page is not cross-origin isolated)');
    expect(describeWasm(false, 1, null)).toBe('WebAssembly (XNNPACK) · no SIMD · 1 thread');
    expect(threadsInDescription(two)).toBe(2);
    expect(threadsInDescription(one)).toBe(1);
    expect(threadsInDescription(describeWasm(true, 8, null))).toBe(8);
    expect(threadsInDescription('CPU (JavaScript)')).toBeNull();
    expect(threadsInDescription('WebGL 2.0 · 3 threads')).toBeNull();
  });
});
