/**
 * The worker entry: all tfjs work of the app runs here, off the main thread. Commands are handled one
 * at a time, in order, so two of them never interleave their tfjs work.
 */
import { createHandler } from './handler';
import type { Command, WorkerEvent } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createHandler((event: WorkerEvent, transfer?: Transferable[]) =>
  scope.postMessage(event, transfer ?? []),
);
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (ev: MessageEvent<Command>) => {
  queue = queue.then(() => handle(ev.data));
};
