/**
 * The bridge between the worker and the store: store actions send commands through a WorkerClient,
 * and every worker event is folded into the state by `reduceEvent` (event-reducer.ts), batched so live
 * charts redraw a few times a second. The only module that holds the client.
 */
import type { StoreApi } from 'zustand';

import type { MethodId } from '../core/spec/config';
import { defaultDraft } from '../core/spec/default-run';
import { presetOf } from '../core/spec/presets';
import type { RunSpec } from '../core/spec/run-spec';
import type { WorkerClient, BackendName, UploadFile, UploadSource, WorkerEvent } from '../worker/protocol';
import { isRunActive, type AppState } from './app-store';
import { checkDraftModel, reduceEvent } from './event-reducer';
import { newRun } from './run-reducer';
import { createContinueActions, type ContinueActions, type ContinueClaims } from './continue-run';
import { mergeRuns, newRunUid, withUid, type FinishedRun } from './runs';
import { redrawFrame } from './redraw-frame';
import { createLookActions, type LookActions } from './look-actions';
import { echo, type HashResult } from './url-hash';

const GALLERY_PER_DOMAIN = 10;
const GALLERY_SEED = 0;

export interface AppActions extends LookActions, ContinueActions {
  /**
   * `datasetFrom`: which part of the link named `datasetId` (for the notice when it is not shipped);
   * `wasmThreads`: the threads WASM runs on (`?threads=`; null: half the logical cores).
   */
  start(
    baseUrl: string,
    forcedBackend: BackendName | null,
    datasetId: string | null,
    datasetFrom?: '?dataset' | '#dataset',
    wasmThreads?: number | null,
  ): void;
  /** Forget a notice (every copy of it). */
  dismissNotice(text: string): void;
  selectDataset(id: string): void;
  refreshGallery(): void;
  setSeverity(domain: string, value: number): void;
  upload(source: UploadSource): void;
  /** Load the user's tfjs LayersModel (model.json + .bin files) for the selected dataset. */
  uploadModel(files: UploadFile[]): void;
  editDraft(patch: (draft: RunSpec) => RunSpec): void;
  /**
   * A link changed after load (a pasted or hand-edited hash): its setup applies to every panel, the
   * dataset included, or, during a run, not at all, with a notice either way when something is off.
   */
  applyLink(link: HashResult): void;
  startRun(spec: RunSpec): void;
  /** Run `methods` one after the other with the draft's seed and data, filling the runs table. */
  compare(methods: MethodId[]): void;
  /** Overlay (or not) a finished run's curves, by its uid. */
  toggleOverlay(uid: string): void;
  /** Put back runs saved by an earlier visit or another tab (each once, by uid); new runs are numbered after them. */
  restoreRuns(runs: FinishedRun[]): void;
  clearRuns(): void;
  /** Add a shipped recording to the runs, numbered after them (once; it is not saved). */
  addRecordedRun(make: (runId: number) => FinishedRun): void;
  pauseRun(): void;
  resumeRun(): void;
  stopRun(): void;
  stepRun(): void;
  /** One radius update and projection, no weights step (TPGM), while paused. */
  stepRadii(): void;
}

/** Live data arrives in batches; a run's state (e.g. "evaluating") shows at once, after what came before it. */
const BATCHED_EVENTS: ReadonlySet<WorkerEvent['type']> = new Set(['steps', 'eval', 'layers', 'progress']);

