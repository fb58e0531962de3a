/**
 * The app's state (zustand), in slices: the worker session (backend, domains), the datasets, the
 * gallery, the upload, the runs, a finished run's test images (test-images.ts) and trained models
 * (trained-models.ts). Components select
 * narrow slices; only the worker bridge writes events in.
 */
import { create } from 'zustand';

import type { MethodId } from '../core/spec/config';
import type { ModelCard } from '../core/spec/model-card';
import type { CheckpointsSlice } from './checkpoints';
import type { FinishedRun, RadiusHistoryPoint } from './runs';
import { noTestImages, type TestImagesSlice } from './test-images';
import type { TrainedModelsSlice } from './trained-models';

import type {
  BackendInfo,
  DatasetSummary,
  DomainSummary,
  ErrorInfo,
  EvalPoint,
  GalleryRow,
  LayerPoint,
  RunState,
  UserModelSummary,
  RunSummary,
  StepPoint,
} from '../worker/protocol';
import type { RunSpec } from '../core/spec/run-spec';

export interface RequestState {
  requestId: number;
  stage: string;
  fraction: number;
}

export interface SessionSlice {
  status: 'starting' | 'ready' | 'failed';
  backend: BackendInfo | null;
  domains: DomainSummary[];
  /** Fatal for training, shown in the UI; what was computed stays. */
  deviceLost: string | null;
  sessionError: ErrorInfo | null;
  /** Problems with URL parameters, reported once. */
  notices: string[];
}

export interface DatasetSlice {
  catalog: DatasetSummary[];
  catalogError: ErrorInfo | null;
  /** Shipped pre-trained models (their cards) and why any listed one is unusable. */
  models: ModelCard[];
  modelProblems: string[];
  /** Every dataset the worker holds (shipped once loaded, and uploads), by id. */
  available: Record<string, DatasetSummary>;
  selectedId: string | null;
  loading: RequestState | null;
  datasetError: ErrorInfo | null;
}

export interface GallerySlice {
  galleryFor: string | null;
  rows: GalleryRow[];
  galleryRequest: number | null;
  galleryError: ErrorInfo | null;
  severities: Record<string, number>;
}

export interface UploadSlice {
  upload: RequestState | null;
  uploadError: ErrorInfo | null;
  /** Models the user loaded this session, the load in progress, and why the last one was refused. */
  userModels: UserModelSummary[];
  modelUpload: number | null;
  modelUploadError: ErrorInfo | null;
  lastUpload: DatasetSummary | null;
}

/** The current (or last) run: its spec, live points and outcome. Points are capped (see MAX_POINTS). */
export interface CurrentRun {
  /** Unique across tabs (see FinishedRun.uid). */
  uid: string;
  runId: number;
  spec: RunSpec;
  state: RunState | 'finished' | 'failed' | 'interrupted';
  /** When it was started (Date.now()), for the wall time of an interrupted run. */
  startedAt: number;
  detail: string;
  steps: StepPoint[];
  stepsDone: number;
  totalSteps: number;
  stepsPerSecond: number;
  /** Time left as the worker last estimated it (ms), and when that estimate arrived (performance.now()). */
  eta: { ms: number; at: number } | null;
  evals: EvalPoint[];
  layers: LayerPoint | null;
  /** γ per projected tensor over time: [step, radius per tensor name]. */
  radiusHistory: RadiusHistoryPoint[];
  summary: RunSummary | null;
  error: ErrorInfo | null;
}

/** True while a run can still step (it has not finished, failed or been interrupted). */
export const isRunActive = (state: CurrentRun['state'] | null): boolean =>
  state !== null && state !== 'finished' && state !== 'failed' && state !== 'interrupted';

export interface RunSlice {
  run: CurrentRun | null;
  /** Every finished run of this session, oldest first. */
  runs: FinishedRun[];
  /** Runs whose curves are overlaid on the charts. */
  overlay: string[];
  /** Methods still to run in a comparison, after the current run. */
  compareQueue: MethodId[];
  /** The run being set up in the form; null until a dataset is chosen. */
  draft: RunSpec | null;
}

/** Most points kept per live series; older ones are thinned (every other point dropped). */
export const MAX_POINTS = 2000;

export type AppState = SessionSlice &
  DatasetSlice &
  GallerySlice &
  UploadSlice &
  RunSlice &
  TestImagesSlice &
  TrainedModelsSlice &
  CheckpointsSlice;

export const initialState: AppState = {
  status: 'starting',
  backend: null,
  domains: [],
  deviceLost: null,
  sessionError: null,
  notices: [],
  catalog: [],
  catalogError: null,
  models: [],
  modelProblems: [],
  available: {},
  selectedId: null,
  loading: null,
  datasetError: null,
  galleryFor: null,
  rows: [],
  galleryRequest: null,
  galleryError: null,
  severities: {},
  upload: null,
  uploadError: null,
  userModels: [],
  modelUpload: null,
  modelUploadError: null,
  lastUpload: null,
  run: null,
  runs: [],
  overlay: [],
  compareQueue: [],
  draft: null,
  testImages: noTestImages,
  trainedModels: {},
  modelChecks: {},
  checkpoints: {},
};

export const useAppStore = create<AppState>()(() => initialState);
