/**
 * The card of a model fine-tuned in the app (`tpgm-model/1`, kind "fine-tuned"), saved beside its
 * model.json and weights.bin: what it started from, the data and method, the whole run spec (with its
 * seed), how the run ended, its results per domain, when and where it ran, and the SHA-256 of each
 * file, so a loaded model says what it is and a changed file is caught. Tfjs-free.
 */
import type { DomainId } from './domain-ids';
import { MODEL_CARD_FORMAT } from './model-card';
import type { ModelChoice, RunSpec } from './run-spec';

export const TRAINED_CARD_FILE = 'tpgm-model.json';
export const TRAINED_MODEL_FILES = ['model.json', 'weights.bin'] as const;

export interface TrainedModelCard {
  format: typeof MODEL_CARD_FORMAT;
  kind: 'fine-tuned';
  /** "FT · mnist · run 3". */
  name: string;
  baseModel: ModelChoice;
  datasetId: string;
  /** The classes of its head, in order. */
  classes: string[];
  /** [H, W, C] */
  inputShape: [number, number, number];
  /** The run that made it: with its seed it reproduces the weights. */
  spec: RunSpec;
  steps: number;
  /** "finished", "stopped at step 94 of 200", … */
  outcome: string;
  /** The final evaluation on each domain's whole test set (accuracy in [0, 1]). */
  results: { domain: DomainId; severity: number; isId: boolean; accuracy: number; loss: number }[];
  /** ISO time the run ended. */
  date: string;
  backend: string;
  files: { path: (typeof TRAINED_MODEL_FILES)[number]; bytes: number; sha256: string }[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a parsed card of a fine-tuned model (empty when it is usable). */
export function trainedCardProblems(card: unknown): string[] {
  if (!isObj(card)) return ['the card is not a JSON object'];
  const problems: string[] = [];
  if (card.format !== MODEL_CARD_FORMAT)
    problems.push(`its format is ${String(card.format)}, not ${MODEL_CARD_FORMAT}`);
  if (card.kind !== 'fine-tuned') problems.push(`its kind is ${String(card.kind)}, not fine-tuned`);
  if (!isObj(card.spec) || typeof card.spec.datasetId !== 'string') problems.push('it has no run spec');
  if (!Array.isArray(card.classes) || !card.classes.every((c) => typeof c === 'string'))
    problems.push('its classes are not a list of names');
  if (!Array.isArray(card.results) || !card.results.every((r) => isObj(r) && typeof r.accuracy === 'number'))
    problems.push('its results are not a list of accuracies');
  const files = Array.isArray(card.files) ? card.files : [];
  for (const path of TRAINED_MODEL_FILES) {
    const f = files.find((x) => isObj(x) && x.path === path);
    if (!isObj(f) || typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256) || typeof f.bytes !== 'number')
      problems.push(`it has no size and SHA-256 for ${path}`);
  }
  return problems;
}

/** model.json of a tfjs LayersModel whose weights are one shard, weights.bin (what tfjs.loadLayersModel reads). */
export const layersModelJson = (modelTopology: object, weightSpecs: object[]) => ({
  format: 'layers-model',
  generatedBy: 'TensorFlow.js tfjs-layers v4.22.0',
  convertedBy: null,
  modelTopology,
  weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
});
