import { describe, expect, it } from 'vitest';

import { withMnistLoaded } from '../testing/bridge-setup';
import type { LayerStat } from '../core/spec/layer-stat';
import type { RunCheckpoint, WorkerEvent } from '../worker/protocol';
import { initialState } from './app-store';
import { KEPT_CHECKPOINTS, reduceCheckpoints } from './checkpoints';
import { createContinueActions, type ContinueClaims } from './continue-run';

const results = (accuracy: number) => [{ domain: 'clean' as const, isId: true, accuracy, loss: 1 }];

/** A run that measured steps 0–30 and was saved at step 20, then lost its worker; the fresh worker is ready. */
function interruptedAfterCheckpoint() {
  const bridge = withMnistLoaded();
  const { store, client, actions } = bridge;
  const draft = store.getState().draft;
  if (!draft) throw new Error('no draft');
  actions.startRun(draft);
  const { runId, uid } = store.getState().run ?? { runId: -1, uid: '' };
  const checkpoint: RunCheckpoint = {
    step: 20,
    savedAt: '2026-12-03T08:00:00.000Z',
    backend: 'wasm',
    wallMs: 4000,
    spec: { ...draft, exportModel: true },
    state: { tensors: { 'model/0': { shape: [2], dtype: 'float32', values: new Float32Array([1, 2]) } }, host: {} },
  };
  client.emit({ type: 'eval', runId, point: { step: 0, results: results(0.1) } });
  client.emit({
    type: 'steps',
    runId,
    points: [10, 20, 30].map((step) => ({ step, loss: 1 / step, lr: 0.01 })),
    stepsPerSecond: 10,
    stepsDone: 30,
    totalSteps: draft.config.steps,
    etaMs: 1000,
  });
  client.emit({ type: 'eval', runId, point: { step: 20, results: results(0.5) } });
  client.emit({ type: 'checkpoint', runId, checkpoint });
  client.emit({ type: 'eval', runId, point: { step: 30, results: results(0.6) } });
  client.emit({ type: 'workerLost', reason: 'stopped answering', restarted: true });
  client.emit({ type: 'catalog', datasets: [], error: null, models: [], modelProblems: [] });
  client.emit({
    type: 'ready',
    protocolVersion: 1,
    backend: { name: 'wasm', adapter: 'WASM', fallbacks: [], forced: null },
    domains: [],
  });
  return { ...bridge, runId, uid, checkpoint };
}

/** The 'finished' event of a 60-step run continued from step 20, with these final layer statistics. */
const continuedFinished = (runId: number, savedAt: string, layers: LayerStat[]): WorkerEvent => ({
  type: 'finished',
  runId,
  summary: {
    steps: 60,
    stopped: false,
    wallMs: 9000,
    medianStepMs: 50,
    final: { step: 60, results: results(0.9) },
    layers: { step: 60, layers },
    backend: 'wasm',
    continuedFrom: { step: 20, savedAt, backend: 'wasm' },
  },
});

