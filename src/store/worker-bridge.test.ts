import { describe, expect, it } from 'vitest';

import type { ModelCard } from '../core/spec/model-card';
import { setup, summary, withMnistLoaded } from '../testing/bridge-setup';
import type { WorkerEvent } from '../worker/protocol';
import { initialState, type AppState } from './app-store';
import { reduceEvent } from './event-reducer';
import { draftFromHash } from './url-hash';

describe('worker bridge', () => {
  it('starts the worker, then loads the first dataset of the catalogue and asks for its gallery', () => {
    const { store, client, actions } = setup();
    actions.start('http://x/', 'cpu', null);
    expect(client.sent[0]).toEqual({ type: 'init', baseUrl: 'http://x/', forcedBackend: 'cpu' });
    client.emit({
      type: 'ready',
      protocolVersion: 1,
      backend: { name: 'cpu', adapter: 'CPU', fallbacks: [], forced: 'cpu' },
      domains: [],
    });
    expect(store.getState().status).toBe('ready');
    client.emit({
      type: 'catalog',
      datasets: [summary('mnist'), summary('fashion-mnist')],
      error: null,
      models: [],
      modelProblems: [],
    });
    expect(client.sent.map((c) => c.type)).toEqual(['init', 'loadDataset', 'gallery']);
    expect(store.getState().selectedId).toBe('mnist');
  });

  it('prefers the dataset named in the URL, and reports an unknown one', () => {
    const a = setup();
    a.actions.start('http://x/', null, 'fashion-mnist');
    a.client.emit({
      type: 'catalog',
      datasets: [summary('mnist'), summary('fashion-mnist')],
      error: null,
      models: [],
      modelProblems: [],
    });
    expect(a.store.getState().selectedId).toBe('fashion-mnist');
    const b = setup();
    b.actions.start('http://x/', null, 'cifar');
    b.client.emit({ type: 'catalog', datasets: [summary('mnist')], error: null, models: [], modelProblems: [] });
    expect(b.store.getState().selectedId).toBe('mnist');
    expect(b.store.getState().notices).toEqual(['?dataset=cifar is not a shipped dataset; showing MNIST']);
    // named as the link named it, and dismissed (every copy) with ×
    const c = setup();
    c.actions.start('http://x/', null, 'cifar', '#dataset');
    c.client.emit({ type: 'catalog', datasets: [summary('mnist')], error: null, models: [], modelProblems: [] });
    expect(c.store.getState().notices).toEqual(['#dataset=cifar is not a shipped dataset; showing MNIST']);
    c.store.setState({ notices: [...c.store.getState().notices, 'other', 'other'] });
    c.actions.dismissNotice('other');
    expect(c.store.getState().notices).toEqual(['#dataset=cifar is not a shipped dataset; showing MNIST']);
  });

  it('drops the events of a superseded gallery request and keeps the newest', () => {
    const { store, client, actions } = setup();
    actions.start('http://x/', null, null);
    client.emit({ type: 'catalog', datasets: [summary('mnist')], error: null, models: [], modelProblems: [] });
    actions.refreshGallery();
    const [first, second] = client.sent
      .filter((c) => c.type === 'gallery')
      .map((c) => ('requestId' in c ? c.requestId : -1));
    client.emit({
      type: 'gallery',
      requestId: first,
      datasetId: 'mnist',
      rows: [{ domain: 'clean', severity: 0, images: [] }],
    });
    expect(store.getState().rows).toEqual([]);
    client.emit({
      type: 'gallery',
      requestId: second,
      datasetId: 'mnist',
      rows: [{ domain: 'noise', severity: 0.4, images: [] }],
    });
    expect(store.getState().rows.map((r) => r.domain)).toEqual(['noise']);
  });

  it('keeps everything already loaded when an upload fails, and selects a successful upload', () => {
    const { store, client, actions } = withMnistLoaded();
    actions.upload({ kind: 'zip', name: 'bad.zip', data: new Blob(['x']) });
    const up = client.sent[client.sent.length - 1];
    client.emit({
      type: 'failed',
      requestId: 'requestId' in up ? up.requestId : -1,
      error: { name: 'UploadError', message: 'not a zip' },
    });
    expect(store.getState().uploadError?.message).toBe('not a zip');
    expect(store.getState().selectedId).toBe('mnist');
    expect(Object.keys(store.getState().available)).toEqual(['mnist']);
    actions.upload({ kind: 'zip', name: 'ok.zip', data: new Blob(['x']) });
    const up2 = client.sent[client.sent.length - 1];
    client.emit({
      type: 'datasetLoaded',
      requestId: 'requestId' in up2 ? up2.requestId : -1,
      dataset: summary('upload:ok', true),
    });
    expect(store.getState().selectedId).toBe('upload:ok');
    expect(client.sent[client.sent.length - 1]).toMatchObject({ type: 'gallery', datasetId: 'upload:ok' });
  });

  it('reports a worker that fails to start, and a lost GPU device', () => {
    const { store, client } = setup();
    client.emit({ type: 'failed', requestId: null, error: { name: 'Error', message: 'no tfjs backend works here' } });
    expect(store.getState().status).toBe('failed');
    client.emit({ type: 'deviceLost', message: 'gone' });
    expect(store.getState().deviceLost).toBe('gone');
  });
});

