/** A WorkerClient that records commands and replays scripted events: store tests without a worker or GPU. */
import type { WorkerClient, Command, WorkerEvent } from '../worker/protocol';

export interface FakeClient extends WorkerClient {
  sent: Command[];
  emit(event: WorkerEvent): void;
}

export function createFakeClient(): FakeClient {
  const listeners = new Set<(event: WorkerEvent) => void>();
  const sent: Command[] = [];
  return {
    sent,
    send: (command) => sent.push(command),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => listeners.clear(),
    emit: (event) => listeners.forEach((l) => l(event)),
  };
}
