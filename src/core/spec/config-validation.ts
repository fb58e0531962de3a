/** Validation of a run configuration: every problem with its field's path, for the form. tfjs-free. */
import { METHOD_IDS, type OptimizerConfig, type TpgmConfig, type TrainConfig } from './config';
import { getSetting, METHOD_SETTINGS } from './method-settings';

/** One problem with a config: the field's dotted path and what is wrong, for the UI. */
export interface ConfigIssue {
  path: string;
  message: string;
}

function checkNumber(
  issues: ConfigIssue[],
  path: string,
  value: number,
  opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean },
): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.push({ path, message: `must be a finite number, got ${String(value)}` });
    return;
  }
  if (opts.integer && !Number.isInteger(value)) {
    issues.push({ path, message: `must be an integer, got ${value}` });
  }
  if (opts.min !== undefined) {
    const bad = opts.exclusiveMin ? value <= opts.min : value < opts.min;
    if (bad) issues.push({ path, message: `must be ${opts.exclusiveMin ? '>' : '≥'} ${opts.min}, got ${value}` });
  }
  if (opts.max !== undefined && value > opts.max) {
    issues.push({ path, message: `must be ≤ ${opts.max}, got ${value}` });
  }
}

function validateOptimizer(issues: ConfigIssue[], opt: OptimizerConfig): void {
  checkNumber(issues, 'optimizer.lr', opt.lr, { min: 0, max: 10, exclusiveMin: true });
  checkNumber(issues, 'optimizer.weightDecay', opt.weightDecay, { min: 0, max: 1 });
  if (opt.kind === 'sgd') {
    checkNumber(issues, 'optimizer.momentum', opt.momentum, { min: 0, max: 0.9999 });
    if (opt.nesterov && opt.momentum === 0) {
      issues.push({ path: 'optimizer.nesterov', message: 'Nesterov momentum needs momentum > 0' });
    }
  } else if (opt.kind === 'adam') {
    checkNumber(issues, 'optimizer.beta1', opt.beta1, { min: 0, max: 0.9999 });
    checkNumber(issues, 'optimizer.beta2', opt.beta2, { min: 0, max: 0.99999 });
    checkNumber(issues, 'optimizer.epsilon', opt.epsilon, { min: 0, max: 1, exclusiveMin: true });
  } else {
    issues.push({ path: 'optimizer.kind', message: `unknown optimiser "${String((opt as { kind: unknown }).kind)}"` });
  }
}

function validateTpgm(issues: ConfigIssue[], t: TpgmConfig): void {
  if (t.norm !== 'l2' && t.norm !== 'mars') {
    issues.push({ path: 'tpgm.norm', message: `must be "l2" or "mars", got "${String(t.norm)}"` });
  }
  if (t.mars1d !== 'vector' && t.mars1d !== 'elementwise') {
    issues.push({ path: 'tpgm.mars1d', message: `must be "vector" or "elementwise", got "${String(t.mars1d)}"` });
  }
  if (!Array.isArray(t.scope?.excluded)) {
    issues.push({ path: 'tpgm.scope.excluded', message: 'must be a list of parameter names' });
  }
}

function validateMethodSettings(issues: ConfigIssue[], config: TrainConfig): void {
  for (const s of METHOD_SETTINGS[config.method] ?? []) {
    checkNumber(issues, s.path, getSetting(config, s.path), s);
  }
  if (config.method === 'surgical') {
    const blocks = config.surgical.blocks;
    if (!Array.isArray(blocks) || blocks.length === 0 || blocks.some((b) => typeof b !== 'string' || b === '')) {
      issues.push({ path: 'surgical.blocks', message: 'name at least one block to train (or "first" / "last")' });
    }
  }
}

/** Every problem with `config`, empty when it is valid. Pure and cheap: call it on every edit. */
export function validateConfig(config: TrainConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (!METHOD_IDS.includes(config.method)) {
    issues.push({ path: 'method', message: `unknown method "${String(config.method)}"` });
  }
  checkNumber(issues, 'seed', config.seed, { min: 0, max: 2 ** 32 - 1, integer: true });
  checkNumber(issues, 'steps', config.steps, { min: 1, max: 1e6, integer: true });
  checkNumber(issues, 'batchSize', config.batchSize, { min: 1, max: 4096, integer: true });
  if (!['cosine', 'constant', 'one-cycle'].includes(config.schedule)) {
    issues.push({
      path: 'schedule',
      message: `must be "cosine", "one-cycle" or "constant", got "${String(config.schedule)}"`,
    });
  }
  validateOptimizer(issues, config.optimizer);
  validateTpgm(issues, config.tpgm);
  validateMethodSettings(issues, config);
  return issues;
}