describe('compare', () => {
  it('runs each method in turn with the same seed and data, and fills the runs table', () => {
    const { store, client, actions } = setup();
    actions.start('http://x/', null, null);
    client.emit({ type: 'catalog', datasets: [summary('mnist')], error: null, models: [], modelProblems: [] });
    actions.compare(['full-ft', 'tpgm']);
    const starts = () => client.sent.filter((c) => c.type === 'start');
    expect(starts()).toHaveLength(1);
    const first = starts()[0];
    if (first.type !== 'start') throw new Error('not a start');
    expect(first.spec.config.method).toBe('full-ft');
    const summaryOf = (method: string) => ({
      steps: 1,
      stopped: false,
      wallMs: 1,
      medianStepMs: 1,
      final: {
        step: 1,
        results: [{ domain: 'clean' as const, isId: true, accuracy: method === 'tpgm' ? 0.8 : 0.7, loss: 1 }],
      },
      layers: { step: 1, layers: [] },
      backend: 'cpu' as const,
    });
    client.emit({ type: 'finished', runId: first.runId, summary: summaryOf('full-ft') });
    expect(starts()).toHaveLength(2);
    const second = starts()[1];
    if (second.type !== 'start') throw new Error('not a start');
    expect(second.spec.config.method).toBe('tpgm');
    expect(second.spec.config.seed).toBe(first.spec.config.seed);
    expect(second.spec.datasetId).toBe(first.spec.datasetId);
    client.emit({ type: 'finished', runId: second.runId, summary: summaryOf('tpgm') });
    expect(store.getState().runs.map((r) => r.spec.config.method)).toEqual(['full-ft', 'tpgm']);
    expect(starts()).toHaveLength(2);
    // the first method stays drawn beside the second (overlaid); the last is the current run itself
    expect(store.getState().overlay).toEqual([store.getState().runs[0].uid]);
    // a stale event of the first run changes nothing now
    client.emit({ type: 'runState', runId: first.runId, state: 'running', detail: 'late' });
    expect(store.getState().run?.runId).toBe(second.runId);
  });
});

describe('a comparison with a failing method', () => {
  it('stops, says which methods did not run, and a later run does not resume it', () => {
    const { store, client, actions } = setup();
    actions.start('http://x/', null, null);
    client.emit({ type: 'catalog', datasets: [summary('mnist')], error: null, models: [], modelProblems: [] });
    actions.compare(['full-ft', 'surgical', 'tpgm']);
    const starts = () => client.sent.filter((c) => c.type === 'start');
    const first = starts()[0];
    if (first.type !== 'start') throw new Error('not a start');
    client.emit({ type: 'runFailed', runId: first.runId, error: { name: 'Error', message: 'boom' } });
    expect(store.getState().compareQueue).toEqual([]);
    expect(store.getState().notices.join(' ')).toMatch(
      /comparison stopped: FT failed \(boom\); Surgical FT, TPGM did not run/,
    );
    expect(starts()).toHaveLength(1);
  });
});

