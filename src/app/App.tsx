/** The composition root: one worker client, the store actions, and the page layout. */
import { useEffect, useState } from 'react';

import { isRunActive, useAppStore } from '../store/app-store';
import {
  hiddenFromSearch,
  LECTURE_PARTS,
  lectureActions,
  lectureStore,
  searchWithView,
  useLecture,
  viewFromSearch,
  type View,
} from '../store/lecture-store';
import { withUid, type FinishedRun } from '../store/runs';
import { leftInProgress, persistInProgress } from '../store/in-progress';
import { CONTINUED_CHANNEL, tabClaims } from '../store/continue-claims';
import { loadRuns, loadTrainedModels, saveRun, saveTrainedModel } from '../store/runs-db';
import { persistTrainedModels, restoreTrainedModels, type ModelStorage } from '../store/trained-persist';
import { draftFromHash, draftToHash, echo } from '../store/url-hash';
import { parseUrlSettings } from '../store/url-params';
import { createActions, type AppActions } from '../store/worker-bridge';
import { ActionsContext } from '../ui/actions-context';
import { ThemeSwitch } from '../ui/controls/ThemeSwitch';
import { LectureView } from '../ui/lecture/LectureView';
import { BackendStatus } from '../ui/panels/BackendStatus';
import { OfflineStatus } from '../ui/panels/OfflineStatus';
import { DatasetPanel } from '../ui/panels/DatasetPanel';
import { DomainGallery } from '../ui/panels/DomainGallery';
import { Notices } from '../ui/panels/Notices';
import { LIVE_PANEL_ID, RunControls } from '../ui/panels/RunControls';
import { RunProgress } from '../ui/panels/RunProgress';
import { RecordedRunPicker } from '../ui/panels/RecordedRunPicker';
import { RunsTable } from '../ui/panels/RunsTable';
import { ProjectFile } from '../ui/panels/ProjectFile';
import { ClassErrors } from '../ui/errors/ClassErrors';
import { TrainPanel } from '../ui/panels/TrainPanel';
import { AccuracyChart } from '../ui/charts/AccuracyChart';
import { LossChart } from '../ui/charts/LossChart';
import { LabDriftChart } from '../ui/charts/LabDriftChart';
import { RadiusChart } from '../ui/charts/RadiusChart';
import { RadiusHistoryChart } from '../ui/charts/RadiusHistoryChart';
import { TradeoffChart } from '../ui/charts/TradeoffChart';
import { createWorkerClient, DEFAULT_SILENCE_MS } from '../worker/client';

/** Tabs of this app tell each other about the runs they finish (each stores its own, by uid). */
const RUNS_CHANNEL = 'tpgm-playground-runs';

/**
 * Writes the setup into the URL hash, and saves the runs this tab finishes and tells the other tabs
 * about them (runs that came from elsewhere, `foreign`, are neither saved again nor echoed); returns
 * the unsubscribe.
 */
function persistState(
  notice: (text: string) => void,
  channel: BroadcastChannel | null,
  foreign: Set<string>,
): () => void {
  return useAppStore.subscribe((s, prev) => {
    if (s.runs.length === 0) foreign.clear(); // runs cleared, then imported again, are saved again
    if (s.draft && s.draft !== prev.draft) {
      const url = `${window.location.pathname}${window.location.search}${draftToHash(s.draft)}`;
      window.history.replaceState(null, '', url); // a link reproduces the setup
    }
    if (s.runs.length > prev.runs.length) {
      const known = new Set(prev.runs.map((r) => r.uid));
      // a shipped recording added to the runs is not this browser's run: neither saved nor broadcast
      for (const run of s.runs.filter((r) => !known.has(r.uid) && !foreign.has(r.uid) && !r.recorded)) {
        channel?.postMessage(run);
        saveRun(run).catch((err: unknown) => notice(`Run ${run.runId} could not be saved: ${(err as Error).message}`));
      }
    }
  });
}

