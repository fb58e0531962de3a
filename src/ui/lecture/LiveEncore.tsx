/** The story's last step: start a live TPGM run with the recordings' settings, drawn beside them. */
import { isRunActive, useAppStore } from '../../store/app-store';
import { lectureStore, shownRecordings, useLecture } from '../../store/lecture-store';
import { useActions } from '../actions-context';

export function LiveEncore() {
  const actions = useActions();
  const run = useAppStore((s) => s.run);
  const ready = useAppStore((s) => s.status === 'ready' && s.draft !== null);
  const recorded = useLecture((s) => shownRecordings(s).find((r) => r.spec.config.method === 'tpgm'));
  const active = isRunActive(run?.state ?? null);
  const start = (): void => {
    const spec = recorded?.spec ?? useAppStore.getState().draft;
    if (!spec) return;
    // the recorded TPGM run's settings, on this machine's backend, with evaluations as often
    lectureStore.setState({ methods: ['full-ft', 'tpgm'] });
    actions.startRun({ ...spec, config: { ...spec.config, method: 'tpgm' } });
  };
  return (
    <div className="live-encore">
      <button type="button" className="primary" onClick={start} disabled={!ready || active} data-testid="lecture-live">
        {!active
          ? 'Start a live TPGM run'
          : run?.state === 'evaluating'
            ? 'Live run: measuring the test sets…'
            : `Training live: step ${run?.stepsDone ?? 0} of ${run?.totalSteps ?? 0}`}
      </button>
      {active && (
        <button type="button" onClick={actions.stopRun}>
          Stop
        </button>
      )}
    </div>
  );
}
