/**
 * The card of a shipped pre-trained model (`public/models/<id>/meta.json`), written by
 * `npm run pretrain` and shown in the model picker. Tfjs-free: the UI imports its types.
 */
import type { ArchitectureId } from './architecture-ids';
import type { DomainId } from './domain-ids';

export const MODEL_CARD_FORMAT = 'tpgm-model/1';
export const MODEL_INDEX_FORMAT = 'tpgm-models/1';
/** A shipped model's id: also its folder name, so no dots or slashes. */
export const MODEL_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface ModelCard {
  format: typeof MODEL_CARD_FORMAT;
  id: string;
  name: string;
  architecture: ArchitectureId;
  parameters: number;
  /** [H, W, C] */
  inputShape: [number, number, number];
  normalisation: string;
  /** The dataset the model was pre-trained on, and the classes of its saved head. */
  datasetId: string;
  classes: number;
  /**
   * The dataset's classes it was pre-trained on, when only some (in its head's order): a run that
   * fine-tunes it on other classes meets classes it never saw (the split-class lesson).
   */
  classSubset?: number[];
  pretraining: {
    split: string;
    images: number;
    augmentation: string;
    optimizer: string;
    schedule: string;
    batchSize: number;
    epochs: number;
    steps: number;
    seed: number;
  };
  /** Accuracy (%) per domain on held-out images the model never trained on (the dataset's select split). */
  heldOut: { split: string; images: number; accuracy: { domain: DomainId; severity: number; accuracy: number }[] };
  run: { wallSeconds: number; backend: string; adapter: string; browser: string; machine: string; date: string };
  /** The command that made these files. */
  builtBy: string;
  shards: { path: string; bytes: number; sha256: string }[];
  licence: string;
  /** Fine-tuning results measured from this model, mean ± std over seeds (`npm run benchmarks` records them). */
  finetuned?: FinetunedResults[];
}

export interface FinetunedResults {
  recipe: string;
  rows: { method: string; seeds: number; id: string; oodMean: string }[];
  /** The commands that measured the rows, with date, machine and backend. */
  measuredBy: string[];
}

/** public/models/index.json: the shipped models, in picker order. */
export interface ModelIndex {
  format: typeof MODEL_INDEX_FORMAT;
  models: string[];
}

/** What is wrong with a parsed card (empty when it is usable). */
export function cardProblems(card: unknown, id: string): string[] {
  if (card === null || typeof card !== 'object') return [`models/${id}/meta.json is not an object`];
  const c = card as Partial<ModelCard>;
  const problems: string[] = [];
  if (c.format !== MODEL_CARD_FORMAT) problems.push(`format is ${String(c.format)}, expected ${MODEL_CARD_FORMAT}`);
  if (c.id !== id) problems.push(`id is ${String(c.id)}, expected ${id}`);
  if (!Array.isArray(c.inputShape) || c.inputShape.length !== 3) problems.push('inputShape must be [H, W, C]');
  if (typeof c.parameters !== 'number') problems.push('parameters must be a number');
  if (!c.heldOut || !Array.isArray(c.heldOut.accuracy)) problems.push('heldOut.accuracy is missing');
  return problems.map((p) => `models/${id}/meta.json: ${p}`);
}
