/**
 * Models fine-tuned here, out and back in: each run of this page hands back its trained weights (kept
 * for the newest runs, in memory and in the browser's storage: trained-persist.ts), downloadable as a .zip of model.json,
 * weights.bin and the card tpgm-model.json; a loaded model with such a card can be evaluated as it is
 * on its run's test sets, to see the card's numbers again. Pure, but for the zip's SHA-256 (Web Crypto).
 */
import { zipSync } from 'fflate';

import type { DomainId } from '../core/spec/domain-ids';
import { METHOD_INFO } from '../core/spec/method-catalog';
import { MODEL_CARD_FORMAT } from '../core/spec/model-card';
import { testDomainsOf } from '../core/spec/run-spec';
import { sha256Hex } from '../core/spec/sha256';
import { layersModelJson, TRAINED_CARD_FILE, type TrainedModelCard } from '../core/spec/trained-model-card';
import type { DomainResult, ErrorInfo, ModelFiles, WorkerEvent } from '../worker/protocol';
import { outcomeLabel, runOutcome, type FinishedRun } from './runs';

/** Trained weights kept: a cnn-small is 0.25 MB, an MLP 0.9 MB; older runs' weights are let go. */
export const KEPT_MODELS = 12;

/** A loaded model evaluated as it is: in flight, measured, or why not. */
export interface ModelCheck {
  requestId: number | null;
  results: DomainResult[] | null;
  error: ErrorInfo | null;
}

export interface TrainedModelsSlice {
  /** Runs' trained weights, by run uid, the newest KEPT_MODELS (this page's and those put back from storage). */
  trainedModels: Record<string, ModelFiles>;
  /** Loaded models evaluated as they are, by model id. */
  modelChecks: Record<string, ModelCheck>;
}

/** `models` with `files` added for `uid`, the oldest dropped past KEPT_MODELS (insertion order). */
export function keepModel(
  models: Record<string, ModelFiles>,
  uid: string,
  files: ModelFiles,
): Record<string, ModelFiles> {
  const entries = [...Object.entries(models).filter(([k]) => k !== uid), [uid, files] as const];
  return Object.fromEntries(entries.slice(-KEPT_MODELS));
}

/** The slice after a worker event about trained or checked models; {} when the event is not one. */
export function reduceTrainedModels(
  state: TrainedModelsSlice & {
    run: { runId: number; uid: string } | null;
    runs: readonly { runId: number; uid: string; recorded?: string }[];
  },
  event: WorkerEvent,
): Partial<TrainedModelsSlice> {
  if (event.type === 'modelExported') {
    // the app's own runs ask for their weights once they have finished: still the current run, or, in a
    // comparison, already the table's newest run of that number (the next method has started)
    const run =
      state.run?.runId === event.runId
        ? state.run
        : [...state.runs].reverse().find((r) => r.runId === event.runId && r.recorded === undefined);
    if (!run) return {};
    return { trainedModels: keepModel(state.trainedModels, run.uid, event.files) };
  }
  if (event.type !== 'modelEvaluated' && event.type !== 'failed') return {};
  const id = Object.keys(state.modelChecks).find((k) => state.modelChecks[k].requestId === event.requestId);
  if (id === undefined) return {};
  const check: ModelCheck =
    event.type === 'modelEvaluated'
      ? { requestId: null, results: event.results, error: null }
      : { requestId: null, results: null, error: event.error };
  return { modelChecks: { ...state.modelChecks, [id]: check } };
}

/** "tpgm-ft-mnist-run3": the download's name, safe on every file system. */
export const modelFileName = (run: FinishedRun): string =>
  `tpgm-${run.spec.config.method}-${run.spec.datasetId}-run${run.runId}`.replace(/[^a-z0-9-]+/gi, '-');

/** The card of a run's trained model, given its files' sizes and SHA-256. */
export function trainedCard(
  run: FinishedRun,
  classes: string[],
  inputShape: [number, number, number],
  files: TrainedModelCard['files'],
): TrainedModelCard {
  const severity = new Map(testDomainsOf(run.spec).map((d) => [d.id, d.severity] as [DomainId, number]));
  return {
    format: MODEL_CARD_FORMAT,
    kind: 'fine-tuned',
    name: `${METHOD_INFO[run.spec.config.method].short} · ${run.spec.datasetId} · run ${run.runId}`,
    baseModel: run.spec.model,
    datasetId: run.spec.datasetId,
    classes,
    inputShape,
    spec: run.spec,
    steps: run.summary.steps,
    outcome: outcomeLabel(runOutcome(run.summary, run.spec.config.steps)),
    results: run.summary.final.results.map((r) => ({
      domain: r.domain,
      severity: severity.get(r.domain) ?? 0,
      isId: r.isId,
      accuracy: r.accuracy,
      loss: r.loss,
    })),
    date: run.finishedAt,
    backend: run.summary.backend,
    files,
  };
}

/** The .zip of a run's trained model: model.json, weights.bin and its card, each file's SHA-256 in the card. */
export async function trainedModelZip(
  run: FinishedRun,
  model: ModelFiles,
  classes: string[],
  inputShape: [number, number, number],
): Promise<Uint8Array> {
  const json = new TextEncoder().encode(`${JSON.stringify(layersModelJson(model.modelTopology, model.weightSpecs))}\n`);
  const weights = new Uint8Array(model.weightData);
  const card = trainedCard(run, classes, inputShape, [
    { path: 'model.json', bytes: json.length, sha256: await sha256Hex(json) },
    { path: 'weights.bin', bytes: weights.length, sha256: await sha256Hex(weights) },
  ]);
  return zipSync({
    'model.json': json,
    'weights.bin': [weights, { level: 0 }], // float weights barely compress
    [TRAINED_CARD_FILE]: new TextEncoder().encode(`${JSON.stringify(card, null, 2)}\n`),
  });
}
