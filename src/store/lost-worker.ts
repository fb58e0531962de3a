/**
 * What the store does when the worker is lost (worker/supervisor.ts posts `workerLost`): the run in
 * progress is kept as interrupted with what it measured, requests in flight fail with the reason, and
 * what lived only in the worker is forgotten. Pure, like the bridge's reducer that calls it.
 */
import { defaultModel } from '../core/spec/default-run';
import { METHOD_INFO } from '../core/spec/method-catalog';
import type { BackendName } from '../worker/protocol';
import { isRunActive, type AppState, type CurrentRun } from './app-store';
import { withRadiusHistory, type FinishedRun } from './runs';
import { failPendingTestImages } from './test-images';

/** The run as it stands, kept as an interrupted run with what it measured (its worker was lost, or the page went away). */
export function interruptedRun(run: CurrentRun, reason: string, backend: BackendName): FinishedRun {
  const last = run.evals[run.evals.length - 1];
  return {
    uid: run.uid,
    runId: run.runId,
    spec: run.spec,
    summary: {
      steps: run.stepsDone,
      stopped: true,
      interrupted: { step: run.stepsDone, reason },
      wallMs: Date.now() - run.startedAt,
      medianStepMs: run.stepsPerSecond > 0 ? 1000 / run.stepsPerSecond : Number.NaN,
      final: last ?? { step: run.stepsDone, results: [] },
      layers: run.layers ?? { step: run.stepsDone, layers: [] },
      backend,
    },
    evals: run.evals,
    steps: run.steps,
    ...withRadiusHistory(run.radiusHistory),
    finishedAt: new Date().toISOString(),
  };
}

/**
 * The worker was lost (see worker/supervisor.ts): a run in progress becomes "interrupted at step N"
 * with everything it measured; requests in flight fail with the reason; what lived only in the worker
 * (loaded datasets, your uploads) is forgotten, and the fresh worker starts from its init again.
 */
export function lostWorker(state: AppState, reason: string, restarted: boolean): Partial<AppState> {
  const why = `the training worker ${reason}`;
  const error = { name: 'WorkerLost', message: why };
  const run = state.run;
  const active = run !== null && isRunActive(run.state);
  const kept = active ? interruptedRun(run, reason, state.backend?.name ?? 'cpu') : null;
  const hadUploads = state.userModels.length > 0 || Object.values(state.available).some((d) => d.uploaded);
  const selected = state.selectedId !== null ? state.available[state.selectedId] : undefined;
  const notices = [
    `Training stopped: ${why}.${kept ? ` Run ${kept.runId} is kept as interrupted at step ${kept.summary.steps}, with what it measured.` : ''} ` +
      (restarted
        ? kept && state.checkpoints[kept.uid]
          ? `A fresh worker was started: "Continue from step ${state.checkpoints[kept.uid].step}" goes on from its checkpoint, or train again.`
          : 'A fresh worker was started; you can train again.'
        : 'It kept failing, so no new worker was started: reload the page.') +
      (hadUploads ? ' Your uploaded datasets and models lived in the old worker: load them again.' : ''),
  ];
  if (state.compareQueue.length > 0)
    notices.push(
      `The comparison stopped; ${state.compareQueue.map((m) => METHOD_INFO[m].short).join(', ')} did not run.`,
    );
  return {
    status: restarted ? 'starting' : 'failed',
    sessionError: restarted ? null : error,
    deviceLost: null,
    run: kept && run ? { ...run, state: 'interrupted', detail: `interrupted at step ${run.stepsDone}: ${why}` } : run,
    runs: kept ? [...state.runs, kept] : state.runs,
    compareQueue: [],
    notices: [...state.notices, ...notices],
    available: {},
    selectedId: selected?.uploaded ? null : state.selectedId,
    userModels: [],
    draft:
      state.draft?.model.kind === 'uploaded'
        ? { ...state.draft, model: defaultModel(state.draft.datasetId, state.models) }
        : state.draft,
    loading: null,
    datasetError: state.loading ? error : state.datasetError,
    upload: null,
    uploadError: state.upload ? error : state.uploadError,
    modelUpload: null,
    modelUploadError: state.modelUpload !== null ? error : state.modelUploadError,
    galleryRequest: null,
    testImages: failPendingTestImages(state.testImages, why),
    modelChecks: {}, // the models they checked lived in the worker
  };
}
