/**
 * The worker protocol: TYPES ONLY, shared by the UI (through worker/client.ts) and the worker
 * (handler.ts). One discriminated union each way; commands are imperative, events are facts.
 * Every request-scoped event carries the requestId of its command; stale ones are dropped by the store.
 * Errors cross as data. Lifecycle: init -> ready{backend} -> catalog -> loadDataset/gallery/upload …
 */
import type { DomainId, Severity } from '../core/spec/domain-ids';
import type { LayerStat } from '../core/spec/layer-stat';
import type { ModelCard } from '../core/spec/model-card';
import type { QuantityError } from '../core/spec/quantity-error';
import type { RunSpec } from '../core/spec/run-spec';
import type { SavedState } from '../core/spec/saved-state';
import type { TrainedModelCard } from '../core/spec/trained-model-card';
import type { Divergence } from '../core/train/divergence';
import type { RecordedPredictions, TestImageQuery, TestImageRow } from './test-image-types';

// the test-images vocabulary lives in its own file; re-exported so the protocol is one import
export type { RecordedPredictions, TestImage, TestImageQuery, TestImageRow } from './test-image-types';

export const PROTOCOL_VERSION = 1;

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
/** The most threads WASM runs on: tfjs-wasm's pool of 8 pre-started pthreads (its backend.cc caps at 8). */
export const MAX_WASM_THREADS = 8;

export interface BackendInfo {
  name: BackendName;
  /** Adapter / renderer description, e.g. "Google SwiftShader (vulkan)". */
  adapter: string;
  /** Why a preferred backend was not used, in order tried; empty when the first choice worked. */
  fallbacks: { backend: BackendName; reason: string }[];
  /** The backend forced by the user (`?backend=`), if any. */
  forced: BackendName | null;
}

export interface ErrorInfo {
  name: string;
  message: string;
}

export interface DomainSummary {
  id: DomainId;
  name: string;
  description: string;
  severity: Severity;
}

export interface DatasetSummary {
  id: string;
  name: string;
  description: string;
  classes: string[];
  /** [H, W, C] */
  imageShape: [number, number, number];
  partitions: { name: string; count: number }[];
  source: string;
  subset: string;
  licence: string;
  /** True for a dataset the user dropped in (kept in the worker's memory only). */
  uploaded: boolean;
  /** The files of an upload that were left out, every one with why (empty for a shipped dataset). */
  skipped: { path: string; reason: string }[];
}

export interface GalleryImage {
  label: number;
  /** RGBA, H × W × 4, ready for ImageData. */
  rgba: Uint8ClampedArray;
}

export interface GalleryRow {
  domain: DomainId;
  severity: number;
  images: GalleryImage[];
}

/** One file of a dropped folder, with its path inside the folder (e.g. `cat/001.png`). */
export interface UploadFile {
  path: string;
  data: Blob;
}

export type UploadSource =
  { kind: 'zip'; name: string; data: Blob } | { kind: 'files'; name: string; files: UploadFile[] };

/** A model the user loaded (kept in the worker's memory for this session). */
export interface UserModelSummary {
  id: string;
  name: string;
  parameters: number;
  inputShape: (number | null)[];
  layers: number;
  /** The card of a model fine-tuned in this app (checked against its files' SHA-256); absent for others. */
  card?: TrainedModelCard;
}

