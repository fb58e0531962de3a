/**
 * Compare with a recorded run: adds one of the shipped recordings (the lecture view's) to the runs, so it
 * is drawn, overlaid and compared like a run of this browser, labelled as recorded. The recordings are
 * read when the chooser is first used.
 */
import { useAppStore } from '../../store/app-store';
import { lectureActions, useLecture } from '../../store/lecture-store';
import { recordedUid, recordingAsRun } from '../../store/replay';
import { useActions } from '../actions-context';

export function RecordedRunPicker() {
  const actions = useActions();
  const datasetId = useAppStore((s) => s.draft?.datasetId);
  const index = useLecture((s) => s.index);
  const recordings = useLecture((s) => s.recordings);
  const added = useAppStore((s) => s.runs);
  const entries = (index ?? []).filter((e) => e.datasetId === datasetId && recordings[e.id]);
  const add = (id: string): void => {
    const r = recordings[id];
    if (r) actions.addRecordedRun((runId) => recordingAsRun(r, runId));
  };
  return (
    <label className="recorded-picker small">
      Compare with a recorded run{' '}
      <select
        value=""
        onFocus={lectureActions.ensureLoaded}
        onPointerDown={lectureActions.ensureLoaded}
        onChange={(e) => add(e.target.value)}
        data-testid="recorded-picker"
      >
        <option value="">{index === null ? 'choose (reading the recordings…)' : 'choose…'}</option>
        {entries.map((e) => (
          <option key={e.id} value={e.id} disabled={added.some((r) => r.uid === recordedUid(e.id))}>
            {recordings[e.id]?.title} (recorded {recordings[e.id]?.recordedAt.slice(0, 10)})
          </option>
        ))}
      </select>
    </label>
  );
}
