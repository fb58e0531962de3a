/** runner.html's worker driven from a spec: the page `npm run check:reference` and the benchmarks use. */
import { expect, type Page } from '@playwright/test';

import type { BackendInfo, Command, WorkerEvent } from '../../src/worker/protocol';

type RunnerWindow = { runner: { send(c: Command): void; baseUrl: string } };

export interface Runner {
  /** Every event the worker has sent so far, in order. */
  events: WorkerEvent[];
  send(c: Command): Promise<void>;
  backend: BackendInfo;
}

/** Opens runner.html, initialises its worker on `forcedBackend` (and `wasmThreads`), and waits for it to be ready. */
export async function openRunner(
  page: Page,
  init: { forcedBackend: 'wasm' | 'webgpu'; wasmThreads?: number },
): Promise<Runner> {
  const events: WorkerEvent[] = [];
  await page.exposeFunction('onWorkerEvent', (json: string) => void events.push(JSON.parse(json) as WorkerEvent));
  await page.goto('/runner.html');
  const send = (c: Command): Promise<void> =>
    page.evaluate((command) => (window as unknown as RunnerWindow).runner.send(command), c);
  const baseUrl = await page.evaluate(() => (window as unknown as RunnerWindow).runner.baseUrl);
  await send({ type: 'init', baseUrl, ...init });
  await expect.poll(() => events.find((e) => e.type === 'ready' || e.type === 'failed')?.type).toBe('ready');
  const ready = events.find((e) => e.type === 'ready');
  if (ready?.type !== 'ready') throw new Error('the runner’s worker sent no ready event');
  return { events, send, backend: ready.backend };
}
