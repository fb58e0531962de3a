import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { createRng } from '../rng';
import { buildArchitecture } from './architectures';
import { loadUserModel, MAX_TENSOR_VALUES, userModelArtifacts, type UserModelFile } from './user-model';

/** The mlp as the files a user would pick, its weights split into two shards. */
async function files(): Promise<UserModelFile[]> {
  const model = buildArchitecture('mlp', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(3));
  let out: UserModelFile[] = [];
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const data = new Uint8Array(a.weightData as ArrayBuffer);
      const half = 4 * Math.floor(data.length / 8);
      const json = {
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['a.bin', 'b.bin'], weights: a.weightSpecs }],
      };
      out = [
        { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(json)) },
        { name: 'a.bin', bytes: data.slice(0, half) },
        { name: 'b.bin', bytes: data.slice(half) },
      ];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return out;
}

describe('a model the user brings', () => {
  it('assembles sharded weights in manifest order and loads the same network', async () => {
    const picked = await files();
    const reference = buildArchitecture('mlp', { inputShape: [28, 28, 1], numClasses: 10 }, createRng(3));
    const model = await loadUserModel(userModelArtifacts([picked[2], picked[0], picked[1]]));
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
    const [a, b] = [model.predict(x) as tf.Tensor, reference.predict(x) as tf.Tensor];
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([x, a, b]);
    model.dispose();
    reference.dispose();
  });

  it('says what is wrong: no model.json, bad JSON, not a LayersModel, a missing or short shard', async () => {
    const [json, a, b] = await files();
    const text = (s: string): UserModelFile => ({ name: 'model.json', bytes: new TextEncoder().encode(s) });
    expect(() => userModelArtifacts([a, b])).toThrow(
      'pick one model.json and the .bin files it lists (got 0 .json files)',
    );
    expect(() => userModelArtifacts([text('{oops'), a])).toThrow(/model.json is not valid JSON/);
    // a project file of this app (Open project… takes it) is named as such, not counted as .json files
    const named = (name: string, body: object): UserModelFile => ({
      name,
      bytes: new TextEncoder().encode(JSON.stringify(body)),
    });
    const project = [named('project.json', { format: 'tpgm-project/1' }), named('settings.json', {}), a];
    expect(() => userModelArtifacts(project)).toThrow(
      'this is a project file of this app (its project.json is a tpgm-project manifest), not a model: open it with "Open project…"',
    );
    // another app's project.json is not taken for one
    expect(() => userModelArtifacts([named('project.json', { format: 'other/1' }), json, a])).toThrow(
      /pick one model.json/,
    );
    expect(() => userModelArtifacts([text('{"hello": 1}')])).toThrow(
      'model.json is not a tfjs LayersModel (no modelTopology and weightsManifest)',
    );
    expect(() => userModelArtifacts([json, a])).toThrow(
      'model.json lists the weights file b.bin, which was not picked',
    );
    const short = { ...b, bytes: b.bytes.slice(0, b.bytes.length - 4) };
    expect(() => userModelArtifacts([json, a, short])).toThrow(
      'the weights files hold 940580 bytes but model.json describes 940584: head/bias (bytes 940,544–940,584) does not fit',
    );
    const long = { ...b, bytes: new Uint8Array([...b.bytes, 0, 0, 0, 0]) };
    expect(() => userModelArtifacts([json, a, long])).toThrow(': 4 bytes are left after the last weight');
  });

  it('passes on what tfjs says about a topology it cannot build', async () => {
    const [json, a, b] = await files();
    const parsed = JSON.parse(new TextDecoder().decode(json.bytes)) as {
      modelTopology: { class_name: string };
    };
    parsed.modelTopology.class_name = 'NoSuchModel';
    const broken = { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(parsed)) };
    await expect(loadUserModel(userModelArtifacts([broken, a, b]))).rejects.toThrow(/tfjs could not build this model/);
  });
});

/** Every shipped model (public/models/index.json; model-repository.test.ts pins the list). */
const SHIPPED = (JSON.parse(readFileSync('public/models/index.json', 'utf8')) as { models: string[] }).models;
const shippedFile = (id: string, file: string): UserModelFile => ({
  name: file,
  bytes: new Uint8Array(readFileSync(join('public/models', id, file))),
});

interface Spec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; min?: number; scale?: number };
}
interface ModelJson {
  modelTopology: { config: { layers: { name: string; inbound_nodes: unknown }[] } };
  weightsManifest: { paths: string[]; weights: Spec[] }[];
}

