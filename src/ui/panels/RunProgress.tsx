/** Where the run is: its state, a progress bar, steps per second and the time left. */
import { useAppStore } from '../../store/app-store';

function eta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '–';
  return seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
}

export function RunProgress() {
  const run = useAppStore((s) => s.run);
  if (!run) return null;
  const left = run.totalSteps - run.stepsDone;
  const memory = run.evals[run.evals.length - 1]?.memory;
  return (
    <div className="progress" aria-label="run progress">
      <p role="status" data-testid="run-state" data-state={run.state}>
        Run {run.runId}: {run.state} — {run.detail}
      </p>
      <progress max={run.totalSteps} value={run.stepsDone} aria-label="steps done" />
      <p className="small">
        <span data-testid="steps-done">{run.stepsDone}</span> / {run.totalSteps} steps · {run.stepsPerSecond.toFixed(1)}{' '}
        steps/s · ETA {eta(left / run.stepsPerSecond)}
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
          The run diverged: the training loss was {String(run.summary.diverged.loss)} at step{' '}
          {run.summary.diverged.step} (lr {run.summary.diverged.lr.toPrecision(3)}), so training stopped there. The
          curves and the final evaluation above are what it reached; a lower learning rate usually helps.
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
