/**
 * A model the user brings: the files of a tfjs LayersModel (model.json and the .bin shards it lists),
 * assembled into artifacts with a clear message for every way they can be wrong. Whether the network
 * fits the dataset is load.ts's question.
 */
import * as tf from '@tensorflow/tfjs';

import { ModelError } from './model-repository';

export interface UserModelFile {
  /** The file's name (a path is reduced to its last part). */
  name: string;
  bytes: Uint8Array;
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2 };
const baseName = (path: string): string => path.split('/').pop() ?? path;

/** model.json + shards → artifacts for `tf.io.fromMemory`. Throws ModelError saying what is wrong. */
export function userModelArtifacts(files: readonly UserModelFile[]): tf.io.ModelArtifacts {
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) {
    throw new ModelError(`pick one model.json and the .bin files it lists (got ${jsons.length} .json files)`);
  }
  let json: {
    modelTopology?: object;
    weightsManifest?: { paths?: string[]; weights?: tf.io.WeightsManifestEntry[] }[];
  };
  try {
    json = JSON.parse(new TextDecoder().decode(jsons[0].bytes)) as typeof json;
  } catch (err) {
    throw new ModelError(`${jsons[0].name} is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ModelError(`${jsons[0].name} is not a tfjs LayersModel (no modelTopology and weightsManifest)`);
  }
  const byName = new Map(files.map((f) => [baseName(f.name), f.bytes]));
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const path of group.paths ?? []) {
      const shard = byName.get(baseName(path));
      if (!shard) throw new ModelError(`${jsons[0].name} lists the weights file ${path}, which was not picked`);
      shards.push(shard);
    }
    weightSpecs.push(...(group.weights ?? []));
  }
  const expected = weightSpecs.reduce((n, w) => {
    const size = BYTES_PER_ELEMENT[w.dtype];
    if (size === undefined || w.quantization)
      throw new ModelError(`weight ${w.name} has an unsupported format (${w.dtype})`);
    return n + size * w.shape.reduce((a, b) => a * b, 1);
  }, 0);
  const total = shards.reduce((n, s) => n + s.length, 0);
  if (total !== expected) {
    throw new ModelError(`the weights files hold ${total} bytes but ${jsons[0].name} describes ${expected}`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const s of shards) {
    weightData.set(s, offset);
    offset += s.length;
  }
  return { modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer };
}

/** A LayersModel from the user's artifacts; tfjs' own complaints are passed on, labelled. */
export async function loadUserModel(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw new ModelError(`tfjs could not build this model: ${(err as Error).message}`, { cause: err });
  }
}