describe('checkpoints on the page', () => {
  it('an interrupted run keeps its newest checkpoint and says it can go on from it', () => {
    const { store, uid } = interruptedAfterCheckpoint();
    const s = store.getState();
    expect(s.run?.state).toBe('interrupted');
    expect(s.checkpoints[uid]?.step).toBe(20);
    expect(s.notices.join(' ')).toContain('"Continue from step 20" goes on from its checkpoint');
  });

  it('"continue" starts a new run in the fresh worker from the checkpoint, with the measurements up to it', () => {
    const { store, client, actions, uid, runId, checkpoint } = interruptedAfterCheckpoint();
    actions.continueRun(uid);
    const sent = client.sent[client.sent.length - 1];
    expect(sent).toMatchObject({ type: 'start', from: checkpoint, spec: checkpoint.spec });
    const run = store.getState().run;
    expect(run?.runId).not.toBe(runId);
    expect(run?.uid).not.toBe(uid);
    expect(run?.state).toBe('preparing');
    expect(run?.stepsDone).toBe(20);
    // what was measured after the checkpoint is measured again by the continued run
    expect(run?.steps.map((p) => p.step)).toEqual([10, 20]);
    expect(run?.evals.map((p) => p.step)).toEqual([0, 20]);
    // the interrupted run stays in the table as it was, and its checkpoint passed to the continuing run
    expect(store.getState().runs.map((r) => r.uid)).toEqual([uid]);
    expect(store.getState().checkpoints).toEqual({});
    // a second press while it runs does nothing
    const count = client.sent.length;
    actions.continueRun(uid);
    expect(client.sent).toHaveLength(count);
  });

  it('the continued run finishing drops its own checkpoint', () => {
    const { store, client, actions, uid, checkpoint } = interruptedAfterCheckpoint();
    actions.continueRun(uid);
    const next = store.getState().run;
    if (!next) throw new Error('no run');
    client.emit({ type: 'checkpoint', runId: next.runId, checkpoint: { ...checkpoint, step: 40 } });
    expect(store.getState().checkpoints[next.uid]?.step).toBe(40);
    client.emit({ type: 'eval', runId: next.runId, point: { step: 60, results: results(0.9) } });
    client.emit(continuedFinished(next.runId, checkpoint.savedAt, []));
    const s = store.getState();
    expect(s.checkpoints).toEqual({});
    expect(s.runs.map((r) => r.summary.continuedFrom?.step ?? null)).toEqual([null, 20]);
    expect(s.runs[1].evals.map((p) => p.step)).toEqual([0, 20, 60]);
  });

  it(`keeps the newest ${KEPT_CHECKPOINTS} other runs' checkpoints besides the current one`, () => {
    const cp = (step: number): RunCheckpoint => ({ step }) as RunCheckpoint;
    let state = { ...initialState, run: { runId: 1, uid: 'u0' } };
    for (let i = 0; i < KEPT_CHECKPOINTS + 2; i++) {
      state = { ...state, run: { runId: i, uid: `u${i}` } };
      state = { ...state, ...reduceCheckpoints(state, { type: 'checkpoint', runId: i, checkpoint: cp(i) }) };
    }
    expect(Object.keys(state.checkpoints)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    // another run's checkpoint (a stale event) is not kept
    expect(reduceCheckpoints(state, { type: 'checkpoint', runId: 99, checkpoint: cp(1) })).toEqual({});
  });
});

describe('two tabs that found one run interrupted: only one continues it', () => {
  /** The continue actions of a tab whose claims answer `mine`, with what they were asked. */
  function withClaims(mine: boolean) {
    const tab = interruptedAfterCheckpoint();
    const asked: string[] = [];
    const announced: string[] = [];
    let answer: (v: boolean) => void = () => undefined;
    const claims: ContinueClaims = {
      claim: (uid) => {
        asked.push(uid);
        return new Promise((r) => (answer = r));
      },
      announce: (uid) => announced.push(uid),
    };
    const actions = createContinueActions(tab.store, tab.client, { next: () => 50, atLeast: () => undefined }, claims);
    return { ...tab, actions, asked, announced, answer: () => answer(mine) };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('the tab that claims the run continues it, once however often it is pressed, and tells the others', async () => {
    const { store, client, actions, uid, asked, announced, answer } = withClaims(true);
    const sent = client.sent.length;
    actions.continueRun(uid);
    actions.continueRun(uid); // pressed again while the claim is asked for
    expect(asked).toEqual([uid]);
    expect(client.sent).toHaveLength(sent); // nothing starts before the claim is this tab's
    answer();
    await settle();
    expect(client.sent.slice(sent)).toMatchObject([{ type: 'start', runId: 50 }]);
    expect(announced).toEqual([uid]);
    expect(store.getState().checkpoints).toEqual({});
  });

  it('a tab whose claim another tab holds starts nothing, stops offering the run and says why', async () => {
    const { store, client, actions, uid, runId, announced, answer } = withClaims(false);
    const sent = client.sent.length;
    actions.continueRun(uid);
    answer();
    await settle();
    expect(client.sent).toHaveLength(sent);
    expect(announced).toEqual([]);
    expect(store.getState().checkpoints).toEqual({});
    expect(store.getState().notices).toContain(
      `Run ${runId} is being continued in another tab of this browser, so it is not offered here any more.`,
    );
  });

  it('a claim the browser cannot answer (the lock refused) does not stop this tab', async () => {
    const tab = interruptedAfterCheckpoint();
    const refusing: ContinueClaims = {
      claim: () => Promise.reject(new Error('SecurityError')),
      announce: () => undefined,
    };
    const actions = createContinueActions(tab.store, tab.client, { next: () => 7, atLeast: () => undefined }, refusing);
    const sent = tab.client.sent.length;
    actions.continueRun(tab.uid);
    await settle();
    expect(tab.client.sent.slice(sent)).toMatchObject([{ type: 'start', runId: 7 }]);
  });

  it('a message from the tab that continues it takes the offer away, once', () => {
    const { store, actions, uid } = withClaims(true);
    const notices = store.getState().notices.length;
    actions.continuedElsewhere('some other run');
    expect(store.getState().notices).toHaveLength(notices);
    actions.continuedElsewhere(uid);
    actions.continuedElsewhere(uid);
    expect(store.getState().checkpoints).toEqual({});
    expect(store.getState().notices).toHaveLength(notices + 1);
  });
});

describe('a finished run keeps its radius history', () => {
  const layer = (radius: number) => ({
    name: 'fc1/kernel',
    isHead: false,
    deviation: radius,
    anchorNorm: 1,
    relativeDeviation: radius,
    radius,
    boundedDeviation: radius,
    projectionRatio: 1,
  });

  it('γ at each evaluation goes with the run into the table, and into a run continued from it', () => {
    const { store, client, actions, uid, checkpoint } = interruptedAfterCheckpoint();
    // the interrupted run had no layers events: a continuation starts with no history, and records its own
    actions.continueRun(uid);
    const next = store.getState().run;
    if (!next) throw new Error('no run');
    expect(next.radiusHistory).toEqual([]);
    for (const [step, radius] of [
      [40, 0.1],
      [60, 0.2],
    ])
      client.emit({ type: 'layers', runId: next.runId, point: { step, layers: [layer(radius)] } });
    client.emit(continuedFinished(next.runId, checkpoint.savedAt, [layer(0.2)]));
    const done = store.getState().runs[1];
    expect(done.radiusHistory).toEqual([
      { step: 40, radii: { 'fc1/kernel': 0.1 } },
      { step: 60, radii: { 'fc1/kernel': 0.2 } },
    ]);
    // a run without radii keeps none (older runs and FT look the same)
    expect(store.getState().runs[0].radiusHistory).toBeUndefined();
  });
});
