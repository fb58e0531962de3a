/**
 * The schema of a TPGM reference fixture (made by ../shared/reference/make_tpgm_reference.py, copied to
 * scripts/reference/), parsed with clear errors. Only the shape of the data is checked here; the
 * numbers are compared by conformance.ts.
 */

export interface TensorEntry {
  shape: number[];
  values: number[];
}

export interface FixtureBatch {
  x: TensorEntry;
  y: number[];
}

export interface FixtureStep {
  batch: number;
  loss: number;
  grad_radii: Record<string, number>;
  radii_after_step: Record<string, number>;
}

export interface FixtureCase {
  /** Optional explicit norm; otherwise inferred from the case name. */
  norm?: 'l2' | 'mars';
  mars1d?: 'vector' | 'elementwise';
  exclude: string[];
  norms: Record<string, number[]>;
  init_radii: Record<string, number>;
  radii: Record<string, number>;
  clip_examples: Record<string, { in: number[]; out: number[] }>;
  radii_after_clip: Record<string, number>;
  ratios: Record<string, number[]>;
  projected: Record<string, number[]>;
  val_loss: number;
  logits: number[];
  grad_radii: Record<string, number>;
  radii_after_adam_step1: Record<string, number>;
  radii_used_by_apply: Record<string, number>;
  applied_after_step1: Record<string, number[]>;
  val_loss_after_apply: number;
  multi_step: FixtureStep[];
  multi_step_applied: Record<string, number[]>;
}

export interface FixtureModel {
  input_shape: number[];
  conv: { kernel: number[]; strides: number; padding: string; activation: string };
  dense: { kernel: number[] };
}

export interface Fixture {
  model: FixtureModel;
  param_order: string[];
  constants: { eps_norm: number; clip_min: number; adam: { lr: number; beta1: number; beta2: number; eps: number } };
  pretrained: Record<string, TensorEntry>;
  current: Record<string, TensorEntry>;
  val_batch: FixtureBatch;
  val_batch2: FixtureBatch;
  cases: Record<string, FixtureCase>;
  val_loss_unprojected: number;
  val_loss_pretrained: number;
}

function fail(path: string, what: string): never {
  throw new Error(`fixture: ${path} ${what}`);
}

function obj(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  return v as Record<string, unknown>;
}

function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'must be a finite number');
  return v;
}

function nums(v: unknown, path: string): number[] {
  if (!Array.isArray(v)) fail(path, 'must be an array of numbers');
  v.forEach((x, i) => num(x, `${path}[${i}]`));
  return v as number[];
}

function tensorEntry(v: unknown, path: string): TensorEntry {
  const o = obj(v, path);
  const shape = nums(o.shape, `${path}.shape`);
  const values = nums(o.values, `${path}.values`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== values.length) fail(path, `has shape [${shape.join(', ')}] but ${values.length} values`);
  return { shape, values };
}

function perParam<T>(v: unknown, path: string, names: string[], each: (x: unknown, p: string) => T): Record<string, T> {
  const o = obj(v, path);
  const out: Record<string, T> = {};
  for (const n of names) {
    if (!(n in o)) fail(path, `misses "${n}"`);
    out[n] = each(o[n], `${path}["${n}"]`);
  }
  return out;
}

