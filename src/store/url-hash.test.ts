import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ARCHITECTURE_IDS } from '../core/spec/architecture-ids';
import { DEFAULT_ADAM, METHOD_IDS, type TrainConfig } from '../core/spec/config';
import { defaultDraft, draftIssues } from '../core/spec/default-run';
import { DOMAIN_IDS, DOMAIN_SEVERITY, OOD_DOMAIN_IDS, type DomainId } from '../core/spec/domain-ids';
import { METHOD_SETTINGS, withSetting, type NumericSetting } from '../core/spec/method-settings';
import { PRESETS, presetOf } from '../core/spec/presets';
import type { RunSpec } from '../core/spec/run-spec';
import { draftFromHash, draftToHash, echo } from './url-hash';

/** A value in a setting's range (an exclusive minimum is never hit; doubles print and parse exactly). */
const inRange = (s: { min: number; max: number; integer?: boolean; exclusiveMin?: boolean }): fc.Arbitrary<number> =>
  s.integer
    ? fc.integer({ min: Math.ceil(s.min), max: Math.min(s.max, 100_000) })
    : fc
        .double({ min: s.min, max: s.max, noNaN: true, noDefaultInfinity: true })
        .filter((v) => !s.exclusiveMin || v > s.min);
const severity = (id: DomainId): fc.Arbitrary<number> => inRange(DOMAIN_SEVERITY[id]);
const ALL_SETTINGS: readonly NumericSetting[] = Object.values(METHOD_SETTINGS).flat();
const name = fc.stringMatching(/^[a-z][a-z0-9_/]{0,12}$/);
const perClass = fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null });

