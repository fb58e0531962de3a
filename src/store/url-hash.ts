/**
 * The run's setup in the URL hash, so a link reproduces the exact run: `#dataset=mnist&model=cnn-small
 * &method=tpgm&steps=300&opt=sgd&lr=0.01&…&ood=sketch:1,noise:0.45`. The main settings, the optimiser,
 * TPGM's and the chosen method's settings are always written; any other setting only where it differs
 * from the default run. Every key is optional; a bad value is reported and the default kept. Tfjs-free.
 */
import { ARCHITECTURE_IDS, type ArchitectureId } from '../core/spec/architecture-ids';
import { classSubsetProblems, formatClassList, parseClassList } from '../core/spec/class-list';
import {
  DEFAULT_ADAM,
  DEFAULT_SGD,
  METHOD_IDS,
  type Mars1dMode,
  type NormMode,
  type ScheduleKind,
  type TrainConfig,
} from '../core/spec/config';
import { defaultDraft, defaultPretrainedId, draftIssues } from '../core/spec/default-run';
import { DOMAIN_IDS, OOD_DOMAIN_IDS, type DomainId } from '../core/spec/domain-ids';
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
const MARS_1D: readonly Mars1dMode[] = ['vector', 'elementwise'];
const SCHEDULES: readonly ScheduleKind[] = ['cosine', 'constant', 'one-cycle'];

/** The optimiser's own numbers: link key, the optimiser that has it, and where it lives. */
const OPTIMIZER_KEYS = [
  { key: 'wd', kind: null, field: 'weightDecay' },
  { key: 'momentum', kind: 'sgd', field: 'momentum' },
  { key: 'beta1', kind: 'adam', field: 'beta1' },
  { key: 'beta2', kind: 'adam', field: 'beta2' },
  { key: 'eps', kind: 'adam', field: 'epsilon' },
] as const;
type OptimizerKey = (typeof OPTIMIZER_KEYS)[number];
const hasKey = (o: TrainConfig['optimizer'], k: OptimizerKey): boolean => k.kind === null || k.kind === o.kind;
const optimizerNumber = (o: TrainConfig['optimizer'], k: OptimizerKey): number =>
  (o as unknown as Record<string, number>)[k.field];

