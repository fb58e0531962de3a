/**
 * A run's checkpoints, from the worker's side: every CHECKPOINT_EVERY steps and at every evaluation
 * the session saves the Trainer's whole state (core/train/run-state.ts) and the divergence watch's,
 * and posts it to the page, which keeps it outside the worker (store/checkpoints.ts). `start` with
 * `from` continues the run it was saved from.
 */
import type { RunSpec } from '../core/spec/run-spec';
import type { DivergenceWatch } from '../core/train/divergence';
import { CheckpointError, StateWriter } from '../core/train/run-state';
import type { Trainer } from '../core/train/trainer';
import type { RunCheckpoint } from './protocol';
import type { SessionDeps } from './session-deps';

/**
 * A checkpoint is saved this often (and at every evaluation). Saving copies the state on the device
 * and reads it back while training goes on: about 3× the weights (SGD momentum; 4× with Adam).
 */
export const CHECKPOINT_EVERY = 50;

/** A checkpoint continues the run it was saved from only: the same spec but for the worker's export flag. */
export function assertSameRun(from: RunCheckpoint, spec: RunSpec): void {
  const plain = (s: RunSpec): string => JSON.stringify({ ...s, exportModel: false });
  if (plain(from.spec) !== plain(spec))
    throw new CheckpointError('the checkpoint was saved from a run with other settings: it continues that run only');
}

export class CheckpointSaver {
  /** A checkpoint being read back; the next waits for it, so at most one copy of the state is held. */
  private saving: Promise<void> | null = null;

  constructor(
    private readonly runId: number,
    private readonly spec: RunSpec,
    private readonly deps: Pick<SessionDeps, 'post' | 'now' | 'backend'>,
  ) {}

  /**
   * Saves the run's state as it is after `trainer.stepsDone` steps and posts it. The copies are taken
   * now (training goes on with the live tensors); the read-back is not waited for, except that one
   * still being read makes the next save wait. `started` is when the run started (worker clock).
   */
  async save(trainer: Trainer, watch: DivergenceWatch, started: number): Promise<void> {
    await this.saving;
    const w = StateWriter.create();
    try {
      trainer.saveState(w);
      watch.saveState(w.within('session/divergence'));
    } catch (err) {
      w.dispose();
      throw err;
    }
    const step = trainer.stepsDone;
    const wallMs = this.deps.now() - started;
    const savedAt = new Date().toISOString();
    const backend = this.deps.backend();
    this.saving = w.read().then((state) => {
      const checkpoint: RunCheckpoint = { step, savedAt, backend, wallMs, spec: this.spec, state };
      const transfer = Object.values(state.tensors).map((t) => t.values.buffer as ArrayBuffer);
      this.deps.post({ type: 'checkpoint', runId: this.runId, checkpoint }, transfer);
    });
    // a failed read-back fails the run where it is next awaited, not as an unhandled rejection here
    this.saving.catch(() => undefined);
  }

  /** Resolves once the last checkpoint has been posted (rejects if reading it back failed). */
  async saved(): Promise<void> {
    await this.saving;
  }
}
