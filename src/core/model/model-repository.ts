/**
 * The shipped pre-trained models: `index.json` lists ids, each `<id>/meta.json` is its card and
 * `<id>/model.json` + `weights.bin` its tfjs LayersModel. Files are read through a ByteSource (fetch in
 * the worker, the file system in Node) and checked against the card's sizes and SHA-256 before tfjs
 * sees them, so a broken or swapped file is a clear error naming it.
 */
import * as tf from '@tensorflow/tfjs';

import type { ByteSource } from '../data/dataset-loader';
import { cardProblems, MODEL_ID, MODEL_INDEX_FORMAT, type ModelCard, type ModelIndex } from '../spec/model-card';
import { sha256Hex } from '../spec/sha256';

export class ModelError extends Error {
  override name = 'ModelError';
}

function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (err) {
    throw new ModelError(`${where} is not valid JSON (${(err as Error).message})`);
  }
}

export interface ShippedModels {
  cards: ModelCard[];
  /** Cards that could not be used, with why (the rest of the zoo still loads). */
  problems: string[];
}

/** Every listed model's card; a bad card is reported in `problems`, not thrown. */
export async function readModelIndex(source: ByteSource): Promise<ShippedModels> {
  const index = parseJson(await source.read('index.json'), `${source.label}index.json`) as Partial<ModelIndex>;
  if (index.format !== MODEL_INDEX_FORMAT || !Array.isArray(index.models)) {
    throw new ModelError(`${source.label}index.json: expected format ${MODEL_INDEX_FORMAT} with a models list`);
  }
  const cards: ModelCard[] = [];
  const problems: string[] = [];
  for (const id of index.models) {
    try {
      if (typeof id !== 'string' || !MODEL_ID.test(id)) throw new ModelError(`"${String(id)}" is not a model id`);
      const card = parseJson(await source.read(`${id}/meta.json`), `${source.label}${id}/meta.json`);
      const issues = cardProblems(card, id);
      if (issues.length > 0) throw new ModelError(issues.join('; '));
      cards.push(card as ModelCard);
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { cards, problems };
}

/** Reads a shard and checks it against the card. */
async function checkedShard(source: ByteSource, card: ModelCard, path: string): Promise<Uint8Array<ArrayBuffer>> {
  const shard = card.shards.find((s) => s.path === path);
  if (!shard) throw new ModelError(`models/${card.id}/meta.json lists no ${path}`);
  const bytes = await source.read(`${card.id}/${path}`);
  if (bytes.length !== shard.bytes) {
    throw new ModelError(`models/${card.id}/${path} has ${bytes.length} bytes, its card says ${shard.bytes}`);
  }
  if ((await sha256Hex(bytes)) !== shard.sha256) {
    throw new ModelError(
      `models/${card.id}/${path} does not match its card's SHA-256: the file is damaged or replaced`,
    );
  }
  return bytes;
}

/** The model of `card`, as saved (with its pre-training head), after checking every file. */
export async function loadShippedModel(source: ByteSource, card: ModelCard): Promise<tf.LayersModel> {
  const json = parseJson(await checkedShard(source, card, 'model.json'), `models/${card.id}/model.json`) as {
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const manifest = json.weightsManifest;
  if (!json.modelTopology || !Array.isArray(manifest) || manifest.length !== 1 || manifest[0].paths.length !== 1) {
    throw new ModelError(`models/${card.id}/model.json: expected a topology and one weights shard`);
  }
  const weights = await checkedShard(source, card, manifest[0].paths[0]);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: manifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}
