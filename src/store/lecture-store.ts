/**
 * The lecture view's state: which view is open, the shipped recordings (loaded, checked against their
 * index's SHA-256, refused by name when damaged), which are shown, the replay's position and clock, and
 * the story's step. Its own store: the lab's state (AppState) is untouched by a replay.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

import { parseRecordingIndex, RecordingError, type Recording, type RecordingIndexEntry } from '../worker/recording';
import { parseReference, type ReferenceFile } from '../worker/reference';
import { checkedJson, checkRecording } from './recording-check';
import { advance, nextStop, previousStop, replayEnd, type ReplaySpeed } from './replay';

export type View = 'lab' | 'lecture';

export interface LectureState {
  view: View;
  /** null until the index is read. */
  index: RecordingIndexEntry[] | null;
  recordings: Record<string, Recording>;
  /** Each loaded recording's file as it was read (by id), so a project file carries it byte for byte. */
  files: Record<string, Uint8Array>;
  /** The README's measured means (3 seeds) per experiment and method; null until read, or when refused. */
  reference: ReferenceFile | null;
  /** Why a recording (or the index) was refused, one line each. */
  problems: string[];
  /** The experiment shown: `<datasetId>/<recipe>` of the index, e.g. "mnist/b1-sgd". */
  experiment: string;
  /** The methods of the experiment shown (the story shows FT alone first, then FT and TPGM). */
  methods: string[];
  position: number;
  playing: boolean;
  speed: ReplaySpeed;
  story: number;
  /** The projected tensor the projection picture shows; null = the first one. */
  layer: string | null;
  /** The keyboard help is open. */
  help: boolean;
  /** Parts of the lecture view a link hides (`?hide=examples,projection`), as TensorFlow Playground's flags. */
  hidden: LecturePart[];
}

/** What a link can hide from the lecture view. */
export const LECTURE_PARTS = [
  'story',
  'replay',
  'examples',
  'drift',
  'accuracy',
  'projection',
  'tradeoff',
  'live',
] as const;
export type LecturePart = (typeof LECTURE_PARTS)[number];

/** The parts `?hide=a,b` names, and the names that are not parts (for a notice). */
export function hiddenFromSearch(search: string): { hidden: LecturePart[]; unknown: string[] } {
  const raw = new URLSearchParams(search).get('hide');
  const names =
    raw === null
      ? []
      : raw
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
  const isPart = (x: string): x is LecturePart => (LECTURE_PARTS as readonly string[]).includes(x);
  return { hidden: names.filter(isPart), unknown: names.filter((x) => !isPart(x)) };
}

export const initialLecture: LectureState = {
  view: 'lab',
  index: null,
  recordings: {},
  files: {},
  reference: null,
  problems: [],
  experiment: 'mnist/b1-sgd',
  methods: ['full-ft', 'tpgm'],
  position: 0,
  playing: false,
  speed: 4,
  story: 0,
  layer: null,
  help: false,
  hidden: [],
};

/** `?view=lecture` opens the lecture view; anything else the lab. */
export const viewFromSearch = (search: string): View =>
  new URLSearchParams(search).get('view') === 'lecture' ? 'lecture' : 'lab';

/** The search string with `view` set (the lab is the default and is left out of the link). */
export function searchWithView(search: string, view: View): string {
  const params = new URLSearchParams(search);
  if (view === 'lecture') params.set('view', 'lecture');
  else params.delete('view');
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

export const experimentOf = (e: RecordingIndexEntry): string => `${e.datasetId}/${e.recipe}`;

/** The recordings of an experiment, FT first, then TPGM, then the rest in index order. */
export function experimentEntries(index: readonly RecordingIndexEntry[], experiment: string): RecordingIndexEntry[] {
  const rank = (m: string): number => (m === 'full-ft' ? 0 : m === 'tpgm' ? 1 : 2);
  return index.filter((e) => experimentOf(e) === experiment).sort((a, b) => rank(a.method) - rank(b.method));
}

/** The loaded recordings shown, FT first. */
export const shownRecordings = (s: LectureState): Recording[] =>
  experimentEntries(s.index ?? [], s.experiment)
    .filter((e) => s.methods.includes(e.method))
    .map((e) => s.recordings[e.id])
    .filter((r): r is Recording => r !== undefined);

export type Fetcher = (url: string) => Promise<ArrayBuffer>;

const fetchBytes: Fetcher = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return response.arrayBuffer();
};

export interface LectureActions {
  /** Read the index and every recording of it; a refused one is named in `problems`, the rest work. */
  load(baseUrl: string): Promise<void>;
  /** Where the app is served from (the recordings are under it); given once at start. */
  setBaseUrl(baseUrl: string): void;
  /**
   * Read the recordings once, when first needed (the lecture view opens, the lab's chooser is used),
   * not on every visit to the lab; later calls do nothing.
   */
  ensureLoaded(): void;
  /** `ensureLoaded`, resolved once the recordings are read (at once when there is nothing to read). */
  loaded(): Promise<void>;
  /** Add recordings not shipped with the app (checked already, by the project file); each id once. */
  addRecordings(added: readonly { entry: RecordingIndexEntry; recording: Recording; bytes: Uint8Array }[]): void;
  setView(view: View): void;
  setExperiment(experiment: string): void;
  /** Show these methods of the experiment (the replay's position is kept). */
  setMethods(methods: string[]): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** To the next (or previous) step at which a shown recording measured something. */
  step(direction?: 1 | -1): void;
  seek(position: number): void;
  setSpeed(speed: ReplaySpeed): void;
  setStory(step: number): void;
  setLayer(layer: string): void;
  setHelp(open: boolean): void;
}