export function createActions(
  store: StoreApi<AppState>,
  client: WorkerClient,
  schedule: ((f: () => void) => void) | null = redrawFrame,
  claims: ContinueClaims | null = null,
): AppActions {
  let nextRequest = 1;
  let nextRun = 1;
  const runControl = (type: 'pause' | 'resume' | 'stop' | 'stepOnce' | 'radiusStepOnce'): void => {
    const run = store.getState().run;
    if (run && isRunActive(run.state)) client.send({ type, runId: run.runId });
  };
  let wantedDataset: string | null = null;
  let wantedFrom: '?dataset' | '#dataset' = '?dataset';
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
    const draft = store.getState().draft;
    set({
      selectedId: datasetId,
      loading: { requestId, stage: 'loading', fraction: 0 },
      datasetError: null,
      draft: draft ? { ...draft, datasetId } : defaultDraft(datasetId, store.getState().models),
    });
    client.send({ type: 'loadDataset', requestId, datasetId });
    requestGallery(datasetId);
  };

  const start = (spec: RunSpec): void => {
    const runId = nextRun++;
    const run = newRun({
      uid: newRunUid(),
      runId,
      spec,
      state: 'preparing',
      detail: 'sending to the worker',
      startedAt: Date.now(),
    });
    set({ run });
    // the trained weights come back after the summary, downloadable from the runs table
    client.send({ type: 'start', runId, spec: { ...spec, exportModel: true } });
  };
  /** `spec` with another method; a spec that follows a recipe keeps following it (LP has its own lr there). */
  const startWith = (spec: RunSpec, method: MethodId): void => {
    const next = { ...spec, config: { ...spec.config, method } };
    const preset = presetOf(spec);
    start(preset ? preset.apply(next) : next);
  };

  // Live run data (losses, evaluations, layers) reaches the store at most once per MIN_REDRAW_MS.
  let batch: WorkerEvent[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (batch.length === 0) return;
    let state = store.getState();
    for (const e of batch) state = { ...state, ...reduceEvent(state, e) };
    batch = [];
    store.setState(state, true);
  };

  client.subscribe((event) => {
    if (schedule && BATCHED_EVENTS.has(event.type)) {
      batch.push(event);
      if (!scheduled) {
        scheduled = true;
        schedule(flush);
      }
      return;
    }
    flush(); // keep the order: everything batched before this event first
    set(reduceEvent(store.getState(), event));
    // The first catalog picks the dataset (from the URL if it names a shipped one).
    if (event.type === 'catalog' && store.getState().selectedId === null && event.datasets.length > 0) {
      const fromUrl = event.datasets.find((d) => d.id === wantedDataset);
      if (wantedDataset !== null && !fromUrl) {
        set({
          notices: [
            ...store.getState().notices,
            `${wantedFrom}=${echo(wantedDataset)} is not a shipped dataset; showing ${event.datasets[0].name}`,
          ],
        });
      }
      load((fromUrl ?? event.datasets[0]).id);
    }
    // after a lost worker: the fresh one loads the dataset that was on screen again
    const now = store.getState();
    if (event.type === 'catalog' && now.selectedId !== null && !now.available[now.selectedId] && now.loading === null)
      load(now.selectedId);
    if (event.type === 'datasetLoaded' && event.dataset.uploaded && store.getState().selectedId === event.dataset.id) {
      requestGallery(event.dataset.id);
    }
    // a comparison goes on with the next method once a run has finished (a failed run ends it: reduceEvent)
    const { compareQueue, run } = store.getState();
    if (event.type === 'finished' && run?.runId === event.runId && compareQueue.length > 0) {
      const [next, ...rest] = compareQueue;
      // the compared methods are drawn together: each finished one stays overlaid on the next one's charts
      const { overlay } = store.getState();
      set({ compareQueue: rest, overlay: overlay.includes(run.uid) ? overlay : [...overlay, run.uid] });
      startWith(run.spec, next);
    }
  });

  const notify = (...texts: string[]): void => {
    if (texts.length > 0) set({ notices: [...store.getState().notices, ...texts] });
  };

  const applyLink = ({ draft, issues }: HashResult): void => {
    notify(...issues);
    const state = store.getState();
    if (!draft) return;
    if (isRunActive(state.run?.state ?? null)) {
      notify(
        'The link changed during a run; its settings were not applied (the run goes on). Change them after the run.',
      );
      return;
    }
    let next = draft;
    if (draft.datasetId !== state.selectedId) {
      const known = state.catalog.some((d) => d.id === draft.datasetId) || Boolean(state.available[draft.datasetId]);
      if (known) selectDataset(draft.datasetId);
      else if (state.selectedId !== null) {
        notify(`#dataset=${echo(draft.datasetId)} is not a shipped dataset; kept ${state.selectedId}`);
        next = { ...draft, datasetId: state.selectedId };
      }
    }
    // the model it names is checked against the zoo now, or when the catalogue arrives
    const { models } = store.getState();
    set({ draft: next, ...(models.length > 0 ? checkDraftModel({ ...store.getState(), draft: next }, models) : {}) });
  };

  const selectDataset = (id: string): void => {
    if (store.getState().available[id]) {
      const draft = store.getState().draft;
      set({
        selectedId: id,
        datasetError: null,
        draft: draft ? { ...draft, datasetId: id } : defaultDraft(id, store.getState().models),
      });
      requestGallery(id);
    } else {
      load(id);
    }
  };

  return {
    start: (baseUrl, forcedBackend, datasetId, datasetFrom = '?dataset', wasmThreads = null) => {
      wantedDataset = datasetId;
      wantedFrom = datasetFrom;
      client.send({ type: 'init', baseUrl, forcedBackend, ...(wasmThreads === null ? {} : { wasmThreads }) });
    },
    selectDataset,
    applyLink,
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
    uploadModel: (files) => {
      const requestId = nextRequest++;
      set({ modelUpload: requestId, modelUploadError: null });
      const shape = store.getState().available[store.getState().selectedId ?? '']?.imageShape ?? [28, 28, 1];
      client.send({ type: 'uploadModel', requestId, files, imageShape: shape });
    },
    editDraft: (patch) => {
      const draft = store.getState().draft;
      if (draft) set({ draft: patch(draft) });
    },
    startRun: (spec) => start(spec),
    compare: (methods) => {
      const draft = store.getState().draft;
      if (!draft || methods.length === 0) return;
      const [first, ...rest] = methods;
      set({ compareQueue: rest });
      startWith(draft, first);
    },
    restoreRuns: (saved) => {
      const merged = mergeRuns(store.getState().runs, saved.map(withUid));
      nextRun = Math.max(nextRun, ...merged.map((r) => r.runId + 1));
      set({ runs: merged });
    },
    // their trained models too: "Clear runs" forgets every finished run, here and in storage
    clearRuns: () => set({ runs: [], overlay: [], trainedModels: {} }),
    addRecordedRun: (make) => {
      const run = make(nextRun);
      if (store.getState().runs.some((r) => r.uid === run.uid)) return;
      nextRun += 1;
      set({ runs: [...store.getState().runs, run] });
    },
    dismissNotice: (text) => set({ notices: store.getState().notices.filter((n) => n !== text) }),
    toggleOverlay: (uid) => {
      const overlay = store.getState().overlay;
      set({ overlay: overlay.includes(uid) ? overlay.filter((id) => id !== uid) : [...overlay, uid] });
    },
    pauseRun: () => runControl('pause'),
    resumeRun: () => runControl('resume'),
    stopRun: () => {
      set({ compareQueue: [] });
      runControl('stop');
    },
    stepRun: () => runControl('stepOnce'),
    stepRadii: () => runControl('radiusStepOnce'),
    ...createContinueActions(
      store,
      client,
      {
        next: () => nextRun++,
        atLeast: (n) => (nextRun = Math.max(nextRun, n)),
      },
      claims,
    ),
    ...createLookActions(store, client, () => nextRequest++),
  };
}
