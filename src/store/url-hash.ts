/**
 * The run's setup in the URL hash, so a link reproduces it: `#dataset=mnist&model=cnn-small&method=tpgm
 * &steps=300&lr=0.01&seed=0&…&ood=sketch:1,noise:0.45`. Every key is optional; a bad value is
 * reported and the default kept. Tfjs-free.
 */
import { ARCHITECTURE_IDS, type ArchitectureId } from '../core/spec/architecture-ids';
import { METHOD_IDS, type NormMode } from '../core/spec/config';
import { defaultDraft, defaultPretrainedId, draftIssues } from '../core/spec/default-run';
import type { DomainId } from '../core/spec/domain-ids';
import { getSetting, METHOD_SETTINGS, withSetting, type NumericPath } from '../core/spec/method-settings';
import { MODEL_ID } from '../core/spec/model-card';
import type { RunSpec } from '../core/spec/run-spec';

/** TPGM's settings keep the short keys links had before the other methods came. */
const SHORT_KEYS: Partial<Record<NumericPath, string>> = {
  'tpgm.projFreq': 'projFreq',
  'tpgm.maxIters': 'maxIters',
  'tpgm.radiusLr': 'radiusLr',
};
const keyOf = (path: NumericPath): string => SHORT_KEYS[path] ?? path;
const ALL_SETTINGS = Object.values(METHOD_SETTINGS).flat();
const NORMS: readonly NormMode[] = ['mars', 'l2'];
const DOMAIN_IDS: readonly DomainId[] = ['sketch', 'inverted', 'noise', 'blur', 'texture', 'rotate', 'contrast'];
const ALL_DOMAINS: readonly DomainId[] = ['clean', ...DOMAIN_IDS];

export function draftToHash(d: RunSpec): string {
  const c = d.config;
  const p = new URLSearchParams();
  p.set('dataset', d.datasetId);
  p.set('model', d.model.id);
  p.set('method', c.method);
  p.set('steps', String(c.steps));
  p.set('lr', String(c.optimizer.lr));
  p.set('seed', String(c.seed));
  p.set('batch', String(c.batchSize));
  p.set('norm', c.tpgm.norm);
  // TPGM's settings always (other projection methods share its norm and scope), the chosen method's own
  const settings = new Set([...METHOD_SETTINGS.tpgm, ...METHOD_SETTINGS[c.method]].map((s) => s.path));
  for (const path of settings) p.set(keyOf(path), String(getSetting(c, path)));
  p.set('excludeHead', c.tpgm.scope.excludeHead ? '1' : '0');
  if (c.method === 'surgical') p.set('blocks', c.surgical.blocks.join(','));
  if (c.method === 'wise-ft') p.set('keepHead', c.wiseFt.keepHead ? '1' : '0');
  if (d.trainPerClass !== null) p.set('train', String(d.trainPerClass));
  if (d.testPerClass !== null) p.set('test', String(d.testPerClass));
  p.set('eval', String(d.evalEvery));
  p.set('live', d.liveTestPerClass === null ? 'full' : String(d.liveTestPerClass));
  p.set('id', `${d.idDomain.id}:${d.idDomain.severity}`);
  p.set('ood', d.oodDomains.map((o) => `${o.id}:${o.severity}`).join(','));
  return `#${p.toString()}`;
}