describe('the model of a link', () => {
  const card = { id: 'cnn-small-mnist' } as ModelCard;
  const catalog = (models: ModelCard[]): WorkerEvent => ({
    type: 'catalog',
    datasets: [],
    error: null,
    models,
    modelProblems: [],
  });
  const withHash = (hash: string): AppState => ({ ...initialState, draft: draftFromHash(hash).draft });

  it('a link without a model gets the shipped default, or a fresh cnn-small where none is shipped, silently', () => {
    expect(reduceEvent(withHash('#steps=50'), catalog([card])).notices).toBeUndefined();
    expect(withHash('#steps=50').draft?.model).toEqual({ kind: 'pretrained', id: 'cnn-small-mnist' });
    const fashion = reduceEvent(withHash('#dataset=fashion-mnist'), catalog([card]));
    expect(fashion.draft?.model).toEqual({ kind: 'architecture', id: 'cnn-small' });
    expect(fashion.notices).toBeUndefined();
  });

  it('a link naming a model that is not shipped is reported', () => {
    const s = reduceEvent(withHash('#model=cnn-huge'), catalog([card]));
    expect(s.draft?.model).toEqual({ kind: 'pretrained', id: 'cnn-small-mnist' });
    expect(s.notices).toEqual(['#model=cnn-huge is not a shipped model; using the default']);
  });

  it('a lost worker: the run in progress is kept as interrupted with what it measured, requests fail, the dataset reloads', () => {
    const { store, client, actions } = withMnistLoaded();
    const draft = store.getState().draft;
    if (!draft) throw new Error('no draft');
    actions.startRun(draft);
    const runId = store.getState().run?.runId ?? -1;
    const results = [{ domain: 'clean' as const, isId: true, accuracy: 0.5, loss: 1 }];
    client.emit({ type: 'eval', runId, point: { step: 0, results } });
    client.emit({
      type: 'steps',
      runId,
      points: [{ step: 20, loss: 1, lr: 0.01 }],
      stepsPerSecond: 10,
      stepsDone: 20,
      totalSteps: 300,
      etaMs: 1000,
    });
    actions.uploadModel([{ path: 'model.json', data: new Blob(['{}']) }]);
    const sentBefore = client.sent.length;
    client.emit({ type: 'workerLost', reason: 'stopped answering', restarted: true });
    const s = store.getState();
    expect(s.run?.state).toBe('interrupted');
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0].summary.interrupted).toEqual({ step: 20, reason: 'stopped answering' });
    expect(s.runs[0].evals).toHaveLength(1); // what it measured is kept
    expect(s.runs[0].summary.final.results).toEqual(results);
    expect(s.modelUploadError?.message).toBe('the training worker stopped answering');
    expect(s.notices.join(' ')).toMatch(/Run 1 is kept as interrupted at step 20.*A fresh worker was started/);
    expect(s.status).toBe('starting');
    // the controls no longer reach the lost run, and events of it are stale
    actions.stopRun();
    expect(client.sent).toHaveLength(sentBefore);
    // the fresh worker is ready: the dataset on screen is loaded into it again, and a new run can start
    client.emit({ type: 'catalog', datasets: [summary('mnist')], error: null, models: [], modelProblems: [] });
    expect(client.sent.slice(sentBefore).map((c) => c.type)).toEqual(['loadDataset', 'gallery']);
    actions.startRun(draft);
    expect(store.getState().run?.state).toBe('preparing');
    expect(client.sent[client.sent.length - 1].type).toBe('start');
  });
});

describe('a link changed after load', () => {
  /** MNIST shown, Fashion-MNIST in the catalogue too. */
  const twoDatasets = () =>
    withMnistLoaded([summary('mnist'), summary('fashion-mnist')], [{ id: 'cnn-small-mnist' } as ModelCard]);

  it('applies to every panel: the dataset it names is loaded and shown, with the rest of its setup', () => {
    const { store, client, actions } = twoDatasets();
    const sent = client.sent.length;
    actions.applyLink(draftFromHash('#dataset=fashion-mnist&model=cnn-small&steps=77&opt=adam&lr=0.002'));
    const s = store.getState();
    expect(s.selectedId).toBe('fashion-mnist');
    expect(client.sent.slice(sent).map((c) => c.type)).toEqual(['loadDataset', 'gallery']);
    expect(s.draft?.datasetId).toBe('fashion-mnist');
    expect(s.draft?.config.steps).toBe(77);
    expect(s.draft?.config.optimizer).toMatchObject({ kind: 'adam', lr: 0.002 });
    expect(s.notices).toEqual([]);
  });

  it('keeps the dataset on screen when the link names one that is not shipped, and says so', () => {
    const { store, actions } = twoDatasets();
    actions.applyLink(draftFromHash('#dataset=cifar&model=cnn-small&steps=12'));
    const s = store.getState();
    expect(s.selectedId).toBe('mnist');
    expect(s.draft?.datasetId).toBe('mnist');
    expect(s.draft?.config.steps).toBe(12);
    expect(s.notices).toEqual(['#dataset=cifar is not a shipped dataset; kept mnist']);
  });

  it('checks its model against the zoo', () => {
    const { store, actions } = twoDatasets();
    actions.applyLink(draftFromHash('#model=cnn-huge'));
    expect(store.getState().draft?.model).toEqual({ kind: 'pretrained', id: 'cnn-small-mnist' });
    expect(store.getState().notices).toEqual(['#model=cnn-huge is not a shipped model; using the default']);
  });

  it('is not applied during a run, with a notice; its own problems are reported', () => {
    const { store, actions } = twoDatasets();
    const draft = store.getState().draft!;
    actions.startRun(draft);
    actions.applyLink(draftFromHash('#dataset=fashion-mnist&steps=5&colour=red'));
    const s = store.getState();
    expect(s.selectedId).toBe('mnist');
    expect(s.draft).toEqual(draft);
    expect(s.notices).toEqual([
      '#colour is not a setting; ignored',
      'The link changed during a run; its settings were not applied (the run goes on). Change them after the run.',
    ]);
  });
});