/** Any valid draft the form can make: every field of the run spec varies. */
const anyDraft: fc.Arbitrary<RunSpec> = fc
  .record({
    datasetId: fc.constantFrom('mnist', 'fashion-mnist'),
    classes: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 10 }), {
      nil: undefined,
    }),
    model: fc.oneof(
      fc.constantFrom(...ARCHITECTURE_IDS).map((id) => ({ kind: 'architecture' as const, id })),
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/).map((id) => ({ kind: 'pretrained' as const, id })),
    ),
    method: fc.constantFrom(...METHOD_IDS),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    steps: fc.integer({ min: 1, max: 1e6 }),
    batchSize: fc.integer({ min: 1, max: 4096 }),
    optimizer: fc.oneof(
      fc.record({
        kind: fc.constant('sgd' as const),
        lr: inRange({ min: 0, max: 10, exclusiveMin: true }),
        weightDecay: inRange({ min: 0, max: 1 }),
        momentum: inRange({ min: 0.01, max: 0.9999 }),
        nesterov: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('adam' as const),
        lr: inRange({ min: 0, max: 10, exclusiveMin: true }),
        weightDecay: inRange({ min: 0, max: 1 }),
        beta1: inRange({ min: 0, max: 0.9999 }),
        beta2: inRange({ min: 0, max: 0.99999 }),
        epsilon: inRange({ min: 0, max: 1, exclusiveMin: true }),
      }),
    ),
    schedule: fc.constantFrom('cosine' as const, 'constant' as const, 'one-cycle' as const),
    norm: fc.constantFrom('l2' as const, 'mars' as const),
    mars1d: fc.constantFrom('vector' as const, 'elementwise' as const),
    excludeHead: fc.boolean(),
    excluded: fc.array(name, { maxLength: 3 }),
    blocks: fc.array(name, { minLength: 1, maxLength: 3 }),
    keepHead: fc.boolean(),
    freezeBnStats: fc.boolean(),
    settings: fc.tuple(...ALL_SETTINGS.map((s) => fc.option(inRange(s), { nil: undefined }))),
    trainPerClass: perClass,
    testPerClass: perClass,
    liveTestPerClass: perClass,
    logEvery: fc.integer({ min: 1, max: 10_000 }),
    evalEvery: fc.integer({ min: 1, max: 1_000_000 }),
    idDomain: fc.constantFrom(...DOMAIN_IDS).chain((id) => severity(id).map((s) => ({ id, severity: s }))),
    oodDomains: fc
      .subarray([...OOD_DOMAIN_IDS])
      .chain((ids) => fc.tuple(...ids.map((id) => severity(id).map((s) => ({ id, severity: s }))))),
  })
  .map((r) => {
    const d = defaultDraft(r.datasetId);
    let config: TrainConfig = {
      ...d.config,
      method: r.method,
      seed: r.seed,
      steps: r.steps,
      batchSize: r.batchSize,
      optimizer: r.optimizer,
      schedule: r.schedule,
      tpgm: {
        ...d.config.tpgm,
        norm: r.norm,
        mars1d: r.mars1d,
        scope: { excludeHead: r.excludeHead, excluded: r.excluded },
      },
      surgical: { blocks: r.blocks },
      wiseFt: { ...d.config.wiseFt, keepHead: r.keepHead },
      ...(r.freezeBnStats ? { freezeBnStats: true } : {}),
    };
    ALL_SETTINGS.forEach((s, k) => {
      const v = r.settings[k];
      if (v !== undefined) config = withSetting(config, s.path, v);
    });
    const { datasetId, model, trainPerClass, testPerClass, liveTestPerClass, logEvery, evalEvery, idDomain } = r;
    return {
      ...d,
      datasetId,
      model,
      config,
      trainPerClass,
      testPerClass,
      liveTestPerClass,
      logEvery,
      evalEvery,
      idDomain,
      oodDomains: [...r.oodDomains],
      ...(r.classes ? { classes: r.classes } : {}),
    };
  })
  .filter((d) => draftIssues(d).length === 0);

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

  it('reproduces any valid run exactly: every field of the run spec', () => {
    fc.assert(
      fc.property(anyDraft, (d) => {
        const back = draftFromHash(draftToHash(d));
        expect(back.issues).toEqual([]);
        expect(back.draft).toEqual(d);
      }),
      { numRuns: 300 },
    );
  });

  it('reopens each preset as that preset (the optimiser and LP-FT’s lrs are in the link)', () => {
    for (const preset of PRESETS) {
      for (const method of ['tpgm', 'lp', 'lp-ft'] as const) {
        const d = preset.apply({ ...defaultDraft('mnist'), config: { ...defaultDraft('mnist').config, method } });
        const back = draftFromHash(draftToHash(d));
        expect(back.draft).toEqual(d);
        expect(presetOf(back.draft!)?.id).toBe(preset.id);
      }
    }
    expect(draftToHash(PRESETS[1].apply(defaultDraft('mnist')))).toMatch(/opt=adam&lr=0\.001&wd=0&beta1=0\.9/);
  });

  it('carries a class subset in short form, and refuses a bad one, keeping every class', () => {
    const d = { ...defaultDraft('mnist'), classes: [5, 6, 7, 8, 9, 2] };
    expect(draftToHash(d)).toContain('classes=5-9%2C2');
    expect(draftFromHash(draftToHash(d)).draft).toEqual(d);
    for (const [bad, why] of [
      ['3', 'needs at least 2 classes'],
      ['4-1', 'counts down'],
      ['1,1', 'listed twice'],
      ['x', 'is not a class list'],
    ]) {
      const r = draftFromHash(`#classes=${bad}`);
      expect(r.draft?.classes, bad).toBeUndefined();
      expect(r.issues.join(' '), bad).toContain(why);
    }
  });

  it('says when an optimiser setting does not belong to the link’s optimiser', () => {
    const r = draftFromHash('#opt=adam&momentum=0.5&nesterov=1&beta1=0.8');
    expect(r.draft?.config.optimizer).toMatchObject({ kind: 'adam', beta1: 0.8 });
    expect(r.issues).toEqual([
      '#momentum= is a setting of sgd only, not of adam; ignored',
      '#nesterov= is a setting of sgd only, not of adam; ignored',
    ]);
  });

  it('refuses repeated or out-of-range domain severities at load, keeping the rest of the link', () => {
    const repeated = draftFromHash('#seed=3&ood=noise:0.2,noise:0.4');
    expect(repeated.draft?.config.seed).toBe(3);
    expect(repeated.draft?.oodDomains).toEqual(defaultDraft('mnist').oodDomains);
    expect(repeated.issues).toEqual([
      '#ood=noise:0.2,noise:0.4: names noise more than once; using the default domains',
    ]);
    const range = draftFromHash('#ood=rotate:500&id=blur:9');
    expect(range.issues).toEqual([
      "#id=blur:9: blur's severity must be from 0.3 to 3, got 9; using clean digits",
      "#ood=rotate:500: rotate's severity must be from 0 to 180, got 500; using the default domains",
    ]);
    expect(range.draft?.idDomain).toEqual({ id: 'clean', severity: 0 });
  });

  it('keeps the ID domain out of the OOD domains: dropped from the defaults, refused when the link names it', () => {
    const implied = draftFromHash('#id=noise:0.3');
    expect(implied.issues).toEqual([]);
    expect(implied.draft?.oodDomains.map((o) => o.id)).toEqual(['sketch', 'inverted', 'blur', 'texture']);
    const named = draftFromHash('#id=noise:0.3&ood=noise:0.45,blur:1');
    expect(named.issues).toEqual(['#ood=noise:0.45,blur:1: names noise, the ID domain; using the default domains']);
    expect(named.draft?.oodDomains.map((o) => o.id)).toEqual(['sketch', 'inverted', 'blur', 'texture']);
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

  it('puts back the default of a setting that parses but is out of range, and keeps the rest of the link', () => {
    const r = draftFromHash('#method=full-ft&steps=-5&opt=adam&lr=0.05&beta1=3&seed=3&train=0');
    const defaults = defaultDraft('mnist');
    expect(r.draft?.config.method).toBe('full-ft');
    expect(r.draft?.config.seed).toBe(3);
    expect(r.draft?.config.steps).toBe(defaults.config.steps);
    expect(r.draft?.config.optimizer).toEqual({ ...DEFAULT_ADAM, lr: 0.05 }); // β1 from Adam's defaults
    expect(r.draft?.trainPerClass).toBe(defaults.trainPerClass);
    expect(r.issues).toEqual([
      `the link's steps must be ≥ 1, got -5; using the default (${defaults.config.steps})`,
      expect.stringMatching(/^the link's optimizer\.beta1 .*got 3; using the default \(0\.9\)$/),
      `the link's trainPerClass must be a whole number from 1 to 10000, got 0; using the default (${defaults.trainPerClass})`,
    ]);
    expect(draftFromHash('')).toEqual({ draft: null, datasetId: null, issues: [] });
  });

  it('falls back to every default when values are wrong together, each valid on its own', () => {
    const r = draftFromHash('#momentum=0&nesterov=1');
    expect(r.draft).toBeNull();
    expect(r.issues.at(-1)).toBe(
      "the link's settings are invalid together (optimizer.nesterov Nesterov momentum needs momentum > 0); using the defaults",
    );
  });

  it('quotes a bad value in at most 40 characters', () => {
    const { issues } = draftFromHash(`#steps=${'7'.repeat(100)}x`);
    expect(issues).toEqual([`#steps=${'7'.repeat(40)}… (101 characters) is not a number; using the default`]);
    expect(echo('short')).toBe('short');
  });
});
