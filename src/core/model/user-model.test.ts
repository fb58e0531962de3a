import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';

import { createRng } from '../rng';
import { buildArchitecture } from './architectures';
import { loadUserModel, userModelArtifacts, type UserModelFile } from './user-model';

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
    expect(() => userModelArtifacts([text('{"hello": 1}')])).toThrow(
      'model.json is not a tfjs LayersModel (no modelTopology and weightsManifest)',
    );
    expect(() => userModelArtifacts([json, a])).toThrow(
      'model.json lists the weights file b.bin, which was not picked',
    );
    const short = { ...b, bytes: b.bytes.slice(0, 8) };
    expect(() => userModelArtifacts([json, a, short])).toThrow(
      /the weights files hold \d+ bytes but model.json describes \d+/,
    );
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
