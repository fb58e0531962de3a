/**
 * Where the run is: its state, a progress bar, steps per second and the time left (the worker's
 * estimate from its measured step and evaluation times; a clock time too for a long run).
 */
import { isRunActive, useAppStore, type CurrentRun } from '../../store/app-store';
import { runOutcome } from '../../store/runs';

/** Runs with more than this left also show when they will end, as a time of day. */
const CLOCK_AFTER_S = 120;

export function etaText(eta: CurrentRun['eta'], nowMs: number, wallNow: Date): string {
  if (!eta) return '–';
  const seconds = Math.max(0, (eta.ms - (nowMs - eta.at)) / 1000);
  if (seconds < 1) return 'under a second';
  const left = seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
  if (seconds <= CLOCK_AFTER_S) return left;
  const end = new Date(wallNow.getTime() + seconds * 1000);
  return `${left} (ends about ${end.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })})`;
}

export function RunProgress() {
  const run = useAppStore((s) => s.run);
  if (!run) return null;
  const diverged = run.summary ? runOutcome(run.summary, run.spec.config.steps) : null;
  const active = isRunActive(run.state);
  const memory = run.evals[run.evals.length - 1]?.memory;
  return (
    <div className="progress" role="group" aria-label="run progress">
      <p role="status" data-testid="run-state" data-state={run.state} data-eta-ms={run.eta?.ms}>
        Run {run.runId}: {run.state} — {run.detail}
      </p>
      <progress max={run.totalSteps} value={run.stepsDone} aria-label="steps done" />
      <p className="small">
        <span data-testid="steps-done">{run.stepsDone}</span> / {run.totalSteps} steps · {run.stepsPerSecond.toFixed(1)}{' '}
        steps/s{active && <> · ETA {etaText(run.eta, performance.now(), new Date())}</>}
        {run.summary &&
          ` · median step ${run.summary.medianStepMs.toFixed(1)} ms on ${run.summary.backend}, seed ${run.spec.config.seed}`}
        {memory && (
          <span data-testid="run-memory">
            {' '}
            · {memory.numTensors} tensors, {(memory.numBytes / 1e6).toFixed(1)} MB
          </span>
        )}
      </p>
      {run.summary?.diverged && (
        <p className="error" role="alert" data-testid="run-diverged">
          The run diverged at step {run.summary.diverged.step}: {diverged?.kind === 'diverged' ? diverged.why : ''} (lr{' '}
          {run.summary.diverged.lr.toPrecision(3)}), so training stopped there. The curves and the final evaluation
          above are what it reached; it is kept out of every mean. A lower learning rate usually helps.
        </p>
      )}
      {run.error && (
        <p className="error" role="alert" data-testid="run-error">
          The run failed: {run.error.message}
        </p>
      )}
    </div>
  );
}
