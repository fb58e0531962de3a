/**
 * A model the user brings: the files of a tfjs LayersModel (model.json and the .bin shards it lists),
 * assembled into artifacts with a clear message for every way they can be wrong, all found before tfjs
 * builds anything: the graph (topology-check.ts), the weights' formats and sizes, the shards' byte length,
 * and weight values that are not finite. Whether the network fits the dataset is load.ts's question.
 */
import * as tf from '@tensorflow/tfjs';

import { ModelError } from './model-repository';
import { checkTopology } from './topology-check';

export interface UserModelFile {
  /** The file's name (a path is reduced to its last part). */
  name: string;
  bytes: Uint8Array;
}

/** 2^25 values in one tensor: 128 MiB of float32, WebGPU's default `maxStorageBufferBindingSize`, the
 *  largest buffer binding every adapter must allow. */
export const MAX_TENSOR_VALUES = 2 ** 25;
/**
 * 50 M weight values in all (200 MB of float32): fine-tuning holds about six copies of them (θ, the anchor
 * θ0, gradients, two Adam moments, TPGM's unprojected θ̃), ≈ 1.2 GB, about what a tab may allocate.
 */
export const MAX_WEIGHT_VALUES = 50_000_000;

/** How one weight is stored in the shards, as tfjs' `decodeWeights` reads it. */
export interface WeightLayout {
  name: string;
  /** number of values (the product of the shape) */
  size: number;
  /** the stored type: the dtype, or the quantised type (value = stored × scale + min for uint8/uint16) */
  stored: 'float32' | 'int32' | 'bool' | 'uint8' | 'uint16' | 'float16';
  /** the decoded tensor's dtype */
  dtype: 'float32' | 'int32' | 'bool';
  scale: number;
  min: number;
}

const BYTES: Record<WeightLayout['stored'], number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};
const DTYPES = new Set(['float32', 'int32', 'bool']);
const baseName = (path: string): string => path.split('/').pop() ?? path;
const fmt = (n: number): string => n.toLocaleString('en-US');
const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks each weight entry of the manifest (name, shape, dtype, quantisation; MAX_TENSOR_VALUES each,
 * MAX_WEIGHT_VALUES in all) and returns how it is stored. Quantised weights are read as tfjs reads them:
 * uint8/uint16 with `min` and `scale` (float32 or int32), float16 (float32 only).
 */
export function weightLayout(specs: readonly unknown[]): WeightLayout[] {
  let total = 0;
  const layout = specs.map((spec, i): WeightLayout => {
    const name = isDict(spec) && typeof spec.name === 'string' ? spec.name : null;
    if (!isDict(spec) || !name) throw new ModelError(`weight #${i + 1} of model.json has no name`);
    const shape = spec.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
      throw new ModelError(`weight ${name} has an invalid shape ${JSON.stringify(shape)?.slice(0, 40)}`);
    }
    let size = 1;
    for (const d of shape as number[]) {
      size *= d;
      if (size > MAX_TENSOR_VALUES) {
        throw new ModelError(
          `weight ${name} of shape [${shape.join(', ')}] holds more than ${fmt(MAX_TENSOR_VALUES)} values, ` +
            'the most one tensor may hold here',
        );
      }
    }
    total += size;
    const dtype = spec.dtype;
    if (typeof dtype !== 'string' || !DTYPES.has(dtype)) {
      throw new ModelError(`weight ${name} has dtype ${String(dtype)}; this app loads float32, int32 or bool weights`);
    }
    const base = { name, size, dtype: dtype as WeightLayout['dtype'], scale: 1, min: 0 };
    if (!('quantization' in spec)) return { ...base, stored: base.dtype };
    const q = spec.quantization;
    const qtype = isDict(q) ? q.dtype : undefined;
    if (qtype === 'float16') {
      if (dtype !== 'float32') {
        throw new ModelError(`weight ${name} is quantised to float16, which only float32 can be`);
      }
      return { ...base, stored: 'float16' };
    }
    if (qtype !== 'uint8' && qtype !== 'uint16') {
      throw new ModelError(`weight ${name} has an unknown quantisation (uint8, uint16 or float16 can be read)`);
    }
    if (dtype === 'bool') throw new ModelError(`weight ${name} is a quantised bool, which tfjs cannot read`);
    const { scale, min } = q as { scale?: unknown; min?: unknown };
    if (typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min)) {
      throw new ModelError(`weight ${name} is quantised to ${qtype} without a finite min and scale`);
    }
    return { ...base, stored: qtype, scale, min };
  });
  if (total > MAX_WEIGHT_VALUES) {
    throw new ModelError(
      `the weights hold ${fmt(total)} values; at most ${fmt(MAX_WEIGHT_VALUES)} can be fine-tuned in a browser tab`,
    );
  }
  return layout;
}

/** Bytes `w` takes in the shards. */
export const byteLength = (w: WeightLayout): number => w.size * BYTES[w.stored];

/** How many of `w`'s decoded values are NaN or ±Infinity. `bytes`: its stored bytes (any alignment). */
function countNonFinite(w: WeightLayout, bytes: Uint8Array): number {
  if (w.dtype !== 'float32') return 0; // int32 and bool values are always finite
  const copy = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice(); // a typed array view needs aligned bytes
  let bad = 0;
  if (w.stored === 'float32') {
    const values = new Float32Array(copy.buffer, copy.byteOffset, w.size);
    for (let i = 0; i < values.length; i++) if (values[i] - values[i] !== 0) bad++; // NaN and ±Infinity only
  } else if (w.stored === 'float16') {
    const halves = new Uint16Array(copy.buffer, copy.byteOffset, w.size);
    for (let i = 0; i < halves.length; i++) if ((halves[i] & 0x7c00) === 0x7c00) bad++; // exponent all ones
  } else {
    const q = w.stored === 'uint8' ? copy.subarray(0, w.size) : new Uint16Array(copy.buffer, copy.byteOffset, w.size);
    for (let i = 0; i < q.length; i++) if (!Number.isFinite(Math.fround(q[i] * w.scale + w.min))) bad++; // as tfjs
  }
  return bad;
}

