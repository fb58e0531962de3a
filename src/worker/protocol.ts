/**
 * The worker protocol: TYPES ONLY, shared by the UI (through worker/client.ts) and the worker
 * (handler.ts). One discriminated union each way; commands are imperative, events are facts.
 * Every request-scoped event carries the requestId of its command; stale ones are dropped by the store.
 * Errors cross as data. Lifecycle: init -> ready{backend} -> catalog -> loadDataset/gallery/upload …
 */
import type { Severity, DomainId } from '../core/data/domains/domain';

export const PROTOCOL_VERSION = 1;

export type BackendName = 'webgpu' | 'webgl' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

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

export type Command =
  | { type: 'init'; baseUrl: string; forcedBackend: BackendName | null }
  | { type: 'loadDataset'; requestId: number; datasetId: string }
  | {
      type: 'gallery';
      requestId: number;
      datasetId: string;
      perDomain: number;
      seed: number;
      severities: Partial<Record<DomainId, number>>;
    }
  | { type: 'uploadDataset'; requestId: number; source: UploadSource; imageShape: [number, number, number] };

export type WorkerEvent =
  | { type: 'ready'; protocolVersion: number; backend: BackendInfo; domains: DomainSummary[] }
  | { type: 'catalog'; datasets: DatasetSummary[]; error: ErrorInfo | null }
  | { type: 'progress'; requestId: number; stage: string; fraction: number }
  | { type: 'datasetLoaded'; requestId: number; dataset: DatasetSummary }
  | { type: 'gallery'; requestId: number; datasetId: string; rows: GalleryRow[] }
  | { type: 'failed'; requestId: number | null; error: ErrorInfo }
  | { type: 'deviceLost'; message: string };

export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
