import { createHash } from 'node:crypto';

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';

import { fakeRecording } from '../testing/fake-recording';
import { RECORDING_INDEX_FORMAT, type RecordingIndexEntry } from '../worker/recording';
import {
  createLectureActions,
  hiddenFromSearch,
  initialLecture,
  searchWithView,
  shownRecordings,
  viewFromSearch,
  type LectureState,
} from './lecture-store';

const tpgm = fakeRecording(undefined, 'mnist-b1-tpgm-s0', 2000);
const ft = fakeRecording({ ...tpgm.spec, config: { ...tpgm.spec.config, method: 'full-ft' } }, 'mnist-b1-ft-s0', 1000);

const bytesOf = (x: unknown): ArrayBuffer => new TextEncoder().encode(JSON.stringify(x)).buffer as ArrayBuffer;
const entry = (id: string, method: string, body: ArrayBuffer): RecordingIndexEntry => ({
  id,
  title: id,
  datasetId: 'mnist',
  method,
  recipe: 'b1-sgd',
  seed: 0,
  bytes: body.byteLength,
  sha256: createHash('sha256').update(new Uint8Array(body)).digest('hex'),
});

/** A lecture store served `files` (by URL ending) with an index of `entries`. */
function setup(files: Record<string, ArrayBuffer>, entries: RecordingIndexEntry[]) {
  const store = createStore<LectureState>()(() => initialLecture);
  const index = bytesOf({ format: RECORDING_INDEX_FORMAT, recordings: entries });
  const fetcher = async (url: string): Promise<ArrayBuffer> => {
    if (url.endsWith('recordings/index.json')) return index;
    const name = Object.keys(files).find((f) => url.endsWith(`recordings/${f}`));
    if (!name) throw new Error('404 Not Found');
    return files[name];
  };
  return { store, actions: createLectureActions(store, fetcher) };
}

afterEach(() => vi.useRealTimers());

