/** A run's network in and out: the starting network it fine-tunes, and the trained one as files. */
import * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../core/data/dataset-loader';
import { buildArchitecture } from '../core/model/architectures';
import { prepareForDataset } from '../core/model/load';
import type { TunableModel } from '../core/model/tunable-model';
import { createRng } from '../core/rng';
import type { RunSpec } from '../core/spec/run-spec';
import type { ModelFiles } from './protocol';
import type { SessionDeps } from './session-deps';

/**
 * The run's starting network: a seeded fresh architecture, or a shipped or uploaded checkpoint with a
 * new head for the dataset. `loading` is called before a checkpoint is read.
 */
export async function startingNetwork(
  spec: RunSpec,
  ds: Dataset,
  deps: Pick<SessionDeps, 'pretrained' | 'uploaded'>,
  loading: (what: string) => void,
): Promise<tf.LayersModel> {
  const { model } = spec;
  const rng = createRng(spec.config.seed);
  const target = { inputShape: ds.meta.imageShape, numClasses: ds.meta.classes.length };
  if (model.kind === 'architecture') return buildArchitecture(model.id, target, rng.fork('model-init'));
  loading(`loading the model ${model.id}`);
  const loaded = await (model.kind === 'pretrained' ? deps.pretrained(model.id) : deps.uploaded(model.id));
  try {
    return prepareForDataset(loaded, target.inputShape, target.numClasses, rng.fork('head'));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`model ${model.id} does not fit ${ds.meta.id}: ${why}`, { cause: err });
  }
}

/** The trained network as tfjs LayersModel files (model.json's content and one weights shard). */
export async function modelFiles(model: TunableModel): Promise<ModelFiles> {
  let files: ModelFiles | null = null;
  await model.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      if (!(data instanceof ArrayBuffer) || !artifacts.modelTopology || !artifacts.weightSpecs) {
        throw new Error('tfjs gave the model in a form this exporter does not know');
      }
      files = { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: data };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!files) throw new Error('tfjs saved no model');
  return files;
}