export function draftToHash(d: RunSpec): string {
  const c = d.config;
  const p = new URLSearchParams();
  p.set('dataset', d.datasetId);
  p.set('model', d.model.id);
  // what a setting is when the link does not name it: the default run on this dataset
  const base = defaultDraft(d.datasetId);
  p.set('method', c.method);
  p.set('steps', String(c.steps));
  p.set('opt', c.optimizer.kind);
  p.set('lr', String(c.optimizer.lr));
  for (const k of OPTIMIZER_KEYS) if (hasKey(c.optimizer, k)) p.set(k.key, String(optimizerNumber(c.optimizer, k)));
  if (c.optimizer.kind === 'sgd') p.set('nesterov', c.optimizer.nesterov ? '1' : '0');
  p.set('schedule', c.schedule);
  p.set('seed', String(c.seed));
  p.set('batch', String(c.batchSize));
  p.set('norm', c.tpgm.norm);
  if (c.tpgm.mars1d !== base.config.tpgm.mars1d) p.set('mars1d', c.tpgm.mars1d);
  // TPGM's settings always (other projection methods share its norm and scope), the chosen method's own
  // too, and any other that differs from the default (LP-FT's probe lr follows the recipe, for one)
  const named = new Set([...METHOD_SETTINGS.tpgm, ...METHOD_SETTINGS[c.method]].map((s) => s.path));
  for (const { path } of ALL_SETTINGS)
    if (named.has(path) || getSetting(c, path) !== getSetting(base.config, path))
      p.set(keyOf(path), String(getSetting(c, path)));
  p.set('excludeHead', c.tpgm.scope.excludeHead ? '1' : '0');
  if (c.tpgm.scope.excluded.length > 0) p.set('exclude', c.tpgm.scope.excluded.join(','));
  if (c.method === 'surgical' || c.surgical.blocks.join(',') !== base.config.surgical.blocks.join(','))
    p.set('blocks', c.surgical.blocks.join(','));
  if (c.method === 'wise-ft' || c.wiseFt.keepHead !== base.config.wiseFt.keepHead)
    p.set('keepHead', c.wiseFt.keepHead ? '1' : '0');
  if (d.classes) p.set('classes', formatClassList(d.classes));
  if (c.freezeBnStats) p.set('bn', 'frozen');
  // null: the whole split ('full', like the live evaluations')
  p.set('train', d.trainPerClass === null ? 'full' : String(d.trainPerClass));
  p.set('test', d.testPerClass === null ? 'full' : String(d.testPerClass));
  p.set('eval', String(d.evalEvery));
  if (d.logEvery !== base.logEvery) p.set('log', String(d.logEvery));
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
  const defaults = defaultDraft(d.datasetId);
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
  // the optimiser first: another kind starts from that kind's defaults, then its numbers apply
  pick('opt', ['sgd', 'adam'] as const, (v) => {
    if (v !== d.config.optimizer.kind) d.config.optimizer = { ...(v === 'sgd' ? DEFAULT_SGD : DEFAULT_ADAM) };
  });
  num('lr', (v) => (d.config.optimizer = { ...d.config.optimizer, lr: v }));
  for (const k of OPTIMIZER_KEYS)
    num(k.key, (v) => {
      if (hasKey(d.config.optimizer, k)) d.config.optimizer = { ...d.config.optimizer, [k.field]: v };
      else issues.push(`#${k.key}= is a setting of ${k.kind} only, not of ${d.config.optimizer.kind}; ignored`);
    });
  pick('nesterov', ['0', '1'] as const, (v) => {
    const o = d.config.optimizer;
    if (o.kind === 'sgd') d.config.optimizer = { ...o, nesterov: v === '1' };
    else issues.push(`#nesterov= is a setting of sgd only, not of ${o.kind}; ignored`);
  });
  pick('schedule', SCHEDULES, (v) => (d.config.schedule = v));
  num('seed', (v) => (d.config.seed = v));
  num('batch', (v) => (d.config.batchSize = v));
  pick('norm', NORMS, (v) => (d.config.tpgm = { ...d.config.tpgm, norm: v }));
  pick('mars1d', MARS_1D, (v) => (d.config.tpgm = { ...d.config.tpgm, mars1d: v }));
  const exclude = p.get('exclude');
  if (exclude !== null) {
    const excluded = exclude.split(',').filter((n) => n.length > 0);
    d.config.tpgm = { ...d.config.tpgm, scope: { ...d.config.tpgm.scope, excluded } };
  }
  for (const s of ALL_SETTINGS) num(keyOf(s.path), (v) => (d.config = withSetting(d.config, s.path, v)));
  const blocks = p.get('blocks');
  if (blocks !== null) d.config.surgical = { blocks: blocks.split(',').filter((b) => b.length > 0) };
  pick('keepHead', ['0', '1'], (v) => (d.config.wiseFt = { ...d.config.wiseFt, keepHead: v === '1' }));
  pick(
    'excludeHead',
    ['0', '1'],
    (v) => (d.config.tpgm = { ...d.config.tpgm, scope: { ...d.config.tpgm.scope, excludeHead: v === '1' } }),
  );
  pick('bn', ['frozen', 'update'], (v) => {
    if (v === 'frozen') d.config.freezeBnStats = true;
    else delete d.config.freezeBnStats;
  });
  const classes = p.get('classes');
  if (classes !== null) {
    try {
      const list = parseClassList(classes);
      // the dataset's class count is checked by the worker, which names the dataset
      const problems = classSubsetProblems(list, 256);
      if (problems.length > 0) throw new Error(problems.join('; '));
      d.classes = list;
    } catch (err) {
      issues.push(`#classes=${echo(classes)}: ${err instanceof Error ? err.message : String(err)}; using every class`);
    }
  }
  if (p.get('train') === 'full') d.trainPerClass = null;
  else num('train', (v) => (d.trainPerClass = v));
  if (p.get('test') === 'full') d.testPerClass = null;
  else num('test', (v) => (d.testPerClass = v));
  num('eval', (v) => (d.evalEvery = v));
  num('log', (v) => (d.logEvery = v));
  if (p.get('live') === 'full') d.liveTestPerClass = null;
  else num('live', (v) => (d.liveTestPerClass = v));
  const id = p.get('id');
  if (id !== null) {
    const [domain, severity] = id.split(':');
    if ((DOMAIN_IDS as readonly string[]).includes(domain) && Number.isFinite(Number(severity)))
      d.idDomain = { id: domain as DomainId, severity: Number(severity) };
    else issues.push(`#id=${echo(id)} names an unknown domain or severity; using clean digits`);
    const wrong = domainProblems(d, 'idDomain');
    if (wrong) {
      issues.push(`#id=${echo(id)}: ${wrong}; using clean digits`);
      d.idDomain = defaults.idDomain;
    }
  }
  const ood = p.get('ood');
  let oodFromLink = false;
  if (ood !== null) {
    const parsed = ood
      .split(',')
      .filter((s) => s.length > 0)
      .map((s) => s.split(':'));
    const bad = parsed.filter(
      ([id, sev]) => !(OOD_DOMAIN_IDS as readonly string[]).includes(id) || !Number.isFinite(Number(sev)),
    );
    if (bad.length > 0) issues.push(`#ood=${echo(ood)} names an unknown domain or severity; using the default domains`);
    else {
      d.oodDomains = parsed.map(([id, sev]) => ({ id: id as DomainId, severity: Number(sev) }));
      oodFromLink = true;
    }
    const wrong = domainProblems(d, 'oodDomains');
    if (wrong) {
      issues.push(`#ood=${echo(ood)}: ${wrong}; using the default domains`);
      oodFromLink = false;
    }
  }
  // the default OOD domains, less the one the link made the ID domain
  if (!oodFromLink) d.oodDomains = defaults.oodDomains.filter((o) => o.id !== d.idDomain.id);
  const known = new Set([
    'dataset',
    'model',
    'method',
    'steps',
    'opt',
    'lr',
    ...OPTIMIZER_KEYS.map((k) => k.key),
    'nesterov',
    'schedule',
    'seed',
    'batch',
    'norm',
    'mars1d',
    'exclude',
    ...ALL_SETTINGS.map((s) => keyOf(s.path)),
    'blocks',
    'keepHead',
    'excludeHead',
    'classes',
    'bn',
    'train',
    'test',
    'eval',
    'log',
    'live',
    'id',
    'ood',
  ]);
  for (const key of p.keys()) if (!known.has(key)) issues.push(`#${echo(key)} is not a setting; ignored`);
  // a value that parses but is out of range falls back on its own: the rest of the link still applies
  const problems = draftIssues(d);
  const reset = problems.map(
    (issue) => `the link's ${issue.path} ${issue.message}; using the default${resetToDefault(d, defaults, issue.path)}`,
  );
  const left = draftIssues(d);
  if (left.length > 0) {
    issues.push(
      `the link's settings are invalid together (${left.map((i) => `${i.path} ${i.message}`).join('; ')}); using the defaults`,
    );
    return { draft: null, datasetId, issues };
  }
  issues.push(...reset);
  return { draft: d, datasetId, issues };
}

