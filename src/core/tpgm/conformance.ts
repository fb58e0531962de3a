/**
 * Runs a TPGM reference fixture (fixture.ts) through the project's own core code — TunableModel, Tpgm,
 * norms, projection, the radius Adam — and measures the error of every quantity. Used by the Vitest
 * conformance test and by `npm run check:reference`; it is not a second implementation of TPGM.
 */
import * as tf from '@tensorflow/tfjs';

import { crossEntropy } from '../losses';
import { TunableModel } from '../model/tunable-model';
import { RADIUS_ADAM, type Mars1dMode, type NormMode } from '../spec/config';
import type { Fixture, FixtureCase, TensorEntry } from './fixture';
import { CLIP_MIN, EPS_NORM, clampRadius, projectionRatio } from './projection';
import { Tpgm } from './tpgm';
import type { QuantityError } from '../spec/quantity-error';

/** 1e-5 relative on the CPU backend, 1e-4 on WebGPU/WebGL (../shared/METHODS.md §1). */
export const TOLERANCE = { cpu: 1e-5, gpu: 1e-4 } as const;

/** The tfjs these results came from (printed with them). */
export const TFJS_VERSION = tf.version.tfjs;

/** Values below this magnitude count as this magnitude in the element-wise relative error. */
export const ELEMENT_FLOOR = 1e-6;

/**
 * Compare two flat lists of numbers. `groups` splits them into consecutive blocks (one per tensor)
 * that are judged normwise each; by default the whole list is one block.
 */
