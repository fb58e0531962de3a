/**
 * Reading a project file (`tpgm-project/1`, project-file.ts) and checking every part of it before
 * anything reaches the app: the archive within its limits (project-zip.ts), project.json's format and
 * version, each file against its size and SHA-256 there, the settings as a link is checked, the runs as
 * an import is (runs-import.ts), each recording against its index. A part that fails is left out with
 * the reason; the rest opens. Not what opening does to the app (project-apply.ts).
 */
import { parseRecordingIndex, RecordingError, type Recording, type RecordingIndexEntry } from '../worker/recording';
import { sha256Hex } from '../core/spec/sha256';
import { count, Invalid, isObj, list, num, obj, oneOf, shown, str } from './json-checks';
import { LECTURE_PARTS, type LecturePart } from './lecture-store';
import {
  PROJECT_FORMAT,
  RECORDING_INDEX_PATH,
  recordingPath,
  RUNS_PATH,
  SETTINGS_PATH,
  type FileCheck,
  type LectureSettings,
  type ProjectManifest,
} from './project-file';
import { EntryDamaged, listZip, unpackEntry, ZipRefused, type ZipListing } from './project-zip';
import { checkRecording } from './recording-check';
import { REPLAY_SPEEDS } from './replay';
import { runsFromJson, type RunsFile } from './runs-import';
import { draftFromHash, echo, type HashResult } from './url-hash';

/** A part of the project, or why it was left out. */
export type Part<T> = { ok: true; value: T } | { ok: false; why: string };

/** A recording of the project that passed its checks. */
export interface CheckedRecording {
  entry: RecordingIndexEntry;
  recording: Recording;
  bytes: Uint8Array;
}

export interface ProjectSettingsRead {
  /** The link checked as any link is (null when the project holds no settings); its issues name the keys. */
  link: HashResult | null;
  lecture: Part<LectureSettings>;
}

export type ProjectRead =
  | {
      ok: true;
      manifest: ProjectManifest;
      settings: Part<ProjectSettingsRead>;
      runs: Part<RunsFile & { ok: true }>;
      recordings: Part<{ checked: CheckedRecording[]; refused: string[] }>;
      /** Files not read, with why (a path out of the archive, models of a later version, not a project file). */
      ignored: string[];
    }
  | { ok: false; why: string };

/** Recording ids become paths and uids: plain names only. */
const RECORDING_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Why project.json is not a manifest this app reads, or the manifest. */
function manifestOf(data: unknown): ProjectManifest | string {
  if (!isObj(data)) return `its project.json holds ${shown(data)}, not a project's description`;
  if (typeof data.format !== 'string') return `its project.json has no "format" (it is ${shown(data.format)})`;
  const version = /^tpgm-project\/(\d+)$/.exec(data.format);
  if (version && Number(version[1]) > 1)
    return `its format "${echo(data.format)}" is newer than this app reads ("${PROJECT_FORMAT}")`;
  if (data.format !== PROJECT_FORMAT) return `its format is "${echo(data.format)}", not "${PROJECT_FORMAT}"`;
  try {
    const files = obj(data.files, 'files');
    for (const [path, check] of Object.entries(files)) {
      const c = obj(check, `files["${echo(path)}"]`);
      count(c.bytes, `files["${echo(path)}"].bytes`);
      if (!/^[0-9a-f]{64}$/.test(str(c.sha256, `files["${echo(path)}"].sha256`)))
        throw new Invalid(`files["${echo(path)}"].sha256 is not a SHA-256`);
    }
    str(data.savedAt, 'savedAt');
  } catch (err) {
    if (err instanceof Invalid) return `its project.json is damaged (${err.message})`;
    throw err;
  }
  return data as unknown as ProjectManifest; // checked above as far as anything reads it
}

/** The lecture view's state as saved, every field checked (a part it does not know refuses the whole state). */
function lectureOf(v: unknown): Part<LectureSettings> {
  try {
    const l = obj(v, 'lecture');
    const hidden = list(l.hidden, 'lecture.hidden').map((x, i) => str(x, `lecture.hidden[${i}]`));
    const unknown = hidden.filter((x) => !(LECTURE_PARTS as readonly string[]).includes(x));
    if (unknown.length > 0)
      throw new Invalid(`lecture.hidden names no part of the lecture view: ${unknown.map((x) => echo(x)).join(', ')}`);
    const speed = REPLAY_SPEEDS.find((s) => s === l.speed);
    if (speed === undefined) throw new Invalid(`lecture.speed is ${shown(l.speed)}, not 1, 4, 16 or "instant"`);
    const value: LectureSettings = {
      view: oneOf(l.view, 'lecture.view', ['lab', 'lecture'], 'lab or lecture'),
      experiment: str(l.experiment, 'lecture.experiment'),
      methods: list(l.methods, 'lecture.methods').map((x, i) => str(x, `lecture.methods[${i}]`)),
      story: count(l.story, 'lecture.story'),
      speed,
      hidden: hidden as LecturePart[],
    };
    return { ok: true, value };
  } catch (err) {
    if (err instanceof Invalid) return { ok: false, why: err.message };
    throw err;
  }
}

/** settings.json: its link checked as a pasted link is (draftFromHash), and the lecture view's state. */
function settingsOf(text: string): Part<ProjectSettingsRead> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, why: 'settings.json is not valid JSON' };
  }
  if (!isObj(data)) return { ok: false, why: `settings.json holds ${shown(data)}, not settings` };
  if (data.link !== null && typeof data.link !== 'string')
    return { ok: false, why: `settings.json's link is ${shown(data.link)}, not a link` };
  return {
    ok: true,
    value: { link: data.link === null ? null : draftFromHash(data.link), lecture: lectureOf(data.lecture) },
  };
}