/** The shipped mlp as a parsed model.json, its weights as one float32 array, and a way to pack both. */
function mlp(): { json: ModelJson; values: Float32Array; pack: (json: ModelJson, bin: Uint8Array) => UserModelFile[] } {
  const json = JSON.parse(new TextDecoder().decode(shippedFile('mlp-mnist', 'model.json').bytes)) as ModelJson;
  const values = new Float32Array(shippedFile('mlp-mnist', 'weights.bin').bytes.slice().buffer);
  const pack = (j: ModelJson, bin: Uint8Array): UserModelFile[] => [
    { name: 'model.json', bytes: new TextEncoder().encode(JSON.stringify(j)) },
    { name: 'weights.bin', bytes: bin },
  ];
  return { json, values, pack };
}
const bytes = (a: Float32Array | Uint8Array | Uint16Array): Uint8Array =>
  new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const sizeOf = (s: Spec): number => s.shape.reduce((a, b) => a * b, 1);
/** Each weight's values, by name, in manifest order. */
function split(json: ModelJson, values: Float32Array): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  let at = 0;
  for (const s of json.weightsManifest[0].weights) {
    out.set(s.name, values.subarray(at, at + sizeOf(s)));
    at += sizeOf(s);
  }
  return out;
}

/** float32 → IEEE half bits (truncating; tiny values flush to zero): enough for weights of size ~0.01–1. */
function toHalf(v: number): number {
  const u = new Uint32Array(new Float32Array([v]).buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | ((u & 0x7fffff) >>> 13);
}

/** Every weight of the mlp quantised to `to`, and the float32 values tfjs should decode them to. */
function quantised(to: 'uint8' | 'uint16' | 'float16'): {
  files: UserModelFile[];
  expected: Map<string, Float32Array>;
} {
  const { json, values, pack } = mlp();
  const chunks: Uint8Array[] = [];
  const expected = new Map<string, Float32Array>();
  for (const [name, v] of split(json, values)) {
    const spec = json.weightsManifest[0].weights.find((s) => s.name === name) as Spec;
    if (to === 'float16') {
      const halves = Uint16Array.from(v, toHalf);
      chunks.push(bytes(halves));
      expected.set(name, v); // compared within float16's precision
      spec.quantization = { dtype: 'float16' };
      continue;
    }
    let [min, max] = [Infinity, -Infinity];
    for (const x of v) [min, max] = [Math.min(min, x), Math.max(max, x)];
    const scale = (max - min) / (to === 'uint8' ? 255 : 65535) || 1;
    const level = (x: number): number => Math.round((x - min) / scale);
    const q = to === 'uint8' ? Uint8Array.from(v, level) : Uint16Array.from(v, level);
    chunks.push(bytes(q));
    expected.set(
      name,
      Float32Array.from(q, (x) => x * scale + min),
    );
    spec.quantization = { dtype: to, min, scale };
  }
  const bin = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  chunks.reduce((at, c) => (bin.set(c, at), at + c.length), 0);
  return { files: pack(json, bin), expected };
}

async function weightsByName(model: tf.LayersModel): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const w of model.weights) out.set(w.originalName, (await w.read().data()) as Float32Array);
  return out;
}

