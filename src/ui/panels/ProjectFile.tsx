/**
 * The project group: "Save project (.zip)" writes the run settings, the runs and the recordings the app
 * has read into one file (store/project-file.ts); "Open project…" reads such a file back
 * (store/project-apply.ts), and the line under the buttons says what opened, what was left out and why.
 */
import { useState } from 'react';

import { isRunActive, useAppStore } from '../../store/app-store';
import { lectureActions, lectureStore } from '../../store/lecture-store';
import {
  openProject,
  projectTooLarge,
  searchWithHidden,
  type ProjectOutcome,
  type ProjectTargets,
} from '../../store/project-apply';
import { lectureSettings, loadedRecordings, projectFileName, writeProject } from '../../store/project-file';
import { PROJECT_MAX_BYTES } from '../../store/project-zip';
import { useActions } from '../actions-context';
import { FileChooserButton } from '../controls/FileChooserButton';
import { saveBlob } from '../download';

/** `n` counts the outcomes, so each line is a fresh live region, read out even when its words repeat. */
type Outcome = Pick<ProjectOutcome, 'text' | 'tone'> & { n: number };

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Writes the project of the app as it is now and offers it as a download; returns the line that says so. */
async function saveProject(): Promise<string> {
  const savedAt = new Date();
  const { draft, runs } = useAppStore.getState();
  const lecture = lectureStore.getState();
  const recordings = loadedRecordings(lecture);
  const zip = await writeProject(draft, lectureSettings(lecture), runs, recordings, savedAt);
  const name = projectFileName(savedAt);
  saveBlob(new Blob([new Uint8Array(zip)], { type: 'application/zip' }), name);
  // the shipped recordings are read only once something asks for them, so a project may hold none
  const held =
    recordings.length > 0
      ? plural(recordings.length, 'recording')
      : 'no recordings (the app reads them when the lecture view or the recorded-run chooser is first used)';
  return `Saved ${name}: ${draft ? 'the run settings' : 'no run settings yet'}, ${plural(runs.length, 'run')}, ${held}.`;
}

export function ProjectFile() {
  const actions = useActions();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);
  const show = (o: Pick<ProjectOutcome, 'text' | 'tone'>): void =>
    setOutcome((prev) => ({ text: o.text, tone: o.tone, n: (prev?.n ?? 0) + 1 }));
  const failed = (what: string) => (err: unknown) =>
    show({ text: `${what}: ${(err as Error).message}. Nothing was changed.`, tone: 'alert' });

  const targets: ProjectTargets = {
    app: () => {
      const s = useAppStore.getState();
      return { runs: s.runs, runActive: isRunActive(s.run?.state ?? null) };
    },
    restoreRuns: actions.restoreRuns,
    applyLink: actions.applyLink,
    lecture: lectureStore,
    lectureActions,
  };

  const onSave = (): void => {
    setBusy(true);
    saveProject()
      .then((text) => show({ text, tone: 'status' }), failed('The project could not be saved'))
      .finally(() => setBusy(false));
  };

  const onOpen = ([file]: File[]): void => {
    if (file.size > PROJECT_MAX_BYTES) {
      show(projectTooLarge(file.name, file.size));
      return;
    }
    setBusy(true);
    file
      .arrayBuffer()
      .then((bytes) => openProject(new Uint8Array(bytes), file.name, targets))
      .then(
        (opened) => {
          if (opened.hidden) {
            // the restored hidden parts go into the link, as `?hide=` put them there
            const { pathname, search, hash } = window.location;
            window.history.replaceState(null, '', `${pathname}${searchWithHidden(search, opened.hidden)}${hash}`);
          }
          show(opened);
        },
        failed(`${file.name} could not be opened`),
      )
      .finally(() => setBusy(false));
  };

  return (
    <section className="panel" aria-labelledby="project-heading">
      <h2 id="project-heading">Project</h2>
      <p className="muted small">
        One .zip with the run settings, the runs and the recordings the app has read; open it here or in another
        browser.
      </p>
      <div className="buttons">
        <button type="button" onClick={onSave} disabled={busy}>
          Save project (.zip)
        </button>
        <FileChooserButton inputLabel="Open a project file" accept=".zip,application/zip" onFiles={onOpen}>
          Open project…
        </FileChooserButton>
      </div>
      {outcome && (
        <p
          key={outcome.n}
          role={outcome.tone}
          className={outcome.tone === 'alert' ? 'error small' : 'small'}
          data-testid="project-result"
        >
          {outcome.text}
        </p>
      )}
    </section>
  );
}