/** Reads the files of a checked listing, each checked against project.json; a failure names the file. */
function fileReader(zip: Uint8Array, listing: ZipListing, files: Record<string, FileCheck>) {
  return async (path: string): Promise<Uint8Array<ArrayBuffer>> => {
    const entry = listing.entries.get(path);
    const expected = files[path];
    if (!entry) throw new EntryDamaged(`${path} is missing from the archive`);
    if (!expected) throw new EntryDamaged(`${path} is not listed in project.json`);
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = unpackEntry(zip, entry);
    } catch (err) {
      if (err instanceof EntryDamaged) throw new EntryDamaged(`${path}: ${err.message}`);
      throw err;
    }
    if (bytes.length !== expected.bytes)
      throw new EntryDamaged(
        `${path} is ${bytes.length} bytes, project.json says ${expected.bytes} (damaged or replaced)`,
      );
    if ((await sha256Hex(bytes)) !== expected.sha256)
      throw new EntryDamaged(`${path} does not match its SHA-256 in project.json (damaged or replaced)`);
    return bytes;
  };
}

/** A part read by `read`, or why not (an unreadable file, whatever `read` refuses). */
async function part<T>(read: () => Promise<Part<T>>): Promise<Part<T>> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof EntryDamaged || err instanceof RecordingError) return { ok: false, why: err.message };
    throw err;
  }
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function parsed(bytes: Uint8Array, path: string): unknown {
  try {
    return JSON.parse(text(bytes));
  } catch {
    throw new EntryDamaged(`${path} is not valid JSON`);
  }
}

/** An entry of the project's recordings index, checked for every field the lecture view and the chooser read. */
function indexEntry(v: RecordingIndexEntry): RecordingIndexEntry {
  if (!RECORDING_ID.test(v.id))
    throw new RecordingError(`recording "${echo(v.id)}": its name is not a plain file name`);
  try {
    for (const key of ['title', 'datasetId', 'method', 'recipe'] as const) str(v[key], key);
    num(v.seed, 'seed');
  } catch (err) {
    if (err instanceof Invalid) throw new RecordingError(`recording ${v.id}: its index entry's ${err.message}`);
    throw err;
  }
  return v;
}

/**
 * Reads the project `zip` (the file's bytes): `ok: false` with the reason when it is refused whole (not a
 * zip, too large, not a project, another or a newer format, a file that unpacks past its declared size);
 * otherwise each part, or why it was left out, and the files not read.
 */
export async function readProject(zip: Uint8Array): Promise<ProjectRead> {
  try {
    const listing = listZip(zip);
    const manifestEntry = listing.entries.get('project.json');
    if (!manifestEntry) {
      const names = [...listing.entries.keys()];
      const held = names.length === 0 ? 'nothing' : `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`;
      return { ok: false, why: `it holds no project.json, so it is not a project file of this app (it holds ${held})` };
    }
    let data: unknown;
    try {
      data = JSON.parse(text(unpackEntry(zip, manifestEntry)));
    } catch (err) {
      if (err instanceof ZipRefused) throw err;
      return { ok: false, why: 'its project.json cannot be read (damaged, or not JSON)' };
    }
    const manifest = manifestOf(data);
    if (typeof manifest === 'string') return { ok: false, why: manifest };
    const read = fileReader(zip, listing, manifest.files);
    const settings = await part(async () => settingsOf(text(await read(SETTINGS_PATH))));
    const runs = await part(async (): Promise<Part<RunsFile & { ok: true }>> => {
      const file = runsFromJson(text(await read(RUNS_PATH)));
      return file.ok ? { ok: true, value: file } : { ok: false, why: `runs.json: ${file.why}` };
    });
    const indexed = new Set<string>();
    const recordings = await part(async () => {
      const index = parseRecordingIndex(parsed(await read(RECORDING_INDEX_PATH), RECORDING_INDEX_PATH));
      const checked: CheckedRecording[] = [];
      const refused: string[] = [];
      for (const listed of index.recordings) {
        try {
          const entry = indexEntry(listed);
          if (indexed.has(recordingPath(entry.id)))
            throw new RecordingError(`recording ${entry.id}: listed twice in the index`);
          indexed.add(recordingPath(entry.id));
          const bytes = await read(recordingPath(entry.id));
          const recording = await checkRecording(entry, bytes.buffer);
          if (recording.id !== entry.id)
            throw new RecordingError(`recording ${entry.id}: its file says it is "${echo(recording.id)}"`);
          checked.push({ entry, recording, bytes });
        } catch (err) {
          if (!(err instanceof RecordingError || err instanceof EntryDamaged)) throw err;
          refused.push(err.message);
        }
      }
      return { ok: true as const, value: { checked, refused } };
    });
    const known = new Set([SETTINGS_PATH, RUNS_PATH, RECORDING_INDEX_PATH, 'project.json', ...indexed]);
    const why = (name: string): string =>
      name.startsWith('models/')
        ? 'models are not read by this version'
        : name.startsWith('recordings/')
          ? 'not in the recordings index'
          : 'not part of a project';
    const ignored = [
      ...listing.setAside.map((s) => `"${echo(s.name)}" (${s.why})`),
      ...[...listing.entries.keys()].filter((name) => !known.has(name)).map((name) => `"${echo(name)}" (${why(name)})`),
    ];
    return { ok: true, manifest, settings, runs, recordings, ignored };
  } catch (err) {
    if (err instanceof ZipRefused) return { ok: false, why: err.message };
    throw err;
  }
}
