import { createHash } from 'node:crypto';

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';

import { defaultDraft } from '../core/spec/default-run';
import { fakeRecording } from '../testing/fake-recording';
import { RECORDING_INDEX_FORMAT, type RecordingIndexEntry } from '../worker/recording';
import { createLectureActions, initialLecture, type LectureState } from './lecture-store';
import { openProject, projectTooLarge, searchWithHidden, type ProjectTargets } from './project-apply';
import { lectureSettings, writeProject, type ProjectManifest, type ProjectRecording } from './project-file';
import { recordingAsRun } from './replay';
import { runsFromJson } from './runs-import';
import type { FinishedRun } from './runs';
import type { HashResult } from './url-hash';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const fileOf = (x: unknown): Uint8Array => strToU8(JSON.stringify(x, null, 2));
const entryOf = (id: string, bytes: Uint8Array): RecordingIndexEntry => ({
  id,
  title: id,
  datasetId: 'mnist',
  method: 'tpgm',
  recipe: 'b1-sgd',
  seed: 0,
  bytes: bytes.length,
  sha256: sha(bytes),
});

/** One recording shipped with the app (served by the fake fetcher) and one that is not. */
const shippedBytes = fileOf(fakeRecording(undefined, 'mnist-b1-tpgm-s0'));
const ownBytes = fileOf({ ...fakeRecording(undefined, 'my-tpgm-s1'), title: 'my own TPGM' });
const shipped: ProjectRecording = { entry: entryOf('mnist-b1-tpgm-s0', shippedBytes), bytes: shippedBytes };
const own: ProjectRecording = { entry: entryOf('my-tpgm-s1', ownBytes), bytes: ownBytes };

/** A finished run of this browser (a recording's run, less its label). */
function run(n: number): FinishedRun {
  const r = recordingAsRun(fakeRecording(), n);
  delete r.recorded;
  return { ...r, uid: `uid-${n}`, finishedAt: `2026-12-03T10:0${n}:00.000Z` };
}

const draft = (() => {
  const d = defaultDraft('mnist');
  d.config = { ...d.config, method: 'full-ft', steps: 40, seed: 7 };
  return d;
})();
const lecture = { ...lectureSettings(initialLecture), story: 3, methods: ['tpgm'], hidden: ['examples' as const] };
const SAVED = new Date('2026-12-03T12:00:00.000Z');

/** An app with `runs` and the lecture store serving the shipped recording; records what opening does. */
function app(runs: FinishedRun[] = [], runActive = false) {
  const index = fileOf({ format: RECORDING_INDEX_FORMAT, recordings: [shipped.entry] });
  const served: Record<string, Uint8Array> = { 'index.json': index, 'mnist-b1-tpgm-s0.json': shippedBytes };
  const lectureStore = createStore<LectureState>()(() => initialLecture);
  const lectureActions = createLectureActions(lectureStore, async (url) => {
    const file = served[url.split('/').pop() ?? ''];
    if (!file) throw new Error('404 Not Found');
    return file.slice().buffer;
  });
  lectureActions.setBaseUrl('http://x/');
  const seen = { runs: [...runs], links: [] as HashResult[] };
  const targets: ProjectTargets = {
    app: () => ({ runs: seen.runs, runActive }),
    restoreRuns: (added) => seen.runs.push(...added),
    applyLink: (link) => seen.links.push(link),
    lecture: lectureStore,
    lectureActions,
  };
  return { seen, targets, lectureStore };
}

const saved = (): Promise<Uint8Array> => writeProject(draft, lecture, [run(1), run(2)], [shipped, own], SAVED);

/** The project's files, changed by `change`, zipped again; project.json's checks follow unless `keepChecks`. */
async function changed(change: (files: Record<string, Uint8Array>) => void, keepChecks = false): Promise<Uint8Array> {
  const files = unzipSync(await saved());
  change(files);
  const manifest = JSON.parse(strFromU8(files['project.json'])) as ProjectManifest;
  if (!keepChecks)
    for (const path of Object.keys(manifest.files))
      if (files[path]) manifest.files[path] = { bytes: files[path].length, sha256: sha(files[path]) };
  return zipSync({ ...files, 'project.json': fileOf(manifest) });
}

