/**
 * URL parameters the app understands: `?backend=webgpu|webgl|wasm|cpu` forces a backend,
 * `?threads=<n>` the threads WASM runs on and `?dataset=<id>` picks the dataset; `?watchdog=<s>` and
 * `?faults=1` serve fault tests. A bad value is reported and replaced by the default, never a blank page.
 */
import { BACKEND_NAMES, MAX_WASM_THREADS, type BackendName } from '../worker/protocol';
import { echo } from './url-hash';

export interface UrlSettings {
  forcedBackend: BackendName | null;
  /** `?threads=<n>`: WASM on n threads (1 to MAX_WASM_THREADS); null: half the logical cores. */
  wasmThreads: number | null;
  datasetId: string | null;
  /** `?faults=1`: the page offers `window.tpgmFaults` (kill the worker), for fault tests. */
  faults: boolean;
  /** `?watchdog=<seconds>`: how long a silent worker is given before it is replaced (tests shorten it). */
  watchdogMs: number | null;
  /** What was wrong with the URL, one message per parameter. */
  issues: string[];
}

export function parseUrlSettings(search: string): UrlSettings {
  const params = new URLSearchParams(search);
  const issues: string[] = [];
  let forcedBackend: BackendName | null = null;
  const backend = params.get('backend');
  if (backend !== null) {
    if ((BACKEND_NAMES as readonly string[]).includes(backend)) forcedBackend = backend as BackendName;
    else
      issues.push(
        `?backend=${echo(backend)} is not a backend (use ${BACKEND_NAMES.join(', ')}); choosing automatically`,
      );
  }
  let wasmThreads: number | null = null;
  const threads = params.get('threads');
  if (threads !== null) {
    if (/^[1-9]\d?$/.test(threads) && Number(threads) <= MAX_WASM_THREADS) wasmThreads = Number(threads);
    else
      issues.push(
        `?threads=${echo(threads)} is not a whole number from 1 to ${MAX_WASM_THREADS}; using half the logical cores`,
      );
  }
  let datasetId: string | null = null;
  const dataset = params.get('dataset');
  if (dataset !== null) {
    if (/^[a-z0-9-]{1,64}$/.test(dataset)) datasetId = dataset;
    else issues.push(`?dataset=${echo(dataset)} is not a dataset id; using the default`);
  }
  let watchdogMs: number | null = null;
  const watchdog = params.get('watchdog');
  if (watchdog !== null) {
    const s = Number(watchdog);
    if (watchdog.trim() !== '' && Number.isFinite(s) && s >= 2 && s <= 600) watchdogMs = 1000 * s;
    else issues.push(`?watchdog=${echo(watchdog)} is not a number of seconds from 2 to 600; using the default`);
  }
  return { forcedBackend, wasmThreads, datasetId, faults: params.get('faults') === '1', watchdogMs, issues };
}
