/**
 * A model the user loads: tfjs LayersModel files (model.json and its weights), loose or in a .zip,
 * and, for a model fine-tuned in this app, its card (tpgm-model.json), whose SHA-256 of each file is
 * checked so a changed or damaged file is refused by name. And such a model evaluated as it is, with
 * its own head, on the test sets its card's run measured: the same numbers, or a reason they differ.
 */
import type * as tf from '@tensorflow/tfjs';

import type { Dataset } from '../core/data/dataset-loader';
import { disposeSet } from '../core/data/labelled-set';
import { experimentIndices, wholeTestSet } from '../core/experiment/experiment-sets';
import { evaluationTotals } from '../core/metrics';
import { modelProblems } from '../core/model/load';
import { ModelError } from '../core/model/model-repository';
import { TunableModel } from '../core/model/tunable-model';
import { loadUserModel, type UserModelFile } from '../core/model/user-model';
import { sha256Hex } from '../core/spec/sha256';
import { TRAINED_CARD_FILE, trainedCardProblems, type TrainedModelCard } from '../core/spec/trained-model-card';
import { testDomainsOf, type RunSpec } from '../core/spec/run-spec';
import type { DomainResult } from './protocol';
import { domainResults } from './run-measurements';
import { experimentSpecOf } from './run-sets';
import { unpackSmallZip } from './upload';

/** A model export of this app is ~0.2–1 MB; a zip that unpacks past this is not one. */
export const MAX_MODEL_ZIP_BYTES = 256 * 1024 * 1024;

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** A zip's local file header signature, "PK\x03\x04": a downloaded zip may have lost its name. */
const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

/** The picked files with any .zip among them replaced by the files it holds. */
export function expandZips(files: UserModelFile[]): UserModelFile[] {
  return files.flatMap((f) =>
    f.name.toLowerCase().endsWith('.zip') || isZip(f.bytes)
      ? Array.from(unpackSmallZip(f.bytes, MAX_MODEL_ZIP_BYTES), ([name, bytes]) => ({ name, bytes }))
      : [f],
  );
}

/**
 * The model files and, when one came with them, the checked card. Throws ModelError when the card is
 * not a fine-tuned model's card or a file's SHA-256 differs from the card's.
 */
export async function withCard(
  files: UserModelFile[],
): Promise<{ files: UserModelFile[]; card: TrainedModelCard | null }> {
  const cardFile = files.find((f) => baseName(f.name) === TRAINED_CARD_FILE);
  if (!cardFile) return { files, card: null };
  const rest = files.filter((f) => f !== cardFile);
  let card: unknown;
  try {
    card = JSON.parse(new TextDecoder().decode(cardFile.bytes));
  } catch (err) {
    throw new ModelError(`${TRAINED_CARD_FILE} is not valid JSON (${(err as Error).message})`);
  }
  const problems = trainedCardProblems(card);
  if (problems.length > 0)
    throw new ModelError(`${TRAINED_CARD_FILE} is not a model card of this app: ${problems.join('; ')}`);
  const checked = card as TrainedModelCard;
  for (const entry of checked.files) {
    const file = rest.find((f) => baseName(f.name) === entry.path);
    if (!file) throw new ModelError(`${TRAINED_CARD_FILE} lists ${entry.path}, which was not picked`);
    const sha = await sha256Hex(new Uint8Array(file.bytes));
    if (file.bytes.length !== entry.bytes || sha !== entry.sha256)
      throw new ModelError(
        `${entry.path} does not match its card (${TRAINED_CARD_FILE}): ${file.bytes.length} bytes, SHA-256 ${sha.slice(0, 12)}…, where the card says ${entry.bytes} bytes, ${entry.sha256.slice(0, 12)}…; the file was changed or damaged`,
      );
  }
  return { files: rest, card: checked };
}

/**
 * The model with its own head on every domain `spec` measured, each domain's whole test set rebuilt
 * as that run's final evaluation saw it: accuracy, loss, the confusion counts and the predictions.
 */
export async function evaluateAsIs(
  artifacts: tf.io.ModelArtifacts,
  ds: Dataset,
  spec: RunSpec,
  yieldNow: () => Promise<void>,
): Promise<DomainResult[]> {
  const numClasses = ds.meta.classes.length;
  const network = await loadUserModel(artifacts);
  const problems = modelProblems(network, ds.meta.imageShape);
  const outputs = network.outputs[0]?.shape[1];
  if (outputs !== numClasses)
    problems.push(`its head has ${String(outputs)} outputs; ${ds.meta.id} has ${numClasses} classes`);
  if (problems.length > 0) {
    network.dispose();
    throw new ModelError(`this model cannot be evaluated as it is on ${ds.meta.id}: ${problems.join('; ')}`);
  }
  const model = new TunableModel(network);
  const results: DomainResult[] = [];
  const experiment = experimentSpecOf(spec, ds);
  const indices = experimentIndices(ds, experiment).test;
  try {
    for (const choice of testDomainsOf(spec)) {
      const { test } = wholeTestSet(ds, experiment, choice.id, indices);
      try {
        const totals = evaluationTotals(model, test.set, 128, numClasses, true);
        const values = await totals.data();
        totals.dispose();
        results.push(...domainResults([test], values, numClasses).results);
      } finally {
        disposeSet(test.set);
      }
      await yieldNow(); // the supervisor hears from the worker between domains
    }
  } finally {
    model.dispose();
  }
  return results;
}