describe('project file', () => {
  it('round-trips: runs, settings, the lecture view and the recordings come back; nothing is doubled', async () => {
    const zip = await saved();
    const { seen, targets, lectureStore } = app();
    const opened = await openProject(zip, 'p.zip', targets);
    expect(opened).toEqual({
      text:
        'Opened p.zip (saved 2026-12-03): 1 recording already in this app, 1 recording added; 2 runs added; ' +
        'settings applied; lecture view restored.',
      tone: 'status',
      hidden: ['examples'],
    });
    expect(seen.runs).toEqual([run(1), run(2)]);
    expect(seen.links.map((l) => l.draft)).toEqual([draft]);
    const s = lectureStore.getState();
    expect(s.index?.map((e) => e.id)).toEqual(['mnist-b1-tpgm-s0', 'my-tpgm-s1']);
    expect(s.recordings['my-tpgm-s1'].title).toBe('my own TPGM');
    expect(s.files['my-tpgm-s1']).toEqual(ownBytes);
    expect({ story: s.story, methods: s.methods, hidden: s.hidden }).toEqual({
      story: 3,
      methods: ['tpgm'],
      hidden: ['examples'],
    });

    const again = await openProject(zip, 'p.zip', targets);
    expect(again.text).toBe(
      'Opened p.zip (saved 2026-12-03): 2 recordings already in this app; 0 runs added, 2 already here; ' +
        'settings applied; lecture view restored.',
    );
    expect(seen.runs).toHaveLength(2);
    expect(lectureStore.getState().index).toHaveLength(2);
  });

  it('describes itself in project.json, and its runs.json imports alone', async () => {
    const files = unzipSync(await saved());
    expect(Object.keys(files)).toEqual([
      'project.json',
      'settings.json',
      'runs.json',
      'recordings/index.json',
      'recordings/mnist-b1-tpgm-s0.json',
      'recordings/my-tpgm-s1.json',
    ]);
    const manifest = JSON.parse(strFromU8(files['project.json'])) as ProjectManifest;
    expect(manifest).toMatchObject({
      format: 'tpgm-project/1',
      app: { name: 'tpgm-playground' },
      savedAt: '2026-12-03T12:00:00.000Z',
      holds: { settings: true, runs: 2, recordings: 2 },
    });
    for (const [path, check] of Object.entries(manifest.files))
      expect(check).toEqual({ bytes: files[path].length, sha256: sha(files[path]) });
    expect(files['recordings/mnist-b1-tpgm-s0.json']).toEqual(shippedBytes); // byte for byte
    const settings = JSON.parse(strFromU8(files['settings.json'])) as { link: string; spec: unknown };
    expect(settings.link).toMatch(/^#dataset=mnist&.*method=full-ft&steps=40&.*seed=7/);
    expect(settings.spec).toEqual(draft);
    const runs = runsFromJson(strFromU8(files['runs.json']));
    expect(runs.ok && runs.runs).toEqual([run(1), run(2)]);
  });

  it('refuses whole a damaged zip, a zip that is not a project, and a newer format; nothing changes', async () => {
    const zip = await saved();
    const notProject = zipSync({ 'hello.txt': strToU8('hi'), 'notes/a.md': strToU8('#') });
    const newer = await changed((f) => {
      const m = JSON.parse(strFromU8(f['project.json'])) as Record<string, unknown>;
      f['project.json'] = fileOf({ ...m, format: 'tpgm-project/2' });
    });
    const cases: [Uint8Array, string][] = [
      [zip.slice(0, zip.length - 40), 'it is not a zip archive, or it is damaged or cut short'],
      [strToU8('{"format": "tpgm-runs/1"}'), 'it is not a zip archive'],
      [
        notProject,
        'it holds no project.json, so it is not a project file of this app (it holds hello.txt, notes/a.md)',
      ],
      [newer, 'its format "tpgm-project/2" is newer than this app reads ("tpgm-project/1")'],
    ];
    for (const [bytes, why] of cases) {
      const { seen, targets, lectureStore } = app();
      const opened = await openProject(bytes, 'p.zip', targets);
      expect(opened.tone).toBe('alert');
      expect(opened.text).toContain(`p.zip was not opened: ${why}`);
      expect(opened.text).toMatch(/Nothing was changed\.$/);
      expect([seen.runs, seen.links, lectureStore.getState().index]).toEqual([[], [], null]);
    }
  });

  it('leaves out a file whose SHA-256 does not match project.json, and a recording that fails its check; the rest opens', async () => {
    const zip = await changed((f) => {
      f['runs.json'] = strToU8(strFromU8(f['runs.json']).replace('"runId": 1', '"runId": 5'));
      // one letter changed: the same size, another SHA-256
      f['recordings/my-tpgm-s1.json'] = fileOf({ ...fakeRecording(undefined, 'my-tpgm-s1'), title: 'my own TPGX' });
    }, true);
    const { seen, targets, lectureStore } = app();
    const opened = await openProject(zip, 'p.zip', targets);
    expect(opened.tone).toBe('status');
    expect(opened.text).toBe(
      'Partly opened p.zip (saved 2026-12-03): 1 recording already in this app; settings applied; lecture view restored. ' +
        'Left out: recordings/my-tpgm-s1.json does not match its SHA-256 in project.json (damaged or replaced); ' +
        'runs left out: runs.json does not match its SHA-256 in project.json (damaged or replaced).',
    );
    expect(seen.runs).toEqual([]);
    expect(lectureStore.getState().index?.map((e) => e.id)).toEqual(['mnist-b1-tpgm-s0']);
  });

  it('refuses by name a recording whose file is not its index entry, or takes a shipped one’s name', async () => {
    const other = fileOf({ ...fakeRecording(undefined, 'mnist-b1-tpgm-s0'), title: 'not the shipped one' });
    const zip = await changed((f) => {
      f['recordings/my-tpgm-s1.json'] = fileOf({ ...fakeRecording(undefined, 'my-tpgm-s1'), title: 'my own TPGX' });
      f['recordings/mnist-b1-tpgm-s0.json'] = other;
      f['recordings/index.json'] = fileOf({
        format: RECORDING_INDEX_FORMAT,
        recordings: [entryOf('mnist-b1-tpgm-s0', other), own.entry],
      });
    });
    const { targets, lectureStore } = app();
    const opened = await openProject(zip, 'p.zip', targets);
    expect(opened.text).toContain('0 recordings added');
    expect(opened.text).toContain('recording mnist-b1-tpgm-s0: this app has another recording of that name');
    expect(opened.text).toContain('recording my-tpgm-s1: does not match its SHA-256 in the index');
    expect(lectureStore.getState().recordings['mnist-b1-tpgm-s0'].title).toBe('TPGM · B1 · seed 0');
  });

  it('reports settings with an invalid value as a bad link is, and applies none that are invalid', async () => {
    const withLink = (link: string) =>
      changed((f) => {
        const s = JSON.parse(strFromU8(f['settings.json'])) as Record<string, unknown>;
        f['settings.json'] = fileOf({ ...s, link });
      });
    const { seen, targets } = app();
    const one = await openProject(await withLink('#dataset=mnist&method=tpgm&lr=abc'), 'p.zip', targets);
    expect(one.text).toContain('settings applied (#lr=abc is not a number; using the default)');
    expect(seen.links[0].draft?.config.method).toBe('tpgm');
    const out = await openProject(await withLink('#dataset=mnist&method=tpgm&steps=-5'), 'p.zip', targets);
    expect(out.text).toMatch(/settings applied \(the link's steps must be ≥ 1, got -5; using the default \(\d+\)\)/);
    expect(seen.links[1].draft?.config.method).toBe('tpgm');
    // values that are wrong only together (Nesterov without momentum) leave the form as it was
    const bad = await openProject(await withLink('#dataset=mnist&momentum=0&nesterov=1'), 'p.zip', targets);
    expect(bad.text).toMatch(
      /Left out: settings not applied, the form is unchanged: .*the link's settings are invalid together \(optimizer\.nesterov/,
    );
    expect(bad.text).not.toContain('using the defaults');
    expect(seen.links).toHaveLength(2);
  });

  it('during a run, adds the runs and recordings and leaves the settings alone', async () => {
    const { seen, targets } = app([], true);
    const opened = await openProject(await saved(), 'p.zip', targets);
    expect(opened.text).toContain('2 runs added');
    expect(opened.text).toContain('Left out: settings not applied: a run is going on (it goes on)');
    expect(seen.links).toEqual([]);
    expect(seen.runs).toHaveLength(2);
  });

  it('does not double a run listed twice, and reads no file with a path out of the archive', async () => {
    const zip = await changed((f) => {
      const runs = JSON.parse(strFromU8(f['runs.json'])) as { runs: unknown[] };
      f['runs.json'] = fileOf({ ...runs, runs: [...runs.runs, runs.runs[0]] });
      f['../evil.json'] = strToU8('{}');
      f['/etc/passwd'] = strToU8('x');
      f['models/cnn/model.json'] = strToU8('{}');
    });
    const { seen, targets } = app([run(2)]);
    const opened = await openProject(zip, 'p.zip', targets);
    expect(opened.text).toContain('1 run added, 1 already here');
    expect(opened.text).toContain('1 run refused (entry 3 (run 1): the same run (uid) as entry 1)');
    expect(opened.text).toContain(
      'Not read: "../evil.json" (a path out of the archive); "/etc/passwd" (a path out of the archive); ' +
        '"models/cnn/model.json" (models are not read by this version).',
    );
    expect(seen.runs.map((r) => r.uid)).toEqual(['uid-2', 'uid-1']);
  });

  it('says why a file too large is not read, and writes the hidden parts into the link', () => {
    expect(projectTooLarge('big.zip', 300 * 2 ** 20).text).toBe(
      'big.zip was not opened: it is 300.0 MiB; a project is at most 256.0 MiB. Nothing was changed.',
    );
    expect(searchWithHidden('?view=lecture', ['examples', 'projection'])).toBe(
      '?view=lecture&hide=examples,projection',
    );
    expect(searchWithHidden('?hide=story&backend=wasm', [])).toBe('?backend=wasm');
    expect(searchWithHidden('?hide=story', [])).toBe('');
  });
});