/**
 * Puts the default back at `path` (a draft field, or a field of its config such as `optimizer.lr`; an
 * optimiser's field from that optimiser's defaults) and says which value, as " (640)", or "" when the
 * path names nothing a link sets on its own.
 */
function resetToDefault(d: RunSpec, defaults: RunSpec, path: string): string {
  const [head, field] = path.split('.');
  const spec = d as unknown as Record<string, unknown>;
  if (field === undefined && head in spec && !(head in d.config)) {
    spec[head] = (defaults as unknown as Record<string, unknown>)[head];
    return ` (${String(spec[head] ?? 'full')})`;
  }
  const config = d.config as unknown as Record<string, unknown>;
  if (field === undefined) {
    config[head] = (defaults.config as unknown as Record<string, unknown>)[head];
    return ` (${String(config[head])})`;
  }
  const group =
    head === 'optimizer'
      ? d.config.optimizer.kind === 'adam'
        ? DEFAULT_ADAM
        : DEFAULT_SGD
      : (defaults.config as unknown as Record<string, unknown>)[head];
  if (typeof group !== 'object' || group === null || !(field in group)) return '';
  const value = (group as Record<string, unknown>)[field];
  config[head] = { ...(config[head] as object), [field]: value };
  return typeof value === 'number' || typeof value === 'string' ? ` (${value})` : '';
}

/** What is wrong with the draft's ID or OOD domains (ranges, repeats), in words; null when nothing is. */
function domainProblems(d: RunSpec, part: 'idDomain' | 'oodDomains'): string | null {
  const found = draftIssues(d).filter((i) => i.path.startsWith(part));
  return found.length > 0 ? found.map((i) => i.message).join('; ') : null;
}