function parseCase(v: unknown, path: string, all: string[]): FixtureCase {
  const o = obj(v, path);
  const exclude = Array.isArray(o.exclude)
    ? (o.exclude as unknown[]).map(String)
    : fail(`${path}.exclude`, 'must be a list');
  for (const e of exclude) if (!all.includes(e)) fail(`${path}.exclude`, `names unknown tensor "${e}"`);
  const active = all.filter((n) => !exclude.includes(n));
  const scalars = (key: string): Record<string, number> => perParam(o[key], `${path}.${key}`, active, num);
  const vectors = (key: string, names = active): Record<string, number[]> =>
    perParam(o[key], `${path}.${key}`, names, nums);
  if (!Array.isArray(o.multi_step)) fail(`${path}.multi_step`, 'must be a list');
  const multi = (o.multi_step as unknown[]).map((s, i): FixtureStep => {
    const so = obj(s, `${path}.multi_step[${i}]`);
    return {
      batch: num(so.batch, `${path}.multi_step[${i}].batch`),
      loss: num(so.loss, `${path}.multi_step[${i}].loss`),
      grad_radii: perParam(so.grad_radii, `${path}.multi_step[${i}].grad_radii`, active, num),
      radii_after_step: perParam(so.radii_after_step, `${path}.multi_step[${i}].radii_after_step`, active, num),
    };
  });
  const norm =
    o.norm === undefined
      ? undefined
      : o.norm === 'l2' || o.norm === 'mars'
        ? o.norm
        : fail(`${path}.norm`, 'must be "l2" or "mars"');
  const mars1d =
    o.mars1d === undefined
      ? undefined
      : o.mars1d === 'vector' || o.mars1d === 'elementwise'
        ? o.mars1d
        : fail(`${path}.mars1d`, 'must be "vector" or "elementwise"');
  return {
    norm,
    mars1d,
    exclude,
    norms: vectors('norms'),
    init_radii: scalars('init_radii'),
    radii: scalars('radii'),
    clip_examples: perParam(o.clip_examples, `${path}.clip_examples`, active, (x, p) => {
      const c = obj(x, p);
      return { in: nums(c.in, `${p}.in`), out: nums(c.out, `${p}.out`) };
    }),
    radii_after_clip: scalars('radii_after_clip'),
    ratios: vectors('ratios'),
    projected: vectors('projected', all),
    val_loss: num(o.val_loss, `${path}.val_loss`),
    logits: nums(o.logits, `${path}.logits`),
    grad_radii: scalars('grad_radii'),
    radii_after_adam_step1: scalars('radii_after_adam_step1'),
    radii_used_by_apply: scalars('radii_used_by_apply'),
    applied_after_step1: vectors('applied_after_step1', all),
    val_loss_after_apply: num(o.val_loss_after_apply, `${path}.val_loss_after_apply`),
    multi_step: multi,
    multi_step_applied: vectors('multi_step_applied', all),
  };
}

function parseBatch(v: unknown, path: string): FixtureBatch {
  const o = obj(v, path);
  return { x: tensorEntry(o.x, `${path}.x`), y: nums(o.y, `${path}.y`) };
}

/** Validate a parsed JSON value against the fixture schema; throws with the path of the first problem. */
export function parseFixture(json: unknown): Fixture {
  const o = obj(json, '(root)');
  if (!Array.isArray(o.param_order) || o.param_order.length === 0) fail('param_order', 'must be a non-empty list');
  const names = (o.param_order as unknown[]).map(String);
  const m = obj(o.model, 'model');
  const conv = obj(m.conv, 'model.conv');
  const dense = obj(m.dense, 'model.dense');
  const c = obj(o.constants, 'constants');
  const adam = obj(c.adam, 'constants.adam');
  const casesObj = obj(o.cases, 'cases');
  const cases: Record<string, FixtureCase> = {};
  for (const [k, v] of Object.entries(casesObj)) cases[k] = parseCase(v, `cases.${k}`, names);
  if (Object.keys(cases).length === 0) fail('cases', 'is empty');
  return {
    model: {
      input_shape: nums(m.input_shape, 'model.input_shape'),
      conv: {
        kernel: nums(conv.kernel, 'model.conv.kernel'),
        strides: num(conv.strides, 'model.conv.strides'),
        padding: String(conv.padding),
        activation: String(conv.activation),
      },
      dense: { kernel: nums(dense.kernel, 'model.dense.kernel') },
    },
    param_order: names,
    constants: {
      eps_norm: num(c.eps_norm, 'constants.eps_norm'),
      clip_min: num(c.clip_min, 'constants.clip_min'),
      adam: {
        lr: num(adam.lr, 'constants.adam.lr'),
        beta1: num(adam.beta1, 'constants.adam.beta1'),
        beta2: num(adam.beta2, 'constants.adam.beta2'),
        eps: num(adam.eps, 'constants.adam.eps'),
      },
    },
    pretrained: perParam(o.pretrained, 'pretrained', names, tensorEntry),
    current: perParam(o.current, 'current', names, tensorEntry),
    val_batch: parseBatch(o.val_batch, 'val_batch'),
    val_batch2: parseBatch(o.val_batch2, 'val_batch2'),
    cases,
    val_loss_unprojected: num(o.val_loss_unprojected, 'val_loss_unprojected'),
    val_loss_pretrained: num(o.val_loss_pretrained, 'val_loss_pretrained'),
  };
}
