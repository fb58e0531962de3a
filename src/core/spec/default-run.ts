/**
 * The default run (a short run that shows TPGM's radii move within a minute on WebGPU), its defaults,
 * and the problems a run spec can have: what the form starts from and checks, and what the headless
 * runner builds its runs from. tfjs-free.
 */
import { DEFAULT_CONFIG } from './config';
import { validateConfig, type ConfigIssue } from './config-validation';
import { DOMAIN_IDS, DOMAIN_SEVERITY, OOD_DOMAIN_IDS, type DomainId } from './domain-ids';
import type { ModelCard } from './model-card';
import { PRESETS } from './presets';
import type { DomainChoice, ModelChoice, RunSpec } from './run-spec';

export const DEFAULT_OOD = [
  { id: 'sketch', severity: 1 },
  { id: 'inverted', severity: 1 },
  { id: 'noise', severity: 0.45 },
  { id: 'blur', severity: 1.5 },
  { id: 'texture', severity: 1 },
] as const satisfies RunSpec['oodDomains'];

/**
 * Live evaluations measure this many test images per class of every domain (300 per domain on the
 * shipped datasets: ±2–3 points of sampling noise, about a tenth of a full evaluation's time); the
 * final evaluation measures the whole test set.
 */
export const DEFAULT_LIVE_TEST_PER_CLASS = 30;

/** The id the shipped cnn-small pre-trained on a dataset has (`npm run pretrain` names it so). */
export const defaultPretrainedId = (datasetId: string): string => `cnn-small-${datasetId}`;

/** The shipped cnn-small pre-trained on this dataset, else a fresh (seeded, random) cnn-small. */
export function defaultModel(datasetId: string, models: readonly ModelCard[]): ModelChoice {
  const id = defaultPretrainedId(datasetId);
  return models.some((m) => m.id === id) ? { kind: 'pretrained', id } : { kind: 'architecture', id: 'cnn-small' };
}

/** The default run: the shipped model (when there is one) fine-tuned with TPGM, preset B1. */
export function defaultDraft(datasetId: string, models: readonly ModelCard[] = []): RunSpec {
  return PRESETS[0].apply({
    datasetId,
    model: defaultModel(datasetId, models),
    purpose: 'finetune',
    exportModel: false,
    config: {
      ...DEFAULT_CONFIG,
      method: 'tpgm',
      steps: 300,
      batchSize: 32,
    },
    idDomain: { id: 'clean', severity: 0 },
    oodDomains: [...DEFAULT_OOD],
    trainPerClass: 100,
    testPerClass: 100,
    liveTestPerClass: DEFAULT_LIVE_TEST_PER_CLASS,
    logEvery: 10,
    evalEvery: 50,
  });
}

/** Problems with a draft, for the form: the config's plus the run's own fields. */
export function draftIssues(spec: RunSpec): ConfigIssue[] {
  const issues = validateConfig(spec.config);
  const positive = (path: string, v: number | null, max: number): void => {
    if (v !== null && (!Number.isInteger(v) || v < 1 || v > max))
      issues.push({ path, message: `must be a whole number from 1 to ${max}, got ${v}` });
  };
  positive('trainPerClass', spec.trainPerClass, 10_000);
  positive('testPerClass', spec.testPerClass, 10_000);
  positive('liveTestPerClass', spec.liveTestPerClass, 10_000);
  positive('logEvery', spec.logEvery, 10_000);
  positive('evalEvery', spec.evalEvery, 1_000_000);
  issues.push(...domainIssues(spec));
  return issues;
}

/** The ID domain and the OOD domains: known ids, severities in each domain's range, no OOD domain twice. */
function domainIssues(spec: RunSpec): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (path: string, d: DomainChoice, allowed: readonly DomainId[]): void => {
    if (!allowed.includes(d.id)) {
      issues.push({ path, message: `"${String(d.id)}" is not one of ${allowed.join(', ')}` });
      return;
    }
    const { min, max } = DOMAIN_SEVERITY[d.id];
    if (!Number.isFinite(d.severity) || d.severity < min || d.severity > max)
      issues.push({ path, message: `${d.id}'s severity must be from ${min} to ${max}, got ${d.severity}` });
  };
  check('idDomain', spec.idDomain, DOMAIN_IDS);
  spec.oodDomains.forEach((d, k) => check(`oodDomains.${k}`, d, OOD_DOMAIN_IDS));
  const ids = spec.oodDomains.map((d) => d.id);
  const twice = [...new Set(ids.filter((id, k) => ids.indexOf(id) !== k))];
  if (twice.length > 0) issues.push({ path: 'oodDomains', message: `names ${twice.join(', ')} more than once` });
  // results are told apart by domain: the ID domain cannot also be an OOD one
  if (ids.includes(spec.idDomain.id))
    issues.push({ path: 'oodDomains', message: `names ${spec.idDomain.id}, the ID domain` });
  return issues;
}
