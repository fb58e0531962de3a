/**
 * Opening a project in the app: what its checked parts (project-open.ts) change, and the line that says
 * so. Runs join the table as an import's do (each once, by uid); a recording identical to one the app
 * has (same SHA-256) is counted, not doubled, and one it does not have joins the lecture view and the
 * lab's chooser; the settings apply as a pasted link's do, never under a running run; the lecture view
 * shows what it showed. Nothing changes when the file is refused whole.
 */
import type { StoreApi } from 'zustand';

import type { LectureActions, LecturePart, LectureState } from './lecture-store';
import type { CheckedRecording, ProjectRead } from './project-open';
import { readProject } from './project-open';
import type { FinishedRun } from './runs';
import type { HashResult } from './url-hash';
import { mib, PROJECT_MAX_BYTES } from './project-zip';

/** What opening a project reads and changes (the app's store actions, the lecture store). */
export interface ProjectTargets {
  /** The app now: its runs, and whether a run is going on (its settings are then left alone). */
  app(): { runs: readonly FinishedRun[]; runActive: boolean };
  restoreRuns(runs: FinishedRun[]): void;
  applyLink(link: HashResult): void;
  lecture: StoreApi<LectureState>;
  lectureActions: Pick<LectureActions, 'loaded' | 'addRecordings' | 'setExperiment'>;
}

export interface ProjectOutcome {
  text: string;
  /** 'alert' when nothing of the file was opened (the app is unchanged). */
  tone: 'status' | 'alert';
  /** The lecture view's hidden parts when they were restored (the page writes them into its link). */
  hidden: LecturePart[] | null;
}

/** A file refused before it is read (too large); nothing changes. */
export const projectTooLarge = (name: string, bytes: number): ProjectOutcome => ({
  text: `${name} was not opened: it is ${mib(bytes)}; a project is at most ${mib(PROJECT_MAX_BYTES)}. Nothing was changed.`,
  tone: 'alert',
  hidden: null,
});

