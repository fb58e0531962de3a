/**
 * The app's state after each worker event: `reduceEvent` folds every event into the state; pure, so it
 * is tested without a worker. Events of superseded requests and other runs are dropped here.
 */
import type { MethodId } from '../core/spec/config';
import { defaultDraft, defaultModel, defaultPretrainedId } from '../core/spec/default-run';
import { METHOD_INFO } from '../core/spec/method-catalog';
import type { ModelCard } from '../core/spec/model-card';
import type { WorkerEvent } from '../worker/protocol';
import type { AppState } from './app-store';
import { reduceCheckpoints } from './checkpoints';
import { lostWorker } from './lost-worker';
import { reduceRun } from './run-reducer';
import { withRadiusHistory, type FinishedRun } from './runs';
import { reduceTestImages } from './test-images';
import { reduceTrainedModels } from './trained-models';

function assertNever(x: never): never {
  throw new Error(`unhandled event ${JSON.stringify(x)}`);
}

/** A draft (from the URL) naming a shipped model that is not shipped: say so, use the default model. */
export function checkDraftModel(state: AppState, models: readonly ModelCard[]): Partial<AppState> {
  const draft = state.draft;
  if (!draft || draft.model.kind !== 'pretrained') return {};
  const id = draft.model.id;
  if (models.some((m) => m.id === id)) return {};
  const fallback = { ...draft, model: defaultModel(draft.datasetId, models) };
  // the implied default of a link without a model is not worth a notice when it is not shipped
  if (id === defaultPretrainedId(draft.datasetId)) return { draft: fallback };
  return { draft: fallback, notices: [...state.notices, `#model=${id} is not a shipped model; using the default`] };
}

/** The new state after `event`; pure, so it is tested without a worker. */
export function reduceEvent(state: AppState, event: WorkerEvent): Partial<AppState> {
  switch (event.type) {
    case 'ready':
      return { status: 'ready', backend: event.backend, domains: event.domains };
    case 'catalog':
      return {
        catalog: event.datasets,
        catalogError: event.error,
        models: event.models,
        modelProblems: event.modelProblems,
        ...checkDraftModel(state, event.models),
      };
    case 'progress':
      if (state.loading?.requestId === event.requestId)
        return { loading: { ...state.loading, stage: event.stage, fraction: event.fraction } };
      if (state.upload?.requestId === event.requestId)
        return { upload: { ...state.upload, stage: event.stage, fraction: event.fraction } };
      return {};
    case 'datasetLoaded': {
      const available = { ...state.available, [event.dataset.id]: event.dataset };
      if (state.upload?.requestId === event.requestId) {
        const draft = state.draft
          ? { ...state.draft, datasetId: event.dataset.id }
          : defaultDraft(event.dataset.id, state.models);
        return { available, upload: null, lastUpload: event.dataset, selectedId: event.dataset.id, draft };
      }
      if (state.loading?.requestId === event.requestId) return { available, loading: null };
      return { available };
    }
    case 'gallery':
      if (state.galleryRequest !== event.requestId) return {};
      return { rows: event.rows, galleryFor: event.datasetId, galleryRequest: null, galleryError: null };
    case 'testImages':
      return reduceTestImages(state.testImages, event);
    case 'failed': {
      // a request of the errors panel, the gallery's predictions or a model check (answered ones hold null)
      const asked = event.requestId !== null;
      if (asked && [state.testImages.cell, state.testImages.gallery].some((v) => v?.requestId === event.requestId))
        return reduceTestImages(state.testImages, event);
      if (asked && Object.values(state.modelChecks).some((c) => c.requestId === event.requestId))
        return reduceTrainedModels(state, event);
      if (event.requestId === null)
        return state.status === 'starting'
          ? { status: 'failed', sessionError: event.error }
          : { sessionError: event.error };
      if (state.loading?.requestId === event.requestId) return { loading: null, datasetError: event.error };
      if (state.upload?.requestId === event.requestId) return { upload: null, uploadError: event.error };
      if (state.modelUpload === event.requestId) return { modelUpload: null, modelUploadError: event.error };
      if (state.galleryRequest === event.requestId) return { galleryRequest: null, galleryError: event.error };
      return {};
    }
    case 'deviceLost':
      return { deviceLost: event.message };
    case 'workerLost':
      return lostWorker(state, event.reason, event.restarted);
    case 'modelUploaded':
      if (state.modelUpload !== event.requestId) return {};
      return {
        userModels: [...state.userModels, event.model],
        modelUpload: null,
        modelUploadError: null,
        draft: state.draft ? { ...state.draft, model: { kind: 'uploaded', id: event.model.id } } : state.draft,
      };
    case 'modelExported':
    case 'modelEvaluated':
      return reduceTrainedModels(state, event);
    case 'checkpoint':
      return reduceCheckpoints(state, event);
    case 'referenceChecked':
      return {}; // for check:reference (scripts/, e2e), not the app

    case 'runState':
    case 'steps':
    case 'eval':
    case 'layers':
    case 'finished':
    case 'runFailed':
      // events of another run than the current one are stale: drop them
      if (state.run?.runId !== event.runId) return {};
      if (event.type === 'finished' || event.type === 'runFailed') {
        // a run that ended has no next step: its checkpoint goes
        return { ...reduceCheckpoints(state, event), ...endRun(state, event) };
      }
      return { run: reduceRun(state.run, event) };
    default:
      return assertNever(event);
  }
}

/** The state after the current run finished or failed. */
function endRun(state: AppState, event: Extract<WorkerEvent, { type: 'finished' | 'runFailed' }>): Partial<AppState> {
  if (state.run === null) return {};
  const run = reduceRun(state.run, event);
  if (event.type === 'finished') {
    const done: FinishedRun = {
      uid: run.uid,
      runId: run.runId,
      spec: run.spec,
      summary: event.summary,
      evals: run.evals,
      steps: run.steps,
      ...withRadiusHistory(run.radiusHistory),
      finishedAt: new Date().toISOString(),
    };
    return { run, runs: [...state.runs, done] };
  }
  const left = state.compareQueue;
  const label = (m: MethodId): string => METHOD_INFO[m].short;
  const why = `The comparison stopped: ${label(state.run.spec.config.method)} failed (${event.error.message}); ${left.map(label).join(', ')} did not run.`;
  return { run, compareQueue: [], notices: left.length > 0 ? [...state.notices, why] : state.notices };
}