export function compareValues(
  quantity: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  groups: readonly number[] = [expected.length],
): QuantityError {
  if (actual.length !== expected.length) {
    throw new Error(`${quantity}: ${actual.length} values, the fixture has ${expected.length}`);
  }
  if (groups.reduce((a, b) => a + b, 0) !== expected.length)
    throw new Error(`${quantity}: groups do not cover the values`);
  let abs = 0;
  let elementRel = 0;
  let relativeError = 0;
  let start = 0;
  for (const size of groups) {
    let groupAbs = 0;
    let scale = 0;
    for (let i = start; i < start + size; i++) {
      const e = Math.abs(actual[i] - expected[i]);
      groupAbs = Number.isNaN(e) ? Infinity : Math.max(groupAbs, e);
      elementRel = Math.max(
        elementRel,
        Number.isNaN(e) ? Infinity : e / Math.max(Math.abs(expected[i]), ELEMENT_FLOOR),
      );
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    abs = Math.max(abs, groupAbs);
    relativeError = Math.max(relativeError, scale > 0 ? groupAbs / scale : groupAbs);
    start += size;
  }
  return {
    quantity,
    count: expected.length,
    relativeError,
    maxElementRelativeError: elementRel,
    maxAbsoluteError: abs,
  };
}

function caseMode(name: string, c: FixtureCase): { norm: NormMode; mars1d: Mars1dMode } {
  const norm = c.norm ?? (name.startsWith('l2') ? 'l2' : name.startsWith('mars') ? 'mars' : undefined);
  if (norm === undefined) throw new Error(`case "${name}": cannot tell its norm; add "norm": "l2" | "mars"`);
  const mars1d = c.mars1d ?? (/legacy|elementwise/.test(name) ? 'elementwise' : 'vector');
  return { norm, mars1d };
}

function toTensor(entry: TensorEntry): tf.Tensor {
  return tf.tensor(entry.values, entry.shape, 'float32');
}

/** The fixture's model (conv → ReLU → flatten → dense) as a LayersModel with θ0 = `pretrained`. */
export function buildFixtureModel(fixture: Fixture): TunableModel {
  const { model: m, param_order: names } = fixture;
  if (names.length !== 4)
    throw new Error(`fixture: expected 4 tensors (conv kernel, bias, dense kernel, bias), got ${names.length}`);
  const layerName = (i: number): string => names[i].split('/')[0];
  const [kh, kw, , filters] = m.conv.kernel;
  const input = tf.input({ shape: m.input_shape.slice(1) });
  const conv = tf.layers.conv2d({
    name: layerName(0),
    filters,
    kernelSize: [kh, kw],
    strides: m.conv.strides,
    padding: m.conv.padding === 'same' ? 'same' : 'valid',
    activation: m.conv.activation === 'relu' ? 'relu' : 'linear',
  });
  const dense = tf.layers.dense({ name: layerName(2), units: m.dense.kernel[1] });
  const logits = dense.apply(tf.layers.flatten().apply(conv.apply(input))) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  const weights = names.map((n) => toTensor(fixture.pretrained[n]));
  model.setWeights(weights);
  tf.dispose(weights);
  const tunable = new TunableModel(model);
  const got = tunable.params.map((p) => p.name).join(', ');
  if (got !== names.join(', ')) throw new Error(`fixture: tensors are [${names.join(', ')}], the model built [${got}]`);
  return tunable;
}

function setWeights(model: TunableModel, values: Record<string, TensorEntry>): void {
  for (const p of model.params) {
    const t = toTensor(values[p.name]);
    p.variable.assign(t);
    t.dispose();
  }
}

async function read(t: tf.Tensor | readonly tf.Tensor[]): Promise<number[]> {
  const list = Array.isArray(t) ? t : [t as tf.Tensor];
  const flat = tf.tidy(() => tf.concat(list.map((x) => tf.reshape(x, [-1]))));
  const values = Array.from(await flat.data());
  flat.dispose();
  return values;
}

function batchTensors(b: { x: TensorEntry; y: number[] }): { x: tf.Tensor; y: tf.Tensor1D } {
  return { x: toTensor(b.x), y: tf.tensor1d(b.y, 'int32') };
}

/** Check the fixture's constants against the project's: a mismatch is a finding, not something to adapt to. */
function checkConstants(fixture: Fixture): void {
  const c = fixture.constants;
  const expected: [string, number, number][] = [
    ['eps_norm', c.eps_norm, EPS_NORM],
    ['clip_min', c.clip_min, CLIP_MIN],
    ['adam.beta1', c.adam.beta1, RADIUS_ADAM.beta1],
    ['adam.beta2', c.adam.beta2, RADIUS_ADAM.beta2],
    ['adam.eps', c.adam.eps, RADIUS_ADAM.epsilon],
  ];
  for (const [name, got, want] of expected) {
    if (got !== want) throw new Error(`fixture constant ${name} = ${got}, the project uses ${want}`);
  }
}

async function runCase(fixture: Fixture, name: string, c: FixtureCase, out: QuantityError[]): Promise<void> {
  const model = buildFixtureModel(fixture);
  const { norm, mars1d } = caseMode(name, c);
  const names = fixture.param_order;
  const params = model.projectedParams({ excludeHead: false, excluded: c.exclude });
  const active = params.map((p) => p.name);
  const q = (quantity: string, actual: ArrayLike<number>, expected: ArrayLike<number>, groups?: number[]): void => {
    out.push(compareValues(`${name}/${quantity}`, actual, expected, groups));
  };
  // block sizes for per-tensor judgement: one block per tensor, over all tensors or the projected ones
  const allSizes = names.map((n) => fixture.current[n].values.length);
  const sizesOf = (rec: Record<string, number[]>): number[] => active.map((n) => rec[n].length);
  const byActive = (rec: Record<string, number>): number[] => active.map((n) => rec[n]);
  const weightsOf = async (list = names): Promise<number[]> => read(list.map((n) => model.param(n).variable));
  const expectedWeights = (rec: Record<string, number[]>): number[] => names.flatMap((n) => rec[n]);
  const b1 = batchTensors(fixture.val_batch);
  const b2 = batchTensors(fixture.val_batch2);
  const options = { norm, mars1d, radiusLr: fixture.constants.adam.lr };
  try {
    setWeights(model, fixture.current);
    // Norms and the first-update initialisation γ = min(n)/2.
    const tpgm = new Tpgm(model, params, options);
    const dev = tpgm.measureDeviation();
    q(
      'norms',
      await read(dev.n),
      active.flatMap((n) => c.norms[n]),
      sizesOf(c.norms),
    );
    tpgm.initializeRadii(dev);
    q('init_radii', await read(tpgm.gamma), byActive(c.init_radii));
    // Clipping of the radius.
    const clipped = tf.tidy(() =>
      params.flatMap((p, i) => c.clip_examples[p.name].in.map((v) => clampRadius(tf.scalar(v), dev.maxN[i]))),
    );
    q(
      'clip_examples',
      await read(clipped),
      active.flatMap((n) => c.clip_examples[n].out),
      active.map((n) => c.clip_examples[n].out.length),
    );
    tf.dispose(clipped);
    // One radius step from the chosen radii: clip, ratios, θ̂, logits, loss, ∂L/∂γ, Adam.
    const afterClip = tf.tidy(() => params.map((_, i) => clampRadius(tf.scalar(c.radii[active[i]]), dev.maxN[i])));
    q('radii_after_clip', await read(afterClip), byActive(c.radii_after_clip));
    const ratios = tf.tidy(() => afterClip.map((r, i) => projectionRatio(r, dev.divisor[i])));
    q(
      'ratios',
      await read(ratios),
      active.flatMap((n) => c.ratios[n]),
      sizesOf(c.ratios),
    );
    tf.dispose([...afterClip, ...ratios]);
    tpgm.setRadii(byActive(c.radii));
    const stepResult = tpgm.updateRadii(dev, b1.x, b1.y);
    q('projected', await weightsOf(), expectedWeights(c.projected), allSizes);
    const logits = tf.tidy(() => model.forward(b1.x, 'inference'));
    q('logits', await read(logits), c.logits);
    logits.dispose();
    q('val_loss', await read(stepResult.loss), [c.val_loss]);
    q('grad_radii', await read(stepResult.grads), byActive(c.grad_radii));
    tf.dispose([stepResult.loss, stepResult.grads]);
    q('radii_after_adam_step1', await read(tpgm.gamma), byActive(c.radii_after_adam_step1));
    // Projection with the updated radii.
    tpgm.projectWeights(dev);
    q('radii_used_by_apply', await read(tpgm.gamma), byActive(c.radii_used_by_apply));
    q('applied_after_step1', await weightsOf(), expectedWeights(c.applied_after_step1), allSizes);
    const lossAfter = tf.tidy(() => crossEntropy(model.forward(b1.x, 'inference'), b1.y));
    q('val_loss_after_apply', await read(lossAfter), [c.val_loss_after_apply]);
    lossAfter.dispose();
    dev.dispose();
    tpgm.dispose();
    // A fresh run of several radius steps on alternating batches (one persistent Adam state).
    setWeights(model, fixture.current);
    const multi = new Tpgm(model, params, options);
    const dev2 = multi.measureDeviation();
    multi.setRadii(byActive(c.radii));
    for (const [i, s] of c.multi_step.entries()) {
      const b = s.batch === 0 ? b1 : b2;
      const r = multi.updateRadii(dev2, b.x, b.y);
      q(`multi_step[${i}]/loss`, await read(r.loss), [s.loss]);
      q(`multi_step[${i}]/grad_radii`, await read(r.grads), byActive(s.grad_radii));
      q(`multi_step[${i}]/radii_after_step`, await read(multi.gamma), byActive(s.radii_after_step));
      tf.dispose([r.loss, r.grads]);
    }
    multi.projectWeights(dev2);
    q('multi_step_applied', await weightsOf(), expectedWeights(c.multi_step_applied), allSizes);
    dev2.dispose();
    multi.dispose();
  } finally {
    tf.dispose([b1.x, b1.y, b2.x, b2.y]);
    model.dispose();
  }
}

async function runLosses(fixture: Fixture, out: QuantityError[]): Promise<void> {
  const model = buildFixtureModel(fixture);
  const b = batchTensors(fixture.val_batch);
  try {
    const pre = tf.tidy(() => crossEntropy(model.forward(b.x, 'inference'), b.y));
    out.push(compareValues('val_loss_pretrained', await read(pre), [fixture.val_loss_pretrained]));
    pre.dispose();
    setWeights(model, fixture.current);
    const cur = tf.tidy(() => crossEntropy(model.forward(b.x, 'inference'), b.y));
    out.push(compareValues('val_loss_unprojected', await read(cur), [fixture.val_loss_unprojected]));
    cur.dispose();
  } finally {
    tf.dispose([b.x, b.y]);
    model.dispose();
  }
}

/** Every quantity of every case, with its error. Runs on whatever tfjs backend is active. */
export async function checkFixture(fixture: Fixture): Promise<QuantityError[]> {
  checkConstants(fixture);
  const out: QuantityError[] = [];
  await runLosses(fixture, out);
  for (const [name, c] of Object.entries(fixture.cases)) await runCase(fixture, name, c, out);
  return out;
}
