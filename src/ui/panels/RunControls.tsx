/**
 * Start and steer a run, beside its live charts: Start (with what it will run), pause, resume, a
 * single step, a radius step (TPGM) and stop. The setup is in the Fine-tune panel; invalid settings
 * block Start and are listed there. Starting brings the live charts into view.
 */
import { draftIssues } from '../../core/spec/default-run';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { presetOf } from '../../core/spec/presets';
import { isRunActive, useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';

/** The live panel's id: Start and Compare scroll it into view. */
export const LIVE_PANEL_ID = 'live';

/** Bring the live charts into view (where the user's eye should go when a run starts). */
export function showLivePanel(): void {
  document.getElementById(LIVE_PANEL_ID)?.scrollIntoView({ block: 'start' });
}

export function RunControls() {
  const actions = useActions();
  const draft = useAppStore((s) => s.draft);
  // the run's state only: the controls must not redraw with every live point
  const runState = useAppStore((s) => s.run?.state ?? null);
  const ready = useAppStore((s) => s.status === 'ready' && s.deviceLost === null);
  const runUid = useAppStore((s) => s.run?.uid ?? null);
  // an interrupted run goes on from its newest checkpoint, if one was saved before the interruption
  const checkpointStep = useAppStore((s) =>
    s.run?.state === 'interrupted' ? (s.checkpoints[s.run.uid]?.step ?? null) : null,
  );
  if (!draft) return null;
  const issues = draftIssues(draft);
  const active = isRunActive(runState);
  const c = draft.config;
  const preset = presetOf(draft);
  const what = `${METHOD_INFO[c.method].short} · ${preset ? preset.name.split(' · ')[0] : 'custom'} · ${c.steps} steps · seed ${c.seed}`;
  return (
    <div className="run-controls" role="group" aria-label="run controls">
      <button
        type="button"
        className="primary"
        onClick={() => {
          actions.startRun(draft);
          showLivePanel();
        }}
        disabled={!ready || active || issues.length > 0}
        aria-describedby="run-what"
      >
        Start
      </button>
      {checkpointStep !== null && runUid !== null && (
        <button
          type="button"
          onClick={() => actions.continueRun(runUid)}
          disabled={!ready}
          title="Go on from the run's newest checkpoint in the fresh worker: the same steps it would have taken"
        >
          Continue from step {checkpointStep}
        </button>
      )}
      <button type="button" onClick={actions.pauseRun} disabled={!active || runState === 'paused'}>
        Pause
      </button>
      <button type="button" onClick={actions.resumeRun} disabled={runState !== 'paused'}>
        Resume
      </button>
      <button
        type="button"
        onClick={actions.stepRun}
        disabled={runState !== 'paused'}
        title="One weights step (with the method's own work, e.g. TPGM's radius update and projection)"
      >
        Step
      </button>
      {METHOD_INFO[c.method].radiusStep && (
        <button
          type="button"
          onClick={actions.stepRadii}
          disabled={runState !== 'paused'}
          title="One radius update on a validation batch and a projection, with no weights step"
        >
          Radius step
        </button>
      )}
      <button type="button" onClick={actions.stopRun} disabled={!active}>
        Stop
      </button>
      <span id="run-what" className="muted small">
        {issues.length > 0
          ? 'Fix the settings listed in the Fine-tune panel to start.'
          : `${active ? 'This run' : 'Next'}: ${what}`}
      </span>
    </div>
  );
}
