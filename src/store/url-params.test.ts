import { describe, expect, it } from 'vitest';

import { parseUrlSettings } from './url-params';

describe('URL parameters', () => {
  it('reads a forced backend and a dataset id', () => {
    expect(parseUrlSettings('?backend=webgl&dataset=fashion-mnist')).toEqual({
      forcedBackend: 'webgl',
      datasetId: 'fashion-mnist',
      faults: false,
      watchdogMs: null,
      issues: [],
    });
    expect(parseUrlSettings('')).toEqual({
      forcedBackend: null,
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
});
