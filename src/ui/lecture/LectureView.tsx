/**
 * The lecture view: the FT-versus-TPGM story on one projector screen. Recorded runs replay through the
 * live run's reducer; the story steps set up the view; the lab's live run can be drawn beside them. The
 * lab's setup is out of sight, in a settings drawer (SettingsDrawer.tsx). On a phone the story scrolls to
 * the panel it highlights (follow-focus.ts).
 * Keyboard: ← / → story, Space play/pause, . / , step, R radius step (live TPGM, paused), F full screen
 * on the highlighted panel, ? help.
 */
import { useEffect, useMemo, useRef, type ReactNode } from 'react';

import { useAppStore } from '../../store/app-store';
import {
  experimentEntries,
  experimentOf,
  lectureActions,
  lectureStore,
  shownRecordings,
  useLecture,
  useShownRecordings,
  type LecturePart,
} from '../../store/lecture-store';
import { recordingEnd, replayEnd } from '../../store/replay';
import type { Recording } from '../../worker/recording';
import { useActions } from '../actions-context';
import { isKernel } from '../../core/spec/layer-stat';
import { DriftChart } from '../charts/DriftChart';
import { ProjectionPicture } from '../charts/ProjectionPicture';
import { ROUNDING_TOLERANCE } from '../charts/projection-geometry';
import { runLine } from '../charts/chart-caption';
import { AccuracyLines } from './AccuracyLines';
import { ExampleStrip } from './ExampleStrip';
import { LectureTradeoff } from './LectureTradeoff';
import { LiveEncore } from './LiveEncore';
import { RadiusPanel } from './RadiusPanel';
import { ReplayBar } from './ReplayBar';
import { SettingsDrawer } from './SettingsDrawer';
import { STORY, type Panel } from './story';
import { factsOf } from './story-facts';
import { useTracks, type Track } from './tracks';
import { KeyboardHelp, useLectureKeys } from './keyboard';
import { useFollowFocus } from './follow-focus';
import './lecture.css';
import './lecture-fullscreen.css';

/** The first step at which the TPGM recording's projection clipped a kernel (the story's "projection" step). */
export function clippedStep(r: Recording | undefined): number {
  if (!r) return 0;
  for (const { event } of r.entries)
    if (event.type === 'layers')
      for (const l of event.point.layers)
        if (
          l.radius !== null &&
          l.wantedBoundedDeviation != null &&
          l.wantedBoundedDeviation > l.radius * (1 + ROUNDING_TOLERANCE)
        )
          return event.point.step;
  return recordingEnd(r);
}

function applyStory(step: number): void {
  const s = STORY[step];
  lectureActions.setStory(step);
  lectureActions.setMethods(s.methods);
  const state = lectureStore.getState();
  const shown = shownRecordings(state);
  if (s.at === 'end') {
    lectureActions.pause();
    lectureActions.seek(replayEnd(shown));
  } else if (s.at === 'clipped') {
    lectureActions.pause();
    lectureActions.seek(clippedStep(shown.find((r) => r.spec.config.method === 'tpgm')));
  } else {
    lectureActions.seek(0);
    lectureActions.play();
  }
}

export const storyBack = (): void => applyStory(Math.max(0, lectureStore.getState().story - 1));
export const storyNext = (): void => applyStory(Math.min(STORY.length - 1, lectureStore.getState().story + 1));

function Projection({ tracks }: { tracks: Track[] }) {
  const chosen = useLecture((s) => s.layer);
  const t = tracks.find((x) => x.run.layers?.layers.some((l) => l.radius !== null));
  // kernels, as in the drift chart (a bias starts at 0, so its picture says little)
  const projected = t?.run.layers?.layers.filter((l) => l.radius !== null && isKernel(l)) ?? [];
  const layer = projected.find((l) => l.name === chosen) ?? projected[0];
  if (!t || !layer)
    return (
      <p className="lecture-empty">The projection picture shows a TPGM run&rsquo;s layer once it has taken a step.</p>
    );
  const norm = t.run.spec.config.tpgm.norm === 'mars' ? 'MARS (max row L1)' : 'L2';
  return (
    <div className="lecture-projection">
      <label className="lecture-layer">
        {t.name} layer{' '}
        <select value={layer.name} onChange={(e) => lectureActions.setLayer(e.target.value)}>
          {projected.map((l) => (
            <option key={l.name}>{l.name}</option>
          ))}
        </select>
      </label>
      <ProjectionPicture
        layer={layer.name}
        radius={layer.radius ?? 0}
        wanted={layer.wantedBoundedDeviation ?? layer.boundedDeviation ?? 0}
        projected={layer.boundedDeviation ?? 0}
        step={t.run.layers?.step ?? 0}
        normLabel={norm}
        about={runLine(t.name, t.run.spec, t.source)}
      />
    </div>
  );
}

