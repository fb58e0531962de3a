/**
 * The worker entry: all tfjs work of the app runs here, off the main thread. Commands are handled one
 * at a time, in order, so two of them never interleave their tfjs work — except the run controls
 * (pause, resume, stop, single steps), which only flip flags and must reach a run that is in progress,
 * and the gallery, whose synchronous tidy-wrapped transforms fit between two of the run's steps.
 */
import { createHandler } from './handler';
import { ALIVE_EVERY_MS, IMMEDIATE_COMMANDS, type Command, type WorkerEvent } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createHandler((event: WorkerEvent, transfer?: Transferable[]) =>
  scope.postMessage(event, transfer ?? []),
);
let queue: Promise<void> = Promise.resolve();

// a sign of life for the client's supervisor: it fires between training steps (the loop yields every
// step), so only a crash, a kill or a hang silences it (see supervisor.ts)
setInterval(() => scope.postMessage({ type: 'alive' }), ALIVE_EVERY_MS);

const isImmediate = (cmd: Command): boolean => (IMMEDIATE_COMMANDS as readonly string[]).includes(cmd.type);

scope.onmessage = (ev: MessageEvent<Command>) => {
  if (isImmediate(ev.data)) void handle(ev.data);
  else queue = queue.then(() => handle(ev.data));
};
