/**
 * The only place that creates the Worker: typed send / subscribe over the protocol. The store talks
 * to the worker through this interface; tests use a fake with the same shape (testing/fake-client.ts).
 */
import type { Command, WorkerEvent } from './protocol';

export interface WorkerClient {
  send(command: Command): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: WorkerEvent) => void): () => void;
  terminate(): void;
}

export function createWorkerClient(): WorkerClient {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'tpgm-trainer' });
  const listeners = new Set<(event: WorkerEvent) => void>();
  const emit = (event: WorkerEvent): void => listeners.forEach((l) => l(event));
  worker.onmessage = (ev: MessageEvent<WorkerEvent>) => emit(ev.data);
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    emit({
      type: 'failed',
      requestId: null,
      error: { name: 'WorkerError', message: ev.message || 'the worker failed to start' },
    });
  };
  return {
    send: (command) => worker.postMessage(command),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate(),
  };
}