/** An experiment of the recordings' index in words: "mnist · B1 SGD", "mnist · new classes" (0–4 → 5–9). */
const experimentLabel = (x: string): string =>
  x.replace('/b1-sgd', ' · B1 SGD').replace('/b2-adam', ' · B2 Adam').replace('/new-classes', ' · new classes');

export function LectureView() {
  const actions = useActions();
  const tracks = useTracks();
  const story = useLecture((s) => s.story);
  const index = useLecture((s) => s.index);
  const recordings = useLecture((s) => s.recordings);
  const experiment = useLecture((s) => s.experiment);
  const problems = useLecture((s) => s.problems);
  const shown = useShownRecordings();
  const selectedId = useAppStore((s) => s.selectedId);
  const step = STORY[story];
  const hidden = useLecture((s) => s.hidden);
  const projecting = tracks.some((t) => t.run.layers?.layers.some((l) => l.radius !== null));
  const driftSeries = tracks.map((t) => ({
    key: t.key,
    name: t.name,
    color: t.color,
    layers: t.run.layers,
    about: runLine(t.name, t.run.spec, t.source),
  }));
  const shows = (part: LecturePart): boolean => !hidden.includes(part);
  // the classes the runs see: a subset's (the new-classes lesson), else the dataset's
  const classes = useAppStore(
    (s) =>
      shown[0]?.spec.classes?.length ??
      s.catalog.find((d) => d.id === shown[0]?.spec.datasetId)?.classes.length ??
      null,
  );
  const model = shown[0]?.spec.model;
  const pretrainedOn = useAppStore(
    (s) => (model?.kind === 'pretrained' && s.models.find((m) => m.id === model.id)?.classSubset) || null,
  );
  const facts = useMemo(() => {
    const all = experimentEntries(index ?? [], experiment)
      .map((e) => recordings[e.id])
      .filter(Boolean);
    return factsOf(all, classes, pretrainedOn);
  }, [index, recordings, experiment, classes, pretrainedOn]);
  const reference = useLecture((s) => s.reference);
  // the measured means of the methods on screen, and LP's (θ0's own features, story step 1)
  const references = (reference?.experiments[experiment] ?? []).filter(
    (p) => p.method === 'lp' || (step.methods as readonly string[]).includes(p.method),
  );

  const panels = useRef<Partial<Record<Panel, HTMLElement | null>>>({});
  // the step's first highlighted panel that is on screen (a link may hide some)
  const focusedPanel = (): HTMLElement | null =>
    step.focus.map((p) => panels.current[p]).find((el) => el != null) ?? null;
  useLectureKeys({
    back: storyBack,
    next: storyNext,
    panel: focusedPanel,
    radiusStep: actions.stepRadii,
  });
  useFollowFocus(story, focusedPanel);
  // the gallery follows the experiment's dataset: when the experiment changes, and once the lab chose its
  // own first dataset (so this does not race that choice); a dataset chosen in the settings drawer stays
  const datasetId = shown[0]?.spec.datasetId;
  const labChose = selectedId !== null;
  useEffect(() => {
    if (datasetId && labChose && useAppStore.getState().selectedId !== datasetId) actions.selectDataset(datasetId);
  }, [datasetId, labChose, actions]);
  useEffect(lectureActions.ensureLoaded, []);
  // the story's first step sets up the view once the recordings are in
  const loaded = Object.keys(recordings).length > 0;
  useEffect(() => {
    if (loaded) applyStory(lectureStore.getState().story);
  }, [loaded]);
  // another experiment (chosen here or by a project file) keeps the story step, which sets its runs up as
  // it did the last ones' (the result: at their end), where the replay would stand at step 0
  const experimentSetUp = useRef(experiment);
  useEffect(() => {
    if (experimentSetUp.current === experiment) return;
    experimentSetUp.current = experiment;
    if (loaded) applyStory(lectureStore.getState().story);
  }, [experiment, loaded]);
  const spec = shown[0]?.spec;
  const domainsShown = useMemo(() => (spec ? [spec.idDomain.id, ...spec.oodDomains.map((d) => d.id)] : []), [spec]);
  const experiments = [...new Set((index ?? []).map(experimentOf))];
  const totalSteps = Math.max(1, ...tracks.map((t) => t.run.totalSteps));
  const focus = (p: Panel): string => (step.focus.includes(p) ? ' focus' : '');
  const ref = (p: Panel) => (el: HTMLElement | null) => {
    panels.current[p] = el;
  };
  const loading = index === null || (index.length > 0 && Object.keys(recordings).length === 0 && problems.length === 0);
  return (
    <div className="lecture" data-testid="lecture-view" data-story={story}>
      <div className="lecture-top">
        <ReplayBar tracks={tracks} controls={shows('replay')}>
          <label className="lecture-experiment">
            <span className="sr-only">Experiment</span>
            <select value={experiment} onChange={(e) => lectureActions.setExperiment(e.target.value)}>
              {experiments.map((x) => (
                <option key={x} value={x}>
                  {experimentLabel(x)}
                </option>
              ))}
            </select>
          </label>
          <SettingsDrawer />
        </ReplayBar>
      </div>
      {problems.length > 0 && (
        <ul className="lecture-problems" role="alert" data-testid="recording-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {loading && <p role="status">Loading the recorded runs…</p>}
      <div className={`lecture-grid${shows('story') ? '' : ' no-story'}`}>
        {shows('story') && (
          <section className="lecture-story" aria-labelledby="story-title" data-testid="story">
            <p className="story-count">
              Step {story + 1} of {STORY.length}
            </p>
            <h2 id="story-title">{step.title}</h2>
            <div className="story-body">{step.body(facts)}</div>
            {story === STORY.length - 1 && shows('live') && <LiveEncore />}
            <div className="story-nav">
              <button type="button" onClick={storyBack} disabled={story === 0} aria-keyshortcuts="ArrowLeft">
                ← Back
              </button>
              <button
                type="button"
                className="primary"
                onClick={storyNext}
                disabled={story === STORY.length - 1}
                aria-keyshortcuts="ArrowRight"
              >
                Next →
              </button>
            </div>
          </section>
        )}
        {(
          [
            { panel: 'drift', hide: 'drift', label: 'Per-layer drift', content: <DriftChart series={driftSeries} /> },
            {
              panel: 'accuracy',
              hide: 'accuracy',
              label: 'Accuracy over steps',
              content: <AccuracyLines tracks={tracks} totalSteps={totalSteps} />,
            },
            // one slot for TPGM's picture: the example images until a TPGM run is on screen, then its learned
            // radii where the story asks for them (step 5), else its projection picture; `hide=projection` hides it
            projecting && step.focus.includes('radius')
              ? {
                  panel: 'radius',
                  hide: 'projection',
                  label: 'Learned radius γ',
                  content: <RadiusPanel tracks={tracks} />,
                }
              : projecting || !shows('examples')
                ? {
                    panel: 'projection',
                    hide: 'projection',
                    label: 'The projection',
                    content: <Projection tracks={tracks} />,
                  }
                : {
                    panel: 'examples',
                    hide: 'examples',
                    label: 'Example test images',
                    content: <ExampleStrip shown={domainsShown} classes={spec?.classes} />,
                  },
            {
              panel: 'tradeoff',
              hide: 'tradeoff',
              label: 'Where the runs end',
              content: <LectureTradeoff tracks={tracks} references={references} />,
            },
          ] satisfies { panel: Panel; hide: LecturePart; label: string; content: ReactNode }[]
        )
          .filter((p) => shows(p.hide))
          .map((p) => (
            <section key={p.panel} className={`lecture-panel${focus(p.panel)}`} ref={ref(p.panel)} aria-label={p.label}>
              {p.content}
            </section>
          ))}
      </div>
      <KeyboardHelp />
    </div>
  );
}
