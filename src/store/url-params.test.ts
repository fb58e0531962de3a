import { describe, expect, it } from 'vitest';

import { parseUrlSettings } from './url-params';

describe('URL parameters', () => {
  it('reads a forced backend and a dataset id', () => {
    expect(parseUrlSettings('?backend=webgl&dataset=fashion-mnist')).toEqual({
      forcedBackend: 'webgl',
      datasetId: 'fashion-mnist',
      issues: [],
    });
    expect(parseUrlSettings('')).toEqual({ forcedBackend: null, datasetId: null, issues: [] });
  });

  it('reports a bad value and falls back to the default', () => {
    const s = parseUrlSettings('?backend=tpu&dataset=../../etc');
    expect(s.forcedBackend).toBeNull();
    expect(s.datasetId).toBeNull();
    expect(s.issues).toEqual([
      '?backend=tpu is not a backend (use webgpu, webgl, wasm, cpu); choosing automatically',
      '?dataset=../../etc is not a dataset id; using the default',
    ]);
  });
});