function useWorkerActions(): AppActions | null {
  const [actions, setActions] = useState<AppActions | null>(null);
  useEffect(() => {
    const url = parseUrlSettings(window.location.search);
    const client = createWorkerClient(url.watchdogMs ?? DEFAULT_SILENCE_MS);
    // fault tests (e2e) kill the worker as a crash would: the supervisor must notice on its own
    if (url.faults)
      (window as unknown as { tpgmFaults: object }).tpgmFaults = {
        killWorker: client.killSilently,
        loseDevice: () => client.send({ type: 'simulateDeviceLoss' }),
      };
    // a run that several tabs found interrupted is continued by one of them (store/continue-claims.ts)
    const continued = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CONTINUED_CHANNEL) : null;
    const a = createActions(useAppStore, client, undefined, tabClaims(continued));
    if (continued) continued.onmessage = (e: MessageEvent<string>) => a.continuedElsewhere(e.data);
    const notice = (text: string): void => useAppStore.setState({ notices: [...useAppStore.getState().notices, text] });
    const fromHash = draftFromHash(window.location.hash);
    useAppStore.setState({ notices: [...url.issues, ...fromHash.issues], draft: fromHash.draft });
    const baseUrl = new URL(import.meta.env.BASE_URL, window.location.href).href;
    lectureActions.setBaseUrl(baseUrl);
    const hide = hiddenFromSearch(window.location.search);
    if (hide.unknown.length > 0)
      notice(
        `?hide= names no part of the lecture view: ${hide.unknown.map((x) => echo(x)).join(', ')} (parts: ${LECTURE_PARTS.join(', ')})`,
      );
    lectureStore.setState({ view: viewFromSearch(window.location.search), hidden: hide.hidden });
    a.start(
      baseUrl,
      url.forcedBackend,
      url.datasetId ?? fromHash.datasetId,
      url.datasetId === null && fromHash.datasetId !== null ? '#dataset' : '?dataset',
      url.wasmThreads,
    );
    const foreign = new Set<string>();
    const restore = (runs: FinishedRun[]): void => {
      runs.forEach((r) => foreign.add(r.uid));
      a.restoreRuns(runs);
    };
    const models: ModelStorage = { save: saveTrainedModel, load: loadTrainedModels };
    const unsubscribeModels = persistTrainedModels(useAppStore, models, notice);
    // the saved runs first (their trained models beside them, once the runs loaded), then runs an earlier
    // page left in progress (each once, by uid), with their checkpoints
    loadRuns()
      .then(
        (runs) => {
          restore(runs);
          restoreTrainedModels(useAppStore, models).catch((err: unknown) =>
            notice(`The trained models of earlier runs could not be loaded: ${(err as Error).message}`),
          );
        },
        (err: unknown) => notice(`Earlier runs could not be loaded: ${(err as Error).message}`),
      )
      .then(leftInProgress)
      .then(
        // saved as interrupted runs from now on (their in-progress entry goes once they are continued)
        (left) => a.restoreInterrupted(left),
        (err: unknown) => notice(`Runs left in progress could not be read: ${(err as Error).message}`),
      );
    const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(RUNS_CHANNEL) : null;
    if (channel) channel.onmessage = (e: MessageEvent<FinishedRun>) => restore([withUid(e.data)]);
    setActions(a);
    const unsubscribe = persistState(notice, channel, foreign);
    const unsubscribeInProgress = persistInProgress(useAppStore, notice);
    // a hand-edited or pasted hash applies at once (replaceState fires no hashchange)
    const onHashChange = (): void => a.applyLink(draftFromHash(window.location.hash));
    window.addEventListener('hashchange', onHashChange);
    // reloading or closing the tab mid-run would lose the run: the browser asks first
    const onBeforeUnload = (e: BeforeUnloadEvent): void => {
      if (isRunActive(useAppStore.getState().run?.state ?? null)) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('hashchange', onHashChange);
      unsubscribe();
      unsubscribeInProgress();
      unsubscribeModels();
      channel?.close();
      continued?.close();
      client.terminate();
    };
  }, []);
  return actions;
}

/** Switch between the lab and the lecture view, keeping the switch in the link (`?view=lecture`). */
function switchView(view: View): void {
  const { pathname, search, hash } = window.location;
  window.history.replaceState(null, '', `${pathname}${searchWithView(search, view)}${hash}`);
  lectureActions.setView(view);
}

function ViewSwitch({ view }: { view: View }) {
  const other: View = view === 'lab' ? 'lecture' : 'lab';
  return (
    <button type="button" className="view-switch" onClick={() => switchView(other)} data-testid="view-switch">
      {other === 'lecture' ? 'Lecture view' : 'Open the lab'}
    </button>
  );
}

export function App() {
  const actions = useWorkerActions();
  const view = useLecture((s) => s.view);
  if (!actions) return null;
  if (view === 'lecture')
    return (
      <ActionsContext.Provider value={actions}>
        <div className="lecture-page">
          <header className="top lecture-header">
            <h1>TPGM: fine-tuning that keeps robustness</h1>
            <ViewSwitch view={view} />
            <ThemeSwitch />
          </header>
          <Notices />
          <main className="lecture-main">
            <LectureView />
          </main>
        </div>
      </ActionsContext.Provider>
    );
  // results first: the live charts (with Start) come first in reading order and sit at the top of the
  // page; the setup is beside them on a wide screen and after them on a narrow one
  return (
    <ActionsContext.Provider value={actions}>
      <a className="skip-link" href={`#${LIVE_PANEL_ID}`}>
        Skip to the results
      </a>
      <header className="top">
        <h1>TPGM Playground</h1>
        <BackendStatus />
        <OfflineStatus />
        <ViewSwitch view={view} />
        <ThemeSwitch />
      </header>
      <Notices />
      <main className="layout">
        <div className="stack results">
          <section className="panel" aria-labelledby="live-heading" id={LIVE_PANEL_ID} tabIndex={-1}>
            <h2 id="live-heading">Live</h2>
            <RunControls />
            <RunProgress />
            <RadiusChart />
            <LabDriftChart />
            <RadiusHistoryChart />
            <AccuracyChart />
            <LossChart />
          </section>
          <RunsTable />
          <ProjectFile />
          <section className="panel" aria-labelledby="tradeoff-heading">
            <h2 id="tradeoff-heading">Robustness trade-off</h2>
            <TradeoffChart />
            <RecordedRunPicker />
          </section>
          <ClassErrors />
          <DomainGallery />
        </div>
        <div className="stack setup">
          <TrainPanel />
          <DatasetPanel />
        </div>
      </main>
    </ActionsContext.Provider>
  );
}
