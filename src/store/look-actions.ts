/**
 * The store actions that look at what runs left behind: a finished run's test images (a confusion
 * cell's, or the gallery's with its predictions) and a loaded fine-tuned model evaluated as it is.
 * Part of the bridge's actions (worker-bridge.ts), which hands in the client and its request counter.
 */
import type { StoreApi } from 'zustand';

import type { DomainId } from '../core/spec/domain-ids';
import type { TestImageQuery, WorkerClient } from '../worker/protocol';
import type { AppState } from './app-store';
import type { FinishedRun } from './runs';
import { recordedPredictions, type TestImagesSlot } from './test-images';

export interface LookActions {
  /**
   * Show test images of a finished run in `slot` (a confusion cell's, or the gallery's sample of
   * `domains` with the run's predictions); a run that kept no predictions says why without asking.
   */
  showTestImages(slot: TestImagesSlot, run: FinishedRun, domains: DomainId[], query: TestImageQuery): void;
  closeTestImages(slot: TestImagesSlot): void;
  /** Evaluate a loaded fine-tuned model as it is, on the test sets of the run on its card. */
  evaluateModel(modelId: string): void;
  /** The run whose predictions the gallery shows beside the chosen run's (by uid; null: none). */
  setGalleryBeside(uid: string | null): void;
}

export function createLookActions(
  store: StoreApi<AppState>,
  client: WorkerClient,
  nextRequest: () => number,
): LookActions {
  const set = (patch: Partial<AppState>): void => store.setState(patch);
  return {
    showTestImages: (slot, run, domains, query) => {
      const asked = recordedPredictions(run, domains);
      const requestId = asked.ok ? nextRequest() : null;
      const error = asked.ok ? null : { name: 'NotRecorded', message: asked.why };
      const view = { requestId, runUid: run.uid, query, domains, rows: null, error };
      set({ testImages: { ...store.getState().testImages, [slot]: view } });
      if (asked.ok && requestId !== null)
        client.send({ type: 'testImages', requestId, spec: run.spec, recorded: asked.recorded, query });
    },
    closeTestImages: (slot) => set({ testImages: { ...store.getState().testImages, [slot]: null } }),
    evaluateModel: (modelId) => {
      const card = store.getState().userModels.find((m) => m.id === modelId)?.card;
      if (!card) return;
      const requestId = nextRequest();
      const modelChecks = { ...store.getState().modelChecks, [modelId]: { requestId, results: null, error: null } };
      set({ modelChecks });
      client.send({ type: 'evaluateModel', requestId, modelId, spec: card.spec });
    },
    setGalleryBeside: (uid) => {
      const views = store.getState().testImages;
      if (views.gallery) set({ testImages: { ...views, gallery: { ...views.gallery, besideUid: uid } } });
    },
  };
}
