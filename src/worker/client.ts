/**
 * The only place that creates the Worker: typed send / subscribe over the protocol, supervised (see
 * supervisor.ts: a worker that dies, hangs or loses its device is replaced and the app is told). The
 * store talks to the worker through this interface; tests use a fake with the same shape
 * (testing/fake-client.ts).
 */
import type { WorkerMessage } from './protocol';
import { superviseWorker, type SupervisedClient, type WorkerEndpoint } from './supervisor';

/**
 * A worker silent for this long counts as hung: well above its longest synchronous block (a final
 * evaluation of one domain's whole test set, a few seconds on WASM here; a zip being unpacked).
 */
export const DEFAULT_SILENCE_MS = 30_000;

function spawnWorker(): WorkerEndpoint {
  const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'tpgm-trainer' });
  return {
    post: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
    onMessage: (listener) => {
      worker.onmessage = (ev: MessageEvent<WorkerMessage>) => listener(ev.data);
    },
    onError: (listener) => {
      worker.onerror = (ev: ErrorEvent) => {
        ev.preventDefault();
        listener(ev.message || 'the worker failed to start');
      };
    },
  };
}

export function createWorkerClient(silenceMs = DEFAULT_SILENCE_MS): SupervisedClient {
  return superviseWorker({ spawn: spawnWorker, silenceMs });
}
