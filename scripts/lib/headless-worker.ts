/**
 * The app's training worker, driven from Node: builds the app (unless asked not to), serves it with
 * `vite preview` on localhost, opens runner.html in headless Chromium and relays protocol commands and
 * events. Used by `npm run pretrain` (and the experiment runner): the very code the app runs.
 */
import { chromium, type Browser } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';

import type { BackendInfo, BackendName, Command, WorkerEvent } from '../../src/worker/protocol';
import { chromiumLaunchOptions } from './chromium';

export interface HeadlessWorker {
  backend: BackendInfo;
  send(command: Command): Promise<void>;
  /**
   * Resolves with the first event (from now on) that `match` accepts; rejects on a worker failure, after
   * `timeoutMs`, or when the worker has sent nothing at all for `STALL_MS` (crashed or hung: a run
   * posts its losses every few seconds).
   */
  next<T extends WorkerEvent>(match: (e: WorkerEvent) => e is T, timeoutMs?: number): Promise<T>;
  /** Every event as it arrives. */
  onEvent(listener: (e: WorkerEvent) => void): void;
  close(): Promise<void>;
}

/** No event at all for this long: the worker is taken for dead (an evaluation posts within a minute or two). */
export const STALL_MS = 10 * 60_000;

/** Binary payloads cross the page boundary as { base64 } (src/runner/main.ts). */
const revive = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'base64' in value && Object.keys(value).length === 1
    ? new Uint8Array(Buffer.from((value as { base64: string }).base64, 'base64')).buffer
    : value;

/** An event in a few words, for the stall message. */
function describe(e: WorkerEvent): string {
  if (e.type === 'steps') return `steps, step ${e.stepsDone} of ${e.totalSteps}`;
  if (e.type === 'runState') return `runState ${e.state} (${e.detail})`;
  return e.type;
}

export async function openHeadlessWorker(options: {
  backend: BackendName | null;
  /** Threads for WASM (absent: the app's default, half the logical cores; vite preview isolates the page). */
  wasmThreads?: number;
  skipBuild?: boolean;
  log?: (line: string) => void;
}): Promise<HeadlessWorker> {
  const log = options.log ?? (() => undefined);
  if (!options.skipBuild) {
    log('building the app (vite build)…');
    await build({ logLevel: 'warn' });
  }
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await preview({ preview: { port: 4190, strictPort: false }, logLevel: 'warn' });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    browser = await chromium.launch(chromiumLaunchOptions);
    const page = await browser.newPage();
    const listeners = new Set<(e: WorkerEvent) => void>();
    let last = { at: Date.now(), what: 'nothing yet' };
    await page.exposeFunction('onWorkerEvent', (json: string) => {
      const event = JSON.parse(json, revive) as WorkerEvent;
      last = { at: Date.now(), what: describe(event) };
      listeners.forEach((l) => l(event));
    });
    page.on('pageerror', (err) => log(`page error: ${err.message}`));
    await page.goto(`${url}runner.html`);
    type RunnerWindow = { runner: { send(c: Command): void; baseUrl: string } };
    const baseUrl = await page.evaluate(() => (window as unknown as RunnerWindow).runner.baseUrl);
    const send = async (command: Command): Promise<void> => {
      await page.evaluate((c) => (window as unknown as RunnerWindow).runner.send(c), command);
    };
    const next = <T extends WorkerEvent>(match: (e: WorkerEvent) => e is T, timeoutMs = 3_600_000): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no matching worker event within ${timeoutMs} ms`)), timeoutMs);
        const stall = setInterval(() => {
          const quiet = Date.now() - last.at;
          if (quiet > STALL_MS)
            done(
              new Error(
                `the worker has sent nothing for ${Math.round(quiet / 60_000)} min (its last event: ${last.what}): ` +
                  'it crashed or hung; the runs finished before it are kept',
              ),
            );
        }, 10_000);
        const listener = (e: WorkerEvent): void => {
          if (match(e)) done(null, e);
          else if (e.type === 'failed' && e.requestId === null) done(new Error(e.error.message));
        };
        const done = (err: Error | null, e?: T): void => {
          clearTimeout(timer);
          clearInterval(stall);
          listeners.delete(listener);
          if (err) reject(err);
          else resolve(e as T);
        };
        listeners.add(listener);
      });
    const ready = next((e): e is Extract<WorkerEvent, { type: 'ready' }> => e.type === 'ready', 300_000);
    const threads = options.wasmThreads === undefined ? {} : { wasmThreads: options.wasmThreads };
    await send({ type: 'init', baseUrl, forcedBackend: options.backend, ...threads });
    const { backend } = await ready;
    const openServer = server;
    const openBrowser = browser;
    return {
      backend,
      send,
      next,
      onEvent: (l) => listeners.add(l),
      close: async () => {
        await openBrowser.close();
        await openServer.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.close();
    throw err;
  }
}