/** The page's search with the lecture view's hidden parts (`?hide=a,b`; none: no `hide`), as a link writes them. */
export function searchWithHidden(search: string, hidden: readonly LecturePart[]): string {
  const params = new URLSearchParams(search);
  if (hidden.length > 0) params.set('hide', hidden.join(','));
  else params.delete('hide');
  const s = params.toString();
  return s === '' ? '' : `?${s.replace(/%2C/g, ',')}`;
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;
const firstThree = (items: readonly string[]): string =>
  `${items.slice(0, 3).join('; ')}${items.length > 3 ? `; and ${items.length - 3} more` : ''}`;

/** Adds the recordings the app does not have; says what was added, already there or left out. */
async function openRecordings(
  { checked, refused }: { checked: CheckedRecording[]; refused: string[] },
  t: ProjectTargets,
  left: string[],
): Promise<string> {
  // the shipped recordings are read first, so one the project also holds is recognised, not doubled
  if (checked.length > 0) await t.lectureActions.loaded();
  const s = t.lecture.getState();
  const loaded = (s.index ?? []).filter((e) => s.recordings[e.id]);
  const have = new Set(loaded.map((e) => e.sha256));
  const same = checked.filter((r) => have.has(r.entry.sha256));
  const other = checked.filter((r) => !have.has(r.entry.sha256));
  const taken = other.filter((r) => loaded.some((e) => e.id === r.entry.id));
  const fresh = other.filter((r) => !taken.includes(r));
  // left out: those that failed their own checks, and those whose name this app uses for another recording
  left.push(...refused);
  taken.forEach((r) => left.push(`recording ${r.entry.id}: this app has another recording of that name`));
  t.lectureActions.addRecordings(fresh);
  if (checked.length === 0 && refused.length === 0) return 'no recordings';
  const parts = [
    ...(same.length > 0 ? [`${plural(same.length, 'recording')} already in this app`] : []),
    ...(fresh.length > 0 || same.length === 0 ? [`${plural(fresh.length, 'recording')} added`] : []),
  ];
  return parts.join(', ');
}

/** Adds the runs not in the table yet; says how many were added, already there or refused. */
function openRuns(file: { runs: FinishedRun[]; refused: { why: string }[] }, t: ProjectTargets, left: string[]) {
  const known = new Set(t.app().runs.map((r) => r.uid));
  const added = file.runs.filter((r) => !known.has(r.uid));
  if (added.length > 0) t.restoreRuns(added);
  const already = file.runs.length - added.length;
  if (file.refused.length > 0)
    left.push(`${plural(file.refused.length, 'run')} refused (${firstThree(file.refused.map((r) => r.why))})`);
  return `${plural(added.length, 'run')} added${already > 0 ? `, ${already} already here` : ''}`;
}

/** Applies the settings and the lecture view's state; says what was applied or why not. */
function openSettings(settings: Extract<ProjectRead, { ok: true }>['settings'], t: ProjectTargets, left: string[]) {
  const done: string[] = [];
  let hidden: LecturePart[] | null = null;
  if (!settings.ok) {
    left.push(settings.why);
    return { done, hidden };
  }
  const { link, lecture } = settings.value;
  if (link === null) done.push('no run settings in it (saved before a dataset was chosen)');
  else if (t.app().runActive)
    left.push('settings not applied: a run is going on (it goes on); open the project again after it to apply them');
  else if (link.draft === null)
    // the link's own words; the form keeps its values (not the defaults a fresh page would take)
    left.push(
      `settings not applied, the form is unchanged: ${link.issues.join('; ').replace(/; using the defaults$/, '')}`,
    );
  else {
    t.applyLink({ ...link, issues: [] }); // its issues are in this line, not in the page's notices too
    done.push(link.issues.length > 0 ? `settings applied (${firstThree(link.issues)})` : 'settings applied');
  }
  if (lecture.ok) {
    const { experiment, methods, story, speed } = lecture.value;
    if (experiment !== t.lecture.getState().experiment) t.lectureActions.setExperiment(experiment);
    t.lecture.setState({ methods, story, speed, hidden: lecture.value.hidden });
    hidden = lecture.value.hidden;
    done.push('lecture view restored');
  } else left.push(`lecture view not restored: ${lecture.why}`);
  return { done, hidden };
}

/**
 * Opens the project `zip` (the file `name`) into the app through `t`, and says what happened: what
 * opened, what was left out and why, and files that were not read.
 */
export async function openProject(zip: Uint8Array, name: string, t: ProjectTargets): Promise<ProjectOutcome> {
  const read = await readProject(zip);
  if (!read.ok)
    return { text: `${name} was not opened: ${read.why}. Nothing was changed.`, tone: 'alert', hidden: null };
  const done: string[] = [];
  const left: string[] = [];
  // recordings first: runs recorded from them, and the lecture view's experiment, name them
  if (read.recordings.ok) {
    done.push(await openRecordings(read.recordings.value, t, left));
  } else left.push(`recordings left out: ${read.recordings.why}`);
  if (read.runs.ok) done.push(openRuns(read.runs.value, t, left));
  else left.push(`runs left out: ${read.runs.why}`);
  const settings = openSettings(read.settings, t, left);
  done.push(...settings.done);
  if (!read.recordings.ok && !read.runs.ok && !read.settings.ok)
    return { text: `${name} was not opened: ${firstThree(left)}. Nothing was changed.`, tone: 'alert', hidden: null };
  const saved = read.manifest.savedAt.slice(0, 10);
  const text = [
    `${left.length > 0 ? 'Partly opened' : 'Opened'} ${name} (saved ${saved})${done.length > 0 ? `: ${done.join('; ')}` : ''}.`,
    ...(left.length > 0 ? [`Left out: ${firstThree(left)}.`] : []),
    ...(read.ignored.length > 0 ? [`Not read: ${firstThree(read.ignored)}.`] : []),
  ].join(' ');
  return { text, tone: 'status', hidden: settings.hidden };
}