describe('lecture store', () => {
  it('loads the recordings of the index and shows FT then TPGM', async () => {
    const a = bytesOf(tpgm);
    const b = bytesOf(ft);
    const { store, actions } = setup({ 'mnist-b1-tpgm-s0.json': a, 'mnist-b1-ft-s0.json': b }, [
      entry('mnist-b1-tpgm-s0', 'tpgm', a),
      entry('mnist-b1-ft-s0', 'full-ft', b),
    ]);
    await actions.load('http://x/');
    expect(store.getState().problems).toEqual([]);
    expect(shownRecordings(store.getState()).map((r) => r.id)).toEqual(['mnist-b1-ft-s0', 'mnist-b1-tpgm-s0']);
    actions.setMethods(['tpgm']);
    expect(shownRecordings(store.getState()).map((r) => r.id)).toEqual(['mnist-b1-tpgm-s0']);
  });

  it('refuses a damaged, a truncated and a missing recording by name, and keeps the others', async () => {
    const good = bytesOf(tpgm);
    const damaged = bytesOf({ ...ft, title: 'changed' });
    const { store, actions } = setup({ 'mnist-b1-tpgm-s0.json': good, 'mnist-b1-ft-s0.json': damaged }, [
      entry('mnist-b1-tpgm-s0', 'tpgm', good),
      { ...entry('mnist-b1-ft-s0', 'full-ft', bytesOf(ft)), bytes: damaged.byteLength },
      entry('mnist-b1-lp-s0', 'lp', good.slice(0, 10)),
    ]);
    await actions.load('http://x/');
    const problems = store.getState().problems.join('\n');
    expect(problems).toMatch(/recording mnist-b1-ft-s0: does not match its SHA-256 in the index/);
    expect(problems).toMatch(/recording mnist-b1-lp-s0: could not be read \(404 Not Found\)/);
    expect(Object.keys(store.getState().recordings)).toEqual(['mnist-b1-tpgm-s0']);
    expect(shownRecordings(store.getState()).map((r) => r.id)).toEqual(['mnist-b1-tpgm-s0']);
  });

  it('reads the measured means when their SHA-256 is the index’s, and says so when it is not', async () => {
    const reference = bytesOf({ format: 'tpgm-reference/1', experiments: { 'mnist/b1-sgd': [] } });
    const a = bytesOf(tpgm);
    const hash = (b: ArrayBuffer): string => createHash('sha256').update(new Uint8Array(b)).digest('hex');
    for (const [served, ok] of [
      [reference, true],
      [bytesOf({ format: 'tpgm-reference/1', experiments: { x: [] } }), false],
    ] as const) {
      const store = createStore<LectureState>()(() => initialLecture);
      const index = bytesOf({
        format: RECORDING_INDEX_FORMAT,
        recordings: [entry('mnist-b1-tpgm-s0', 'tpgm', a)],
        reference: { bytes: reference.byteLength, sha256: hash(reference) },
      });
      const files: Record<string, ArrayBuffer> = {
        'index.json': index,
        'reference.json': served,
        'mnist-b1-tpgm-s0.json': a,
      };
      const actions = createLectureActions(store, async (url) => files[url.split('/').pop() ?? '']);
      await actions.load('http://x/');
      await vi.waitFor(() =>
        expect(store.getState().reference !== null || store.getState().problems.length > 0).toBe(true),
      );
      if (ok) expect(store.getState().reference?.experiments['mnist/b1-sgd']).toEqual([]);
      else expect(store.getState().problems[0]).toMatch(/recordings\/reference.json: .*; the trade-off chart shows/);
    }
  });

  it('reads the recordings once, when first needed, from the address given at start', async () => {
    const a = bytesOf(tpgm);
    const { store, actions } = setup({ 'mnist-b1-tpgm-s0.json': a }, [entry('mnist-b1-tpgm-s0', 'tpgm', a)]);
    const load = vi.spyOn(actions, 'load');
    actions.ensureLoaded(); // asked before the address is known: read once it is
    expect(load).not.toHaveBeenCalled();
    actions.setBaseUrl('http://x/');
    actions.ensureLoaded();
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith('http://x/');
    await vi.waitFor(() => expect(Object.keys(store.getState().recordings)).toEqual(['mnist-b1-tpgm-s0']));
  });

  it('keeps each file as read, resolves `loaded` once read, and adds recordings not shipped once each', async () => {
    const a = bytesOf(tpgm);
    const { store, actions } = setup({ 'mnist-b1-tpgm-s0.json': a }, [
      entry('mnist-b1-tpgm-s0', 'tpgm', a),
      entry('mnist-b1-ft-s0', 'full-ft', bytesOf(ft)), // not served: refused by name
    ]);
    actions.setBaseUrl('http://x/');
    await actions.loaded();
    expect(store.getState().files['mnist-b1-tpgm-s0']).toEqual(new Uint8Array(a));
    const own = fakeRecording(undefined, 'my-run', 500);
    const added = [
      { entry: entry('my-run', 'tpgm', bytesOf(own)), recording: own, bytes: new Uint8Array(bytesOf(own)) },
      { entry: entry('mnist-b1-ft-s0', 'full-ft', bytesOf(ft)), recording: ft, bytes: new Uint8Array(bytesOf(ft)) },
      { entry: entry('mnist-b1-tpgm-s0', 'tpgm', a), recording: tpgm, bytes: new Uint8Array(a) }, // already there
    ];
    actions.addRecordings(added);
    actions.addRecordings(added);
    const s = store.getState();
    // the FT entry whose own file was refused is replaced by the one that came intact
    expect(s.index?.map((e) => e.id)).toEqual(['mnist-b1-tpgm-s0', 'my-run', 'mnist-b1-ft-s0']);
    expect(Object.keys(s.recordings).sort()).toEqual(['mnist-b1-ft-s0', 'mnist-b1-tpgm-s0', 'my-run']);
    expect(s.files['my-run']).toEqual(new Uint8Array(bytesOf(own)));
    // the lecture view offers it with the shipped ones of its experiment
    expect(shownRecordings(s).map((r) => r.id)).toEqual(['mnist-b1-ft-s0', 'mnist-b1-tpgm-s0', 'my-run']);
  });

  it('says so when the index itself cannot be read', async () => {
    const store = createStore<LectureState>()(() => initialLecture);
    const actions = createLectureActions(store, async () => new TextEncoder().encode('{').buffer as ArrayBuffer);
    await actions.load('http://x/');
    expect(store.getState().index).toEqual([]);
    expect(store.getState().problems[0]).toMatch(/^The recordings could not be read/);
  });

  it('plays at the recorded pace × speed, pauses, and stops at the end', async () => {
    const a = bytesOf(tpgm);
    const { store, actions } = setup({ 'mnist-b1-tpgm-s0.json': a }, [entry('mnist-b1-tpgm-s0', 'tpgm', a)]);
    await actions.load('http://x/');
    vi.useFakeTimers();
    actions.setSpeed(1);
    actions.play();
    vi.advanceTimersByTime(1000); // 20 steps in 2 s at ×1
    expect(store.getState().position).toBeCloseTo(10, 0);
    actions.pause();
    vi.advanceTimersByTime(1000);
    expect(store.getState().position).toBeCloseTo(10, 0);
    actions.play();
    vi.advanceTimersByTime(5000);
    expect(store.getState().position).toBe(20);
    expect(store.getState().playing).toBe(false);
    actions.setSpeed('instant');
    expect(store.getState().position).toBe(20);
    actions.seek(-5);
    expect(store.getState().position).toBe(0);
    actions.step(1);
    expect(store.getState().position).toBe(10);
  });

  it('reads the parts a link hides, and names the ones it does not know', () => {
    expect(hiddenFromSearch('?view=lecture&hide=examples,projection')).toEqual({
      hidden: ['examples', 'projection'],
      unknown: [],
    });
    expect(hiddenFromSearch('?hide=story,%3Cb%3E')).toEqual({ hidden: ['story'], unknown: ['<b>'] });
    expect(hiddenFromSearch('')).toEqual({ hidden: [], unknown: [] });
  });

  it('keeps the view in the link', () => {
    expect(viewFromSearch('?view=lecture')).toBe('lecture');
    expect(viewFromSearch('?backend=wasm')).toBe('lab');
    expect(searchWithView('?backend=wasm', 'lecture')).toBe('?backend=wasm&view=lecture');
    expect(searchWithView('?view=lecture', 'lab')).toBe('');
  });
});