/** A tfjs LayersModel as files: model.json's content and the weights of its one shard. */
export interface ModelFiles {
  modelTopology: object;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

export type RunState = 'preparing' | 'warming-up' | 'running' | 'evaluating' | 'paused';

export interface StepPoint {
  step: number;
  loss: number;
  lr: number;
}

export interface DomainResult {
  domain: DomainId;
  isId: boolean;
  accuracy: number;
  loss: number;
  /**
   * Test images per [true class][predicted class], the final evaluation's only (the whole test set);
   * absent in live evaluations and in runs saved before it was measured.
   */
  confusion?: number[][];
  /**
   * The predicted class of every image of the whole test set, in its order (`core/spec/predictions`:
   * base64, a byte each), with the confusion counts: which images each confusion cell holds. Absent
   * where the confusion is, and for datasets of more than 256 classes.
   */
  predictions?: string;
}

/** What the run holds on the backend when measured: read-backs in flight and unread losses left out. */
export interface MemoryPoint {
  numTensors: number;
  numBytes: number;
  /** Bytes on the GPU (WebGL/WebGPU), null where the backend does not say. */
  numBytesInGPU: number | null;
}

/** What an evaluation measured: the live subset of each test set, or the whole test set. */
export type EvalScope = { kind: 'live'; perClass: number; images: number } | { kind: 'full'; images: number };

export interface EvalPoint {
  /** Steps done when measured. */
  step: number;
  results: DomainResult[];
  /** Images per domain it measured; absent in runs saved before it was recorded (those were full). */
  scope?: EvalScope;
  /** Absent in runs saved before it was measured. */
  memory?: MemoryPoint;
}

export interface LayerPoint {
  step: number;
  layers: LayerStat[];
}

/** One point of a post-training sweep (WiSE-FT's α): the weights at `value`, measured on every test set. */
export interface SweepPoint {
  value: number;
  results: DomainResult[];
}

export interface SweepResult {
  /** The swept parameter, e.g. 'α'. */
  label: string;
  points: SweepPoint[];
}

export interface RunSummary {
  steps: number;
  stopped: boolean;
  wallMs: number;
  /**
   * Median wall time of one training step (optimiser + method hook), warm-up excluded: per log window,
   * from read-back to read-back, so it counts the device's work too (a GPU backend runs behind JS).
   */
  medianStepMs: number;
  final: EvalPoint;
  layers: LayerPoint;
  backend: BackendName;
  /** The method's post-training sweep (WiSE-FT), measured on the same test sets; absent for other methods. */
  sweep?: SweepResult;
  /**
   * Why and where the run diverged (absent when it did not): training stopped at that step. Runs saved
   * before the reason was recorded have only step, loss and lr (a non-finite loss).
   */
  diverged?: Divergence | (StepPoint & { reason?: undefined });
  /** The loss above which this run counts as diverged (nats); absent in runs saved before it was stated. */
  lossBound?: number | null;
  /**
   * Set by the app (not the worker) for a run whose worker died, hung or lost its device: `final` is
   * then its last live evaluation, and the run ended at `step`.
   */
  interrupted?: { step: number; reason: string };
  /** For a run continued from a checkpoint: where it was saved (its steps before it were taken then, maybe on another backend). */
  continuedFrom?: { step: number; savedAt: string; backend: BackendName };
}

/**
 * A run's state saved while it trained (every CHECKPOINT_EVERY steps and at every evaluation), enough to
 * continue it exactly: `start` with `from` takes the same steps after `step` as the run would have.
 */
export interface RunCheckpoint {
  /** Steps done when it was saved. */
  step: number;
  /** ISO date. */
  savedAt: string;
  /** The backend it was saved on; a run may go on on another (WebGPU → WASM) at float32 tolerance. */
  backend: BackendName;
  /** The run's wall time up to `step` (ms). */
  wallMs: number;
  /** The spec of the run it belongs to: a checkpoint continues that run only. */
  spec: RunSpec;
  state: SavedState;
}

export type Command =
  /** wasmThreads: WASM's threads, 1 to MAX_WASM_THREADS (`?threads=`); absent: half the logical cores. */
  | { type: 'init'; baseUrl: string; forcedBackend: BackendName | null; wasmThreads?: number }
  | { type: 'loadDataset'; requestId: number; datasetId: string }
  | {
      type: 'gallery';
      requestId: number;
      datasetId: string;
      perDomain: number;
      seed: number;
      severities: Partial<Record<DomainId, number>>;
    }
  /** Images of a finished run's test sets, rebuilt from its spec (which holds its seed) and checked against its record. */
  | { type: 'testImages'; requestId: number; spec: RunSpec; recorded: RecordedPredictions[]; query: TestImageQuery }
  | { type: 'uploadDataset'; requestId: number; source: UploadSource; imageShape: [number, number, number] }
  | { type: 'uploadModel'; requestId: number; files: UploadFile[]; imageShape: [number, number, number] }
  /** A loaded model with its own head, on the test sets `spec` measured (a fine-tuned model's card's run). */
  | { type: 'evaluateModel'; requestId: number; modelId: string; spec: RunSpec }
  /** A new run; with `from`, the run that checkpoint was saved from, continued after its step (`spec` must be its spec). */
  | { type: 'start'; runId: number; spec: RunSpec; from?: RunCheckpoint }
  | { type: 'pause'; runId: number }
  | { type: 'resume'; runId: number }
  | { type: 'stop'; runId: number }
  | { type: 'stepOnce'; runId: number }
  | { type: 'radiusStepOnce'; runId: number }
  /** The TPGM reference fixture (its JSON) through the project's code on the worker's backend (check:reference). */
  | { type: 'checkReference'; requestId: number; fixture: unknown }
  /** Fault tests only (the page sends it with ?faults=1): lose the WebGPU device as a driver reset would. */
  | { type: 'simulateDeviceLoss' };

/** Commands that steer a running run: handled at once, not queued behind it. */
export const CONTROL_COMMANDS = ['pause', 'resume', 'stop', 'stepOnce', 'radiusStepOnce'] as const;

/**
 * Commands handled at once even while a run goes on: the controls, the gallery and a finished run's
 * test images (tidy-wrapped image transforms that run between two training steps, so a severity
 * slider or a confusion cell answers during a run), and a simulated device loss, which must strike a
 * run in progress.
 */
export const IMMEDIATE_COMMANDS = [...CONTROL_COMMANDS, 'gallery', 'testImages', 'simulateDeviceLoss'] as const;

export type WorkerEvent =
  | { type: 'ready'; protocolVersion: number; backend: BackendInfo; domains: DomainSummary[] }
  | {
      type: 'catalog';
      datasets: DatasetSummary[];
      error: ErrorInfo | null;
      /** The shipped pre-trained models, and why any listed one cannot be used. */
      models: ModelCard[];
      modelProblems: string[];
    }
  | { type: 'progress'; requestId: number; stage: string; fraction: number }
  | { type: 'datasetLoaded'; requestId: number; dataset: DatasetSummary }
  | { type: 'modelUploaded'; requestId: number; model: UserModelSummary }
  | { type: 'modelEvaluated'; requestId: number; modelId: string; results: DomainResult[] }
  | { type: 'gallery'; requestId: number; datasetId: string; rows: GalleryRow[] }
  | { type: 'testImages'; requestId: number; rows: TestImageRow[] }
  | { type: 'referenceChecked'; requestId: number; backend: BackendName; tfjs: string; results: QuantityError[] }
  | { type: 'failed'; requestId: number | null; error: ErrorInfo }
  | { type: 'deviceLost'; message: string }
  /**
   * Posted by the client's supervisor, not the worker: the worker died, hung or lost its device; it was
   * replaced by a fresh one (sent the same init) unless `restarted` is false (it kept failing).
   */
  | { type: 'workerLost'; reason: string; restarted: boolean }
  | { type: 'runState'; runId: number; state: RunState; detail: string }
  | {
      type: 'steps';
      runId: number;
      points: StepPoint[];
      stepsPerSecond: number;
      stepsDone: number;
      totalSteps: number;
      /** Time left (ms) from the smoothed step time and the measured evaluation time; null before a step was timed. */
      etaMs: number | null;
    }
  | { type: 'eval'; runId: number; point: EvalPoint }
  | { type: 'layers'; runId: number; point: LayerPoint }
  | { type: 'checkpoint'; runId: number; checkpoint: RunCheckpoint }
  | { type: 'finished'; runId: number; summary: RunSummary }
  | { type: 'modelExported'; runId: number; files: ModelFiles }
  | { type: 'runFailed'; runId: number; error: ErrorInfo };

/** What the worker posts: its events, and a sign of life once a second (for the client's supervisor only). */
export type WorkerMessage = WorkerEvent | { type: 'alive' };

/** How often the worker says it is alive (ms). */
export const ALIVE_EVERY_MS = 1000;

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** The store's handle on the worker (client.ts makes the real, supervised one; tests use a fake). */
export interface WorkerClient {
  send(command: Command): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: WorkerEvent) => void): () => void;
  terminate(): void;
}
