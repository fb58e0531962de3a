/**
 * URL parameters the app understands: `?backend=webgpu|webgl|wasm|cpu` forces a backend and
 * `?dataset=<id>` picks the dataset. A bad value is reported and replaced by the default, never a blank page.
 */
import { BACKEND_NAMES, type BackendName } from '../worker/protocol';

export interface UrlSettings {
  forcedBackend: BackendName | null;
  datasetId: string | null;
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
    else issues.push(`?backend=${backend} is not a backend (use ${BACKEND_NAMES.join(', ')}); choosing automatically`);
  }
  let datasetId: string | null = null;
  const dataset = params.get('dataset');
  if (dataset !== null) {
    if (/^[a-z0-9-]{1,64}$/.test(dataset)) datasetId = dataset;
    else issues.push(`?dataset=${dataset} is not a dataset id; using the default`);
  }
  return { forcedBackend, datasetId, issues };
}
