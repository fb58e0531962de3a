import { describe, expect, it } from 'vitest';

import { defaultDraft } from '../core/spec/default-run';
import { draftFromHash, draftToHash, echo } from './url-hash';

describe('run setup in the URL hash', () => {
  it('round-trips a draft, seed and domains included', () => {
    const d = defaultDraft('fashion-mnist');
    d.config = {
      ...d.config,
      method: 'full-ft',
      seed: 42,
      steps: 123,
      tpgm: { ...d.config.tpgm, norm: 'l2', projFreq: 5 },
    };
    d.oodDomains = [{ id: 'rotate', severity: 30 }];
    const back = draftFromHash(draftToHash(d));
    expect(back.issues).toEqual([]);
    expect(back.draft).toEqual(d);
    expect(back.datasetId).toBe('fashion-mnist');
  });

  it('round-trips the ID domain, and reports an unknown one', () => {
    const d = defaultDraft('mnist');
    d.idDomain = { id: 'sketch', severity: 0.5 };
    d.oodDomains = [{ id: 'noise', severity: 0.45 }];
    expect(draftFromHash(draftToHash(d)).draft).toEqual(d);
    expect(draftFromHash('#id=moon:1').issues).toEqual([
      '#id=moon:1 names an unknown domain or severity; using clean digits',
    ]);
  });

  it.each([
    ['l2-sp', { l2Sp: { alpha: 0.3, beta: 0.02 } }],
    ['surgical', { surgical: { blocks: ['last', 'conv2'] } }],
    ['wise-ft', { wiseFt: { alpha: 0.3, keepHead: true } }],
    ['ftp', { ftp: { radiusLr: 0.02, k: 2 } }],
  ] as const)('round-trips %s with its own settings', (method, patch) => {
    const d = defaultDraft('mnist');
    d.config = { ...d.config, method, ...patch } as typeof d.config;
    const hash = draftToHash(d);
    const back = draftFromHash(hash);
    expect(back.issues).toEqual([]);
    expect(back.draft).toEqual(d);
    // a link names the chosen method's settings, not every method's
    expect(hash.includes('spd.lambda')).toBe(false);
  });

  it('reports bad values and keeps the defaults for them', () => {
    const r = draftFromHash('#method=magic&steps=abc&seed=7&ood=sketch:1,moon:2&colour=red');
    expect(r.draft?.config.seed).toBe(7);
    expect(r.draft?.config.method).toBe('tpgm');
    expect(r.issues).toEqual([
      '#method=magic is not one of full-ft, lp, lp-ft, l2-sp, mars-sp, surgical, ftp, spd, wise-ft, tpgm, tpgm-posthoc; using the default',
      '#steps=abc is not a number; using the default',
      '#ood=sketch:1,moon:2 names an unknown domain or severity; using the default domains',
      '#colour is not a setting; ignored',
    ]);
  });

  it('refuses settings that parse but are invalid, falling back to the defaults', () => {
    const r = draftFromHash('#steps=-5');
    expect(r.draft).toBeNull();
    expect(r.issues[0]).toMatch(/settings are invalid \(steps must be ≥ 1, got -5\)/);
    expect(draftFromHash('')).toEqual({ draft: null, datasetId: null, issues: [] });
  });

  it('quotes a bad value in at most 40 characters', () => {
    const { issues } = draftFromHash(`#steps=${'7'.repeat(100)}x`);
    expect(issues).toEqual([`#steps=${'7'.repeat(40)}… (101 characters) is not a number; using the default`]);
    expect(echo('short')).toBe('short');
  });
});
