import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { TOLERANCE, checkFixture, compareValues } from './conformance';
import { parseFixture } from './fixture';

const FIXTURE_PATH = fileURLToPath(new URL('../../testing/fixtures/tpgm_reference.json', import.meta.url));
const raw = (): unknown => JSON.parse(readFileSync(FIXTURE_PATH, 'utf8'));

describe('TPGM against the PyTorch reference fixture', () => {
  it('matches every quantity of every case within 1e-5 relative on the CPU backend', async () => {
    const results = await checkFixture(parseFixture(raw()));
    const quantities = new Set(
      results.map((r) =>
        r.quantity
          .split('/')
          .slice(1)
          .join('/')
          .replace(/\[\d+\]/, '[i]'),
      ),
    );
    // every kind of quantity the fixture holds is compared, for each of the four cases
    for (const q of [
      'norms',
      'init_radii',
      'clip_examples',
      'radii_after_clip',
      'ratios',
      'projected',
      'logits',
      'val_loss',
      'grad_radii',
      'radii_after_adam_step1',
      'radii_used_by_apply',
      'applied_after_step1',
      'val_loss_after_apply',
      'multi_step[i]/loss',
      'multi_step[i]/grad_radii',
      'multi_step[i]/radii_after_step',
      'multi_step_applied',
    ]) {
      expect(quantities, q).toContain(q);
    }
    for (const c of ['l2', 'mars', 'mars_exclude_dense', 'mars_legacy_elementwise_1d']) {
      expect(results.filter((r) => r.quantity.startsWith(`${c}/`)).length).toBe(13 + 3 * 3 + 1);
    }
    for (const r of results) {
      expect(r.relativeError, r.quantity).toBeLessThanOrEqual(TOLERANCE.cpu);
      // element by element too, a looser bound that still catches any wrong entry
      expect(r.maxElementRelativeError, r.quantity).toBeLessThanOrEqual(1e-4);
    }
  });

  it('fails a fixture whose expected values are off', async () => {
    const bad = raw() as { cases: { mars: { grad_radii: Record<string, number> } } };
    bad.cases.mars.grad_radii['conv/bias'] *= 1.001;
    const results = await checkFixture(parseFixture(bad));
    const worst = results.find((r) => r.quantity === 'mars/grad_radii');
    expect(worst?.relativeError).toBeGreaterThan(TOLERANCE.cpu);
  });

  it('refuses a fixture with a missing or mis-shaped field, naming it', () => {
    const missing = raw() as { cases: { l2: Record<string, unknown> } };
    delete missing.cases.l2.ratios;
    expect(() => parseFixture(missing)).toThrow(/cases\.l2\.ratios/);
    const misShaped = raw() as { current: Record<string, { values: number[] }> };
    misShaped.current['dense/bias'].values.pop();
    expect(() => parseFixture(misShaped)).toThrow(/current\["dense\/bias"\] has shape \[10\] but 9 values/);
    expect(() => parseFixture([])).toThrow(/must be an object/);
  });

  it('compares values normwise and element-wise', () => {
    const r = compareValues('q', [1.0, 0.001 + 1e-8], [1.0, 0.001]);
    expect(r.relativeError).toBeCloseTo(1e-8, 12);
    expect(r.maxElementRelativeError).toBeCloseTo(1e-5, 9);
    expect(compareValues('nan', [Number.NaN], [1]).relativeError).toBe(Infinity);
    expect(() => compareValues('len', [1], [1, 2])).toThrow(/1 values, the fixture has 2/);
  });
});
