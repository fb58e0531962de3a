import { describe, expect, it } from 'vitest';

import { parseUrlSettings } from './url-params';

describe('URL parameters', () => {
  it('reads a forced backend and a dataset id', () => {
    expect(parseUrlSettings('?backend=webgl&dataset=fashion-mnist')).toEqual({
      forcedBackend: 'webgl',
      wasmThreads: null,
      datasetId: 'fashion-mnist',
      faults: false,
      watchdogMs: null,
      issues: [],
    });
    expect(parseUrlSettings('')).toEqual({
      forcedBackend: null,
      wasmThreads: null,
      datasetId: null,
      faults: false,
      watchdogMs: null,
      issues: [],
    });
    expect(parseUrlSettings('?faults=1&watchdog=3')).toMatchObject({ faults: true, watchdogMs: 3000, issues: [] });
  });

  it('reports a bad value and falls back to the default', () => {
    const s = parseUrlSettings('?backend=tpu&dataset=../../etc&watchdog=1');
    expect(s.forcedBackend).toBeNull();
    expect(s.datasetId).toBeNull();
    expect(s.issues).toEqual([
      '?backend=tpu is not a backend (use webgpu, webgl, wasm, cpu); choosing automatically',
      '?dataset=../../etc is not a dataset id; using the default',
      '?watchdog=1 is not a number of seconds from 2 to 600; using the default',
    ]);
    expect(s.watchdogMs).toBeNull();
  });

  it("reads ?threads= as a whole number from 1 to 8 (tfjs-wasm's pool), else says so and uses the default", () => {
    expect(parseUrlSettings('?threads=1')).toMatchObject({ wasmThreads: 1, issues: [] });
    expect(parseUrlSettings('?threads=8&backend=wasm')).toMatchObject({ wasmThreads: 8, forcedBackend: 'wasm' });
    for (const bad of ['0', '9', '16', '2.5', '-1', '02', ' 2', 'two', '']) {
      const s = parseUrlSettings(`?threads=${encodeURIComponent(bad)}`);
      expect(s.wasmThreads, bad).toBeNull();
      expect(s.issues, bad).toEqual([
        `?threads=${bad} is not a whole number from 1 to 8; using half the logical cores`,
      ]);
    }
  });
});