/** The weights whose decoded values are not all finite, with how many are not, in manifest order. */
export function nonFiniteWeights(
  layout: readonly WeightLayout[],
  data: Uint8Array,
): { name: string; count: number; size: number }[] {
  const out: { name: string; count: number; size: number }[] = [];
  let offset = 0;
  for (const w of layout) {
    const count = countNonFinite(w, data.subarray(offset, offset + byteLength(w)));
    if (count > 0) out.push({ name: w.name, count, size: w.size });
    offset += byteLength(w);
  }
  return out;
}

/** The count of values that are not finite, and the first three weights holding them, each with its count. */
function nonFiniteMessage(bad: { name: string; count: number; size: number }[]): string {
  const total = bad.reduce((n, b) => n + b.count, 0);
  const named = bad.slice(0, 3).map((b) => `${b.name} (${fmt(b.count)} of ${fmt(b.size)})`);
  const more = bad.length > 3 ? ` and ${bad.length - 3} more weight${bad.length === 4 ? '' : 's'}` : '';
  const what =
    total === 1 ? '1 weight value is not a finite number' : `${fmt(total)} weight values are not finite numbers`;
  return `${what} (NaN or ±Infinity): ${named.join(', ')}${more}`;
}

/** Says where the manifest and the shards part ways. */
function lengthMessage(layout: readonly WeightLayout[], total: number, json: string): string {
  const expected = layout.reduce((n, w) => n + byteLength(w), 0);
  let end = 0;
  const cut = layout.find((w) => (end += byteLength(w)) > total);
  const detail = cut
    ? `: ${cut.name} (bytes ${fmt(end - byteLength(cut))}–${fmt(end)}) does not fit`
    : `: ${fmt(total - expected)} bytes are left after the last weight`;
  return `the weights files hold ${total} bytes but ${json} describes ${expected}${detail}`;
}

/** Whether `files` are an unpacked project of this app: a project.json whose format is tpgm-project/…. */
function isProjectFile(files: readonly UserModelFile[]): boolean {
  const manifest = files.find((f) => f.name.split('/').pop()?.toLowerCase() === 'project.json');
  if (!manifest) return false;
  try {
    const format = (JSON.parse(new TextDecoder().decode(manifest.bytes)) as { format?: unknown }).format;
    return typeof format === 'string' && format.startsWith('tpgm-project/');
  } catch {
    return false;
  }
}

/** model.json + shards → artifacts for `tf.io.fromMemory`. Throws ModelError saying what is wrong. */
export function userModelArtifacts(files: readonly UserModelFile[]): tf.io.ModelArtifacts {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (isProjectFile(files)) {
    throw new ModelError(
      'this is a project file of this app (its project.json is a tpgm-project manifest), not a model: open it with "Open project…"',
    );
  }
  if (jsons.length !== 1) {
    throw new ModelError(`pick one model.json and the .bin files it lists (got ${jsons.length} .json files)`);
  }
  let json: { modelTopology?: object; weightsManifest?: { paths?: unknown; weights?: unknown }[] };
  try {
    json = JSON.parse(new TextDecoder().decode(jsons[0].bytes)) as typeof json;
  } catch (err) {
    throw new ModelError(`${jsons[0].name} is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelError(`${jsons[0].name} is not a tfjs LayersModel (no modelTopology and weightsManifest)`);
  }
  checkTopology(json.modelTopology);
  const byName = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  const weightSpecs: unknown[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    const paths = isDict(group) ? (group.paths ?? []) : null;
    const weights = isDict(group) ? (group.weights ?? []) : null;
    if (!Array.isArray(paths) || !Array.isArray(weights)) {
      throw new ModelError(`${jsons[0].name}'s weightsManifest is not a list of { paths, weights }`);
    }
    for (const path of paths) {
      const shard = byName.get(baseName(String(path)));
      if (!shard) throw new ModelError(`${jsons[0].name} lists the weights file ${path}, which was not picked`);
      shards.push(shard);
    }
    for (const w of weights) weightSpecs.push(w);
  }
  const layout = weightLayout(weightSpecs);
  const expected = layout.reduce((n, w) => n + byteLength(w), 0);
  const total = shards.reduce((n, s) => n + s.length, 0);
  if (total !== expected) throw new ModelError(lengthMessage(layout, total, jsons[0].name));
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const s of shards) {
    weightData.set(s, offset);
    offset += s.length;
  }
  const bad = nonFiniteWeights(layout, weightData);
  if (bad.length > 0) throw new ModelError(nonFiniteMessage(bad));
  return {
    modelTopology: json.modelTopology,
    weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
    weightData: weightData.buffer,
  };
}

/**
 * A LayersModel from the user's artifacts; tfjs' own complaints are passed on, labelled. The graph is
 * checked first (again), so no path hands tfjs a topology it would loop on forever.
 */
export async function loadUserModel(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  checkTopology(artifacts.modelTopology);
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw new ModelError(`tfjs could not build this model: ${(err as Error).message}`, { cause: err });
  }
}
