/**
 * The headless runner page: the app's worker, without the UI, for scripts (npm run pretrain, npm run
 * experiment) that drive it from Node through Playwright. Commands come in through `window.runner`;
 * every worker event goes out through `window.onWorkerEvent` (exposed by the script), as JSON with
 * binary payloads in base64.
 */
import { createWorkerClient } from '../worker/client';
import type { Command, WorkerEvent } from '../worker/protocol';

declare global {
  interface Window {
    runner: { send(command: Command): void; baseUrl: string };
    onWorkerEvent?: (json: string) => Promise<void>;
  }
}

function base64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** JSON-safe: ArrayBuffers become { base64 } (the exported model's weights). */
const serialize = (event: WorkerEvent): string =>
  JSON.stringify(event, (_key, value: unknown) => (value instanceof ArrayBuffer ? { base64: base64(value) } : value));

const client = createWorkerClient();
client.subscribe((event) => void window.onWorkerEvent?.(serialize(event)));
window.runner = { send: (command) => client.send(command), baseUrl: new URL('./', window.location.href).href };
