/** A worker bridge over a fake client, as after a page load: store tests of whole flows without a worker. */
import { createStore } from 'zustand/vanilla';

import type { ModelCard } from '../core/spec/model-card';
import { initialState, type AppState } from '../store/app-store';
import { createActions } from '../store/worker-bridge';
import type { DatasetSummary } from '../worker/protocol';
import { createFakeClient } from './fake-client';

export const summary = (id: string, uploaded = false): DatasetSummary => ({
  id,
  name: id.toUpperCase(),
  description: '',
  classes: ['a', 'b'],
  imageShape: [28, 28, 1],
  partitions: [{ name: 'all', count: 10 }],
  source: '',
  subset: '',
  licence: '',
  uploaded,
  skipped: [],
});

export function setup() {
  const store = createStore<AppState>()(() => initialState);
  const client = createFakeClient();
  const actions = createActions(store, client);
  return { store, client, actions };
}

/** A bridge whose worker listed `datasets` (and `models`) and loaded MNIST, as after a page load. */
export function withMnistLoaded(datasets = [summary('mnist')], models: ModelCard[] = []) {
  const a = setup();
  a.actions.start('http://x/', null, null);
  a.client.emit({ type: 'catalog', datasets, error: null, models, modelProblems: [] });
  const load = a.client.sent.find((c) => c.type === 'loadDataset');
  a.client.emit({
    type: 'datasetLoaded',
    requestId: load && 'requestId' in load ? load.requestId : -1,
    dataset: summary('mnist'),
  });
  return a;
}