describe('what a model the user brings is checked for before tfjs builds it (issue #15)', () => {
  it('accepts every shipped model and builds it with the parameter count of its card', async () => {
    for (const id of SHIPPED) {
      const card = JSON.parse(new TextDecoder().decode(shippedFile(id, 'meta.json').bytes)) as { parameters: number };
      const model = await loadUserModel(
        userModelArtifacts([shippedFile(id, 'model.json'), shippedFile(id, 'weights.bin')]),
      );
      expect(model.countParams(), id).toBe(card.parameters);
      model.dispose();
    }
  });

  it('refuses the cyclic model.json of the issue by name, and so does loadUserModel', async () => {
    const { json, values, pack } = mlp();
    const fc1 = json.modelTopology.config.layers.find((l) => l.name === 'fc1');
    if (fc1) fc1.inbound_nodes = [[['head', 0, 0, {}]]];
    const message = "the model's layers form a cycle: fc1 → fc2 → head → fc1";
    expect(() => userModelArtifacts(pack(json, bytes(values)))).toThrow(message);
    const artifacts = { modelTopology: json.modelTopology, weightSpecs: [], weightData: new ArrayBuffer(0) };
    await expect(loadUserModel(artifacts)).rejects.toThrow(message);
  });

  it('refuses weights that are NaN or ±Infinity, naming the first three with their counts', () => {
    const { json, values, pack } = mlp();
    const some = values.slice();
    const named = split(json, some);
    named.get('fc1/kernel')?.set([NaN], 5);
    named.get('fc2/bias')?.fill(Infinity);
    named.get('head/kernel')?.set([-Infinity], 1_279);
    expect(() => userModelArtifacts(pack(json, bytes(some)))).toThrow(
      '130 weight values are not finite numbers (NaN or ±Infinity): ' +
        'fc1/kernel (1 of 200,704), fc2/bias (128 of 128), head/kernel (1 of 1,280)',
    );
    expect(() => userModelArtifacts(pack(json, bytes(values.slice().fill(NaN))))).toThrow(
      '235,146 weight values are not finite numbers (NaN or ±Infinity): fc1/kernel (200,704 of 200,704), ' +
        'fc1/bias (256 of 256), fc2/kernel (32,768 of 32,768) and 3 more weights',
    );
  });

  it('refuses absurd sizes: one tensor over 2^25 values, or over 50 M values in all', () => {
    const { json, values, pack } = mlp();
    const specs = json.weightsManifest[0].weights;
    specs[0].shape = [100_000, 1_000];
    expect(() => userModelArtifacts(pack(json, bytes(values)))).toThrow(
      'weight fc1/kernel of shape [100000, 1000] holds more than 33,554,432 values, the most one tensor may hold here',
    );
    specs[0].shape = [MAX_TENSOR_VALUES];
    specs[2].shape = [MAX_TENSOR_VALUES];
    expect(() => userModelArtifacts(pack(json, bytes(values)))).toThrow(
      'the weights hold 67,110,538 values; at most 50,000,000 can be fine-tuned in a browser tab',
    );
    specs[0].shape = [-1, 784];
    expect(() => userModelArtifacts(pack(json, bytes(values)))).toThrow(
      'weight fc1/kernel has an invalid shape [-1,784]',
    );
  });

  it('dequantises uint8, uint16 and float16 weights as tfjs does, and checks what they decode to', async () => {
    for (const to of ['uint8', 'uint16'] as const) {
      const { files, expected } = quantised(to);
      const model = await loadUserModel(userModelArtifacts(files));
      const got = await weightsByName(model);
      const differ = [...expected].filter(([name, want]) => !want.every((v, i) => got.get(name)?.[i] === v));
      expect(
        differ.map(([name]) => name),
        to,
      ).toEqual([]); // value = stored × scale + min, in float32
      expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
      model.dispose();
    }
    const { files, expected } = quantised('float16');
    const model = await loadUserModel(userModelArtifacts(files));
    let worst = 0; // float16 keeps 10 bits of mantissa: relative error ≤ 2^-10, and tiny values flush to 0
    for (const [name, got] of await weightsByName(model)) {
      const want = expected.get(name) ?? new Float32Array();
      got.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - want[i]) - Math.abs(want[i]) / 1024)));
    }
    expect(worst).toBeLessThan(1e-4);
    model.dispose();
    // a float16 NaN (exponent all ones), and a uint8 scale whose top values overflow float32
    const nan = quantised('float16').files;
    new Uint16Array(nan[1].bytes.buffer).set([0x7e00], 200_704 + 3); // fc1/bias[3]
    expect(() => userModelArtifacts(nan)).toThrow(
      '1 weight value is not a finite number (NaN or ±Infinity): fc1/bias (1 of 256)',
    );
    const big = quantised('uint8').files;
    const json = JSON.parse(new TextDecoder().decode(big[0].bytes)) as ModelJson;
    const q = json.weightsManifest[0].weights[1].quantization ?? { dtype: 'uint8' };
    Object.assign(q, { min: 0, scale: 3e37 });
    expect(() => userModelArtifacts(mlp().pack(json, big[1].bytes))).toThrow(/: fc1\/bias \(\d+ of 256\)$/);
  });

  it('refuses quantisation tfjs cannot read, saying why', () => {
    const { files } = quantised('uint8');
    const json = JSON.parse(new TextDecoder().decode(files[0].bytes)) as ModelJson;
    const specs = json.weightsManifest[0].weights;
    const pack = () => mlp().pack(json, files[1].bytes);
    delete specs[0].quantization?.scale;
    expect(() => userModelArtifacts(pack())).toThrow(
      'weight fc1/kernel is quantised to uint8 without a finite min and scale',
    );
    specs[0].quantization = { dtype: 'int4' };
    expect(() => userModelArtifacts(pack())).toThrow(
      'weight fc1/kernel has an unknown quantisation (uint8, uint16 or float16',
    );
    specs[0].quantization = { dtype: 'float16' };
    specs[0].dtype = 'int32';
    expect(() => userModelArtifacts(pack())).toThrow(
      'weight fc1/kernel is quantised to float16, which only float32 can be',
    );
    delete specs[0].quantization;
    specs[0].dtype = 'float16';
    expect(() => userModelArtifacts(pack())).toThrow(
      'weight fc1/kernel has dtype float16; this app loads float32, int32 or bool',
    );
  });
});