/** A value from the link as a message quotes it: at most 40 characters, so a pasted megabyte stays one line. */
export function echo(value: string, max = 40): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length.toLocaleString('en')} characters)`;
}

export interface HashResult {
  draft: RunSpec | null;
  /** The dataset the hash names (chosen by the app once the catalogue is known). */
  datasetId: string | null;
  issues: string[];
}

/** Parse a hash onto the defaults; an empty hash gives no draft and no issue. */
export function draftFromHash(hash: string): HashResult {
  const text = hash.replace(/^#/, '');
  if (text.length === 0) return { draft: null, datasetId: null, issues: [] };
  const p = new URLSearchParams(text);
  const issues: string[] = [];
  const datasetId = p.get('dataset');
  const d = defaultDraft(datasetId ?? 'mnist');
  const num = (key: string, apply: (v: number) => void): void => {
    const raw = p.get(key);
    if (raw === null) return;
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v))
      issues.push(`#${key}=${echo(raw)} is not a number; using the default`);
    else apply(v);
  };
  const pick = <T extends string>(key: string, allowed: readonly T[], apply: (v: T) => void): void => {
    const raw = p.get(key);
    if (raw === null) return;
    if ((allowed as readonly string[]).includes(raw)) apply(raw as T);
    else issues.push(`#${key}=${echo(raw)} is not one of ${allowed.join(', ')}; using the default`);
  };
  const model = p.get('model');
  // no model in the link: the default one, the shipped model if the worker lists it (checked then)
  if (model === null) d.model = { kind: 'pretrained', id: defaultPretrainedId(d.datasetId) };
  else {
    if ((ARCHITECTURE_IDS as readonly string[]).includes(model))
      d.model = { kind: 'architecture', id: model as ArchitectureId };
    // a shipped model's id; checked against the zoo when the worker lists it
    else if (MODEL_ID.test(model)) d.model = { kind: 'pretrained', id: model };
    else issues.push(`#model=${echo(model)} is not a model id; using the default`);
  }
  pick('method', METHOD_IDS, (v) => (d.config.method = v));
  num('steps', (v) => (d.config.steps = v));
  num('lr', (v) => (d.config.optimizer = { ...d.config.optimizer, lr: v }));
  num('seed', (v) => (d.config.seed = v));
  num('batch', (v) => (d.config.batchSize = v));
  pick('norm', NORMS, (v) => (d.config.tpgm = { ...d.config.tpgm, norm: v }));
  for (const s of ALL_SETTINGS) num(keyOf(s.path), (v) => (d.config = withSetting(d.config, s.path, v)));
  const blocks = p.get('blocks');
  if (blocks !== null) d.config.surgical = { blocks: blocks.split(',').filter((b) => b.length > 0) };
  pick('keepHead', ['0', '1'], (v) => (d.config.wiseFt = { ...d.config.wiseFt, keepHead: v === '1' }));
  pick(
    'excludeHead',
    ['0', '1'],
    (v) => (d.config.tpgm = { ...d.config.tpgm, scope: { ...d.config.tpgm.scope, excludeHead: v === '1' } }),
  );
  num('train', (v) => (d.trainPerClass = v));
  num('test', (v) => (d.testPerClass = v));
  num('eval', (v) => (d.evalEvery = v));
  if (p.get('live') === 'full') d.liveTestPerClass = null;
  else num('live', (v) => (d.liveTestPerClass = v));
  const id = p.get('id');
  if (id !== null) {
    const [domain, severity] = id.split(':');
    if ((ALL_DOMAINS as readonly string[]).includes(domain) && Number.isFinite(Number(severity)))
      d.idDomain = { id: domain as DomainId, severity: Number(severity) };
    else issues.push(`#id=${echo(id)} names an unknown domain or severity; using clean digits`);
  }
  const ood = p.get('ood');
  if (ood !== null) {
    const parsed = ood
      .split(',')
      .filter((s) => s.length > 0)
      .map((s) => s.split(':'));
    const bad = parsed.filter(
      ([id, sev]) => !(DOMAIN_IDS as readonly string[]).includes(id) || !Number.isFinite(Number(sev)),
    );
    if (bad.length > 0) issues.push(`#ood=${echo(ood)} names an unknown domain or severity; using the default domains`);
    else d.oodDomains = parsed.map(([id, sev]) => ({ id: id as DomainId, severity: Number(sev) }));
  }
  const known = new Set([
    'dataset',
    'model',
    'method',
    'steps',
    'lr',
    'seed',
    'batch',
    'norm',
    ...ALL_SETTINGS.map((s) => keyOf(s.path)),
    'blocks',
    'keepHead',
    'excludeHead',
    'train',
    'test',
    'eval',
    'live',
    'id',
    'ood',
  ]);
  for (const key of p.keys()) if (!known.has(key)) issues.push(`#${echo(key)} is not a setting; ignored`);
  const problems = draftIssues(d);
  if (problems.length > 0) {
    issues.push(
      `the link's settings are invalid (${problems.map((i) => `${i.path} ${i.message}`).join('; ')}); using the defaults`,
    );
    return { draft: null, datasetId, issues };
  }
  return { draft: d, datasetId, issues };
}
