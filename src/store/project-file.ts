/**
 * A project file (`tpgm-project/1`): one zip holding the settings, the runs and the recordings the app
 * has at the moment it is saved, so that opening it (project-open.ts) puts them back. Layout:
 *
 *   project.json             format, app and version, date saved, what it holds (counts), and the size
 *                            and SHA-256 of every other file
 *   settings.json            the run setup as its link (`#dataset=…`, url-hash.ts) and as the RunSpec;
 *                            the lecture view's state (experiment, methods shown, story step, hidden parts)
 *   runs.json                the runs export (`tpgm-runs/1`, runs.ts) unchanged: it imports alone too
 *   recordings/index.json    the recordings' index (`tpgm-recordings/1`), each file's size and SHA-256
 *   recordings/<id>.json     each recording's file as the app read it (`tpgm-recording/1`), byte for byte
 *   models/                  reserved for uploaded models (not written yet; version 1 readers skip it)
 */
import { strToU8, zipSync } from 'fflate';

import { sha256Hex } from '../core/spec/sha256';
import type { RunSpec } from '../core/spec/run-spec';
import { RECORDING_INDEX_FORMAT, type RecordingIndexEntry } from '../worker/recording';
import { version as APP_VERSION } from '../../package.json';
import type { LecturePart, LectureState, View } from './lecture-store';
import type { ReplaySpeed } from './replay';
import { runsToJson, type FinishedRun } from './runs';
import { draftToHash } from './url-hash';

export const PROJECT_FORMAT = 'tpgm-project/1';
export const APP_NAME = 'tpgm-playground';

/** What of the lecture view a project keeps: what it shows, not where a replay stands. */
export interface LectureSettings {
  /** The view open when saved (opening keeps the view the person is in). */
  view: View;
  experiment: string;
  methods: string[];
  story: number;
  speed: ReplaySpeed;
  hidden: LecturePart[];
}

export interface ProjectSettings {
  /** The run setup as a link's hash; null before a dataset is chosen. What opening applies. */
  link: string | null;
  /** The same setup as the app holds it, for people and scripts that read the file. */
  spec: RunSpec | null;
  lecture: LectureSettings;
}

/** A recording as the project carries it: its index entry and its file. */
export interface ProjectRecording {
  entry: RecordingIndexEntry;
  bytes: Uint8Array;
}

/** Size and SHA-256 of one file of the project. */
export interface FileCheck {
  bytes: number;
  sha256: string;
}

export interface ProjectManifest {
  format: typeof PROJECT_FORMAT;
  app: { name: string; version: string };
  /** ISO time it was saved. */
  savedAt: string;
  holds: { settings: boolean; runs: number; recordings: number };
  /** Every file but this one, by its path in the zip. */
  files: Record<string, FileCheck>;
}

export const SETTINGS_PATH = 'settings.json';
export const RUNS_PATH = 'runs.json';
export const RECORDING_INDEX_PATH = 'recordings/index.json';
export const recordingPath = (id: string): string => `recordings/${id}.json`;

/** The lecture view's state as a project keeps it. */
export const lectureSettings = (s: LectureState): LectureSettings => ({
  view: s.view,
  experiment: s.experiment,
  methods: s.methods,
  story: s.story,
  speed: s.speed,
  hidden: s.hidden,
});

/** The recordings the app has read (shipped ones once the lecture view or the chooser asked for them). */
export const loadedRecordings = (s: LectureState): ProjectRecording[] =>
  (s.index ?? []).filter((e) => s.recordings[e.id] && s.files[e.id]).map((e) => ({ entry: e, bytes: s.files[e.id] }));

/** "tpgm-project-2026-12-03.zip" */
export const projectFileName = (savedAt: Date): string => `tpgm-project-${savedAt.toISOString().slice(0, 10)}.zip`;

const json = (value: unknown): Uint8Array => strToU8(JSON.stringify(value, null, 2));

/**
 * The project's zip: `draft` (null before a dataset is chosen), the lecture view's state, `runs` and
 * `recordings`, with project.json listing each file's size and SHA-256.
 */
export async function writeProject(
  draft: RunSpec | null,
  lecture: LectureSettings,
  runs: FinishedRun[],
  recordings: readonly ProjectRecording[],
  savedAt = new Date(),
): Promise<Uint8Array> {
  const settings: ProjectSettings = { link: draft && draftToHash(draft), spec: draft, lecture };
  const index = { format: RECORDING_INDEX_FORMAT, recordings: recordings.map((r) => r.entry) };
  const files: Record<string, Uint8Array> = {
    [SETTINGS_PATH]: json(settings),
    [RUNS_PATH]: strToU8(runsToJson(runs)),
    [RECORDING_INDEX_PATH]: json(index),
    ...Object.fromEntries(recordings.map((r) => [recordingPath(r.entry.id), r.bytes])),
  };
  const checks: Record<string, FileCheck> = {};
  for (const [path, bytes] of Object.entries(files))
    checks[path] = { bytes: bytes.length, sha256: await sha256Hex(new Uint8Array(bytes)) };
  const manifest: ProjectManifest = {
    format: PROJECT_FORMAT,
    app: { name: APP_NAME, version: APP_VERSION },
    savedAt: savedAt.toISOString(),
    holds: { settings: draft !== null, runs: runs.length, recordings: recordings.length },
    files: checks,
  };
  // project.json first, so a person listing the zip meets it first
  return zipSync({ 'project.json': json(manifest), ...files }, { level: 6, mtime: savedAt });
}
