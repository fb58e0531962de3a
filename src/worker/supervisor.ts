/**
 * A supervised worker: the client side notices a worker that dies or hangs (no message, not even its
 * once-a-second `alive`, for `silenceMs`) or loses its GPU device, says so with a `workerLost` event,
 * terminates it, starts a fresh one and sends it the last `init` again, so the app works on without a
 * reload. Repeated losses within a minute give up (a worker that cannot start would loop forever).
 * Pure logic over a WorkerEndpoint and injected clocks, so it is tested in Node with fakes.
 */
import type { WorkerClient, Command, WorkerEvent, WorkerMessage } from './protocol';

/** What the supervisor needs of one worker. */
export interface WorkerEndpoint {
  post(command: Command): void;
  terminate(): void;
  onMessage(listener: (message: WorkerMessage) => void): void;
  /** An uncaught error in the worker (it may or may not still run: silence decides). */
  onError(listener: (message: string) => void): void;
}

export interface SupervisorOptions {
  spawn(): WorkerEndpoint;
  /** A worker silent this long counts as hung. It must exceed the worker's longest synchronous block. */
  silenceMs: number;
  /** How often silence is checked. */
  checkEveryMs?: number;
  /** Restarts allowed within a minute before giving up. */
  maxRestartsPerMinute?: number;
  now?(): number;
  setInterval?(f: () => void, ms: number): unknown;
  clearInterval?(handle: unknown): void;
}

export interface SupervisedClient extends WorkerClient {
  /** Fault injection for tests: terminate the worker without telling the supervisor (as a crash would). */
  killSilently(): void;
}

export function superviseWorker(options: SupervisorOptions): SupervisedClient {
  const now = options.now ?? (() => Date.now());
  const every = options.checkEveryMs ?? Math.min(1000, options.silenceMs / 2);
  const maxRestarts = options.maxRestartsPerMinute ?? 3;
  const listeners = new Set<(event: WorkerEvent) => void>();
  const emit = (event: WorkerEvent): void => listeners.forEach((l) => l(event));
  let lastInit: Extract<Command, { type: 'init' }> | null = null;
  let restarts: number[] = [];
  let gaveUp = false;
  let heard = now();
  let generation = 0;
  let worker = start();

  function start(): WorkerEndpoint {
    const mine = ++generation;
    const w = options.spawn();
    heard = now();
    w.onMessage((message) => {
      if (mine !== generation) return; // a replaced worker's late message
      heard = now();
      if (message.type === 'alive') return;
      emit(message);
      if (message.type === 'deviceLost') replace(`lost its GPU device (${message.message})`);
    });
    w.onError((message) => {
      if (mine !== generation) return;
      // the worker may still be alive (an error in one handler); silence decides whether it is replaced
      emit({ type: 'failed', requestId: null, error: { name: 'WorkerError', message } });
    });
    return w;
  }

  function replace(reason: string): void {
    worker.terminate();
    const t = now();
    restarts = [...restarts.filter((r) => t - r < 60_000), t];
    if (restarts.length > maxRestarts) {
      gaveUp = true;
      generation += 1; // ignore anything the dead worker might still say
      emit({ type: 'workerLost', reason, restarted: false });
      return;
    }
    worker = start();
    emit({ type: 'workerLost', reason, restarted: true });
    if (lastInit) worker.post(lastInit);
  }

  const timer = (options.setInterval ?? setInterval)(() => {
    if (gaveUp) return;
    const silent = now() - heard;
    if (silent > options.silenceMs)
      replace(
        `stopped answering (no sign of life for ${Math.round(silent / 1000)} s: it crashed, was killed or hangs)`,
      );
  }, every);

  return {
    send: (command) => {
      if (command.type === 'init') lastInit = command;
      if (!gaveUp) worker.post(command);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => {
      (options.clearInterval ?? clearInterval)(timer as ReturnType<typeof setInterval>);
      generation += 1;
      worker.terminate();
    },
    killSilently: () => worker.terminate(),
  };
}
