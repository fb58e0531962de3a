/**
 * The bridge between the worker and the store: store actions send commands through a WorkerClient,
 * and `reduceEvent` folds every worker event into the state. Events of superseded requests are
 * dropped by requestId. The only module that holds the client.
 */
import type { StoreApi } from 'zustand';

import type { WorkerClient } from '../worker/client';
import type { BackendName, UploadSource, WorkerEvent } from '../worker/protocol';
import type { AppState } from './app-store';

const GALLERY_PER_DOMAIN = 10;
const GALLERY_SEED = 0;

function assertNever(x: never): never {
  throw new Error(`unhandled event ${JSON.stringify(x)}`);
}

/** The new state after `event`; pure, so it is tested without a worker. */
export function reduceEvent(state: AppState, event: WorkerEvent): Partial<AppState> {
  switch (event.type) {
    case 'ready':
      return { status: 'ready', backend: event.backend, domains: event.domains };
    case 'catalog':
      return { catalog: event.datasets, catalogError: event.error };
    case 'progress':
      if (state.loading?.requestId === event.requestId)
        return { loading: { ...state.loading, stage: event.stage, fraction: event.fraction } };
      if (state.upload?.requestId === event.requestId)
        return { upload: { ...state.upload, stage: event.stage, fraction: event.fraction } };
      return {};
    case 'datasetLoaded': {
      const available = { ...state.available, [event.dataset.id]: event.dataset };
      if (state.upload?.requestId === event.requestId) {
        return { available, upload: null, lastUpload: event.dataset, selectedId: event.dataset.id };
      }
      if (state.loading?.requestId === event.requestId) return { available, loading: null };
      return { available };
    }
    case 'gallery':
      if (state.galleryRequest !== event.requestId) return {};
      return { rows: event.rows, galleryFor: event.datasetId, galleryRequest: null, galleryError: null };
    case 'failed':
      if (event.requestId === null)
        return state.status === 'starting'
          ? { status: 'failed', sessionError: event.error }
          : { sessionError: event.error };
      if (state.loading?.requestId === event.requestId) return { loading: null, datasetError: event.error };
      if (state.upload?.requestId === event.requestId) return { upload: null, uploadError: event.error };
      if (state.galleryRequest === event.requestId) return { galleryRequest: null, galleryError: event.error };
      return {};
    case 'deviceLost':
      return { deviceLost: event.message };
    default:
      return assertNever(event);
  }
}

export interface AppActions {
  start(baseUrl: string, forcedBackend: BackendName | null, datasetId: string | null): void;
  selectDataset(id: string): void;
  refreshGallery(): void;
  setSeverity(domain: string, value: number): void;
  upload(source: UploadSource): void;
}

export function createActions(store: StoreApi<AppState>, client: WorkerClient): AppActions {
  let nextRequest = 1;
  let wantedDataset: string | null = null;
  const set = (patch: Partial<AppState>): void => store.setState(patch);

  const requestGallery = (datasetId: string): void => {
    const requestId = nextRequest++;
    set({ galleryRequest: requestId, galleryError: null });
    client.send({
      type: 'gallery',
      requestId,
      datasetId,
      perDomain: GALLERY_PER_DOMAIN,
      seed: GALLERY_SEED,
      severities: store.getState().severities,
    });
  };

  const load = (datasetId: string): void => {
    const requestId = nextRequest++;
    set({ selectedId: datasetId, loading: { requestId, stage: 'loading', fraction: 0 }, datasetError: null });
    client.send({ type: 'loadDataset', requestId, datasetId });
    requestGallery(datasetId);
  };

  client.subscribe((event) => {
    set(reduceEvent(store.getState(), event));
    // The first catalog picks the dataset (from the URL if it names a shipped one).
    if (event.type === 'catalog' && store.getState().selectedId === null && event.datasets.length > 0) {
      const fromUrl = event.datasets.find((d) => d.id === wantedDataset);
      if (wantedDataset !== null && !fromUrl) {
        set({
          notices: [
            ...store.getState().notices,
            `?dataset=${wantedDataset} is not a shipped dataset; showing ${event.datasets[0].name}`,
          ],
        });
      }
      load((fromUrl ?? event.datasets[0]).id);
    }
    if (event.type === 'datasetLoaded' && event.dataset.uploaded && store.getState().selectedId === event.dataset.id) {
      requestGallery(event.dataset.id);
    }
  });

  return {
    start: (baseUrl, forcedBackend, datasetId) => {
      wantedDataset = datasetId;
      client.send({ type: 'init', baseUrl, forcedBackend });
    },
    selectDataset: (id) => {
      if (store.getState().available[id]) {
        set({ selectedId: id, datasetError: null });
        requestGallery(id);
      } else {
        load(id);
      }
    },
    refreshGallery: () => {
      const id = store.getState().selectedId;
      if (id) requestGallery(id);
    },
    setSeverity: (domain, value) => set({ severities: { ...store.getState().severities, [domain]: value } }),
    upload: (source) => {
      const requestId = nextRequest++;
      set({ upload: { requestId, stage: 'sending', fraction: 0 }, uploadError: null });
      const shape = store.getState().available[store.getState().selectedId ?? '']?.imageShape ?? [28, 28, 1];
      client.send({ type: 'uploadDataset', requestId, source, imageShape: shape });
    },
  };
}
