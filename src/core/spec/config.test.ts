import { describe, expect, it } from 'vitest';

import { DEFAULT_ADAM, DEFAULT_CONFIG, type TrainConfig } from './config';
import { validateConfig } from './config-validation';

const withPatch = (patch: Partial<TrainConfig>): TrainConfig => ({ ...DEFAULT_CONFIG, ...patch });

describe('config validation', () => {
  it('accepts the defaults (SGD and Adam)', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
    expect(validateConfig(withPatch({ optimizer: DEFAULT_ADAM }))).toEqual([]);
  });

  it('names each bad field with a message', () => {
    const issues = validateConfig(
      withPatch({
        steps: 0,
        seed: 1.5,
        batchSize: Number.NaN,
        optimizer: { ...DEFAULT_CONFIG.optimizer, lr: -1 },
        tpgm: { ...DEFAULT_CONFIG.tpgm, projFreq: 0, norm: 'l1' as never },
      }),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['steps', 'seed', 'batchSize', 'optimizer.lr', 'tpgm.projFreq', 'tpgm.norm']),
    );
    expect(issues.find((i) => i.path === 'batchSize')?.message).toMatch(/finite number/);
    expect(validateConfig(withPatch({ method: 'magic' as never }))[0]).toEqual({
      path: 'method',
      message: 'unknown method "magic"',
    });
  });

  it('refuses Nesterov without momentum', () => {
    const issues = validateConfig(
      withPatch({ optimizer: { kind: 'sgd', lr: 0.1, momentum: 0, nesterov: true, weightDecay: 0 } }),
    );
    expect(issues.map((i) => i.path)).toContain('optimizer.nesterov');
  });
});