/** How often the replay's clock ticks while playing (ms); charts redraw only when an event becomes due. */
const TICK_MS = 100;

export function createLectureActions(store: StoreApi<LectureState>, fetcher: Fetcher = fetchBytes): LectureActions {
  let timer: ReturnType<typeof setInterval> | null = null;
  let baseUrl: string | null = null;
  let loading: Promise<void> | null = null;
  let loadWanted = false;
  let last = 0;
  const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());
  const stopClock = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const tick = (): void => {
    const s = store.getState();
    const t = now();
    const shown = shownRecordings(s);
    const end = replayEnd(shown);
    const position = advance(s.position, t - last, s.speed, shown, end);
    last = t;
    const done = position >= end;
    store.setState({ position, playing: !done });
    if (done) stopClock();
  };
  const actions: LectureActions = {
    async load(from) {
      let index: RecordingIndexEntry[];
      let referenceEntry: { bytes: number; sha256: string } | undefined;
      try {
        const bytes = await fetcher(`${from}recordings/index.json`);
        const parsed = parseRecordingIndex(JSON.parse(new TextDecoder().decode(bytes)));
        index = parsed.recordings;
        referenceEntry = parsed.reference;
      } catch (err) {
        store.setState({ index: [], problems: [`The recordings could not be read: ${(err as Error).message}`] });
        return;
      }
      store.setState({ index });
      if (referenceEntry) {
        const expected = referenceEntry;
        fetcher(`${from}recordings/reference.json`)
          .then((bytes) => checkedJson('recordings/reference.json', expected, bytes))
          .then((json) => store.setState({ reference: parseReference(json) }))
          .catch((err: unknown) =>
            store.setState({
              problems: [
                ...store.getState().problems,
                `${(err as Error).message}; the trade-off chart shows the recordings without the measured means`,
              ],
            }),
          );
      }
      const results = await Promise.all(
        index.map(async (entry) => {
          try {
            const bytes = await fetcher(`${from}recordings/${entry.id}.json`);
            return { recording: await checkRecording(entry, bytes), bytes: new Uint8Array(bytes) };
          } catch (err) {
            return err instanceof RecordingError
              ? err
              : new RecordingError(`recording ${entry.id}: could not be read (${(err as Error).message})`);
          }
        }),
      );
      const recordings: Record<string, Recording> = {};
      const files: Record<string, Uint8Array> = {};
      const problems: string[] = [];
      for (const r of results) {
        if (r instanceof RecordingError) problems.push(`${r.message}; left out`);
        else {
          recordings[r.recording.id] = r.recording;
          files[r.recording.id] = r.bytes;
        }
      }
      store.setState({ recordings, files, problems: [...store.getState().problems, ...problems] });
    },
    setBaseUrl(url) {
      baseUrl = url;
      if (loadWanted) actions.ensureLoaded();
    },
    ensureLoaded() {
      loadWanted = true;
      if (loading !== null || baseUrl === null) return;
      loading = actions.load(baseUrl);
    },
    loaded() {
      actions.ensureLoaded();
      return loading ?? Promise.resolve();
    },
    addRecordings(added) {
      const s = store.getState();
      const fresh = added.filter((a) => !s.recordings[a.entry.id]);
      const ids = new Set(fresh.map((a) => a.entry.id));
      store.setState({
        // an entry of the same id stays only where its own file was refused: the fresh one replaces it
        index: [...(s.index ?? []).filter((e) => !ids.has(e.id)), ...fresh.map((a) => a.entry)],
        recordings: { ...s.recordings, ...Object.fromEntries(fresh.map((a) => [a.entry.id, a.recording])) },
        files: { ...s.files, ...Object.fromEntries(fresh.map((a) => [a.entry.id, a.bytes])) },
      });
    },
    setView: (view) => store.setState({ view }),
    setExperiment: (experiment) => {
      stopClock();
      store.setState({ experiment, layer: null, position: 0, playing: false });
    },
    setMethods: (methods) => store.setState({ methods }),
    play() {
      const s = store.getState();
      const end = replayEnd(shownRecordings(s));
      if (s.position >= end) store.setState({ position: 0 }); // play again from the start
      if (s.speed === 'instant') {
        store.setState({ position: end, playing: false });
        return;
      }
      store.setState({ playing: true });
      last = now();
      stopClock();
      timer = setInterval(tick, TICK_MS);
    },
    pause() {
      stopClock();
      store.setState({ playing: false });
    },
    togglePlay: () => (store.getState().playing ? actions.pause() : actions.play()),
    step(direction = 1) {
      actions.pause();
      const s = store.getState();
      const shown = shownRecordings(s);
      store.setState({ position: direction === 1 ? nextStop(shown, s.position) : previousStop(shown, s.position) });
    },
    seek(position) {
      const end = replayEnd(shownRecordings(store.getState()));
      store.setState({ position: Math.max(0, Math.min(end, position)) });
      last = now();
    },
    setSpeed(speed) {
      store.setState({ speed });
      if (speed === 'instant') actions.play();
    },
    setStory: (story) => store.setState({ story }),
    setLayer: (layer) => store.setState({ layer }),
    setHelp: (help) => store.setState({ help }),
  };
  return actions;
}

export const lectureStore = createStore<LectureState>()(() => initialLecture);
export const lectureActions = createLectureActions(lectureStore);
export const useLecture = <T>(select: (s: LectureState) => T): T => useStore(lectureStore, select);
/** The shown recordings, the same array while they are the same (a new array each time would re-render forever). */
export const useShownRecordings = (): Recording[] => useStore(lectureStore, useShallow(shownRecordings));
