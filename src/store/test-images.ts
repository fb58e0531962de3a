/**
 * Looking at a finished run's test images: the images of one confusion cell (errors by class), or a
 * sample of each domain with the run's prediction under every image (the gallery). The run keeps a
 * byte per test image (its prediction); the worker rebuilds the images from the run's spec on demand,
 * so nothing is shipped with every evaluation. Pure: the bridge sends, the reducer folds the answer.
 */
import type { DomainId } from '../core/spec/domain-ids';
import { decodePredictions } from '../core/spec/predictions';
import { testDomainsOf, type RunSpec } from '../core/spec/run-spec';
import type { ErrorInfo, RecordedPredictions, TestImageQuery, TestImageRow, WorkerEvent } from '../worker/protocol';
import type { FinishedRun } from './runs';

/** Where the images are shown: the errors panel's cell, or the gallery. */
export type TestImagesSlot = 'cell' | 'gallery';

export interface TestImagesView {
  /** The request in flight; null once answered (or refused before asking). */
  requestId: number | null;
  runUid: string;
  query: TestImageQuery;
  domains: DomainId[];
  rows: TestImageRow[] | null;
  error: ErrorInfo | null;
  /** A second run whose predictions are shown beside the first (the gallery); it saw the same images. */
  besideUid?: string | null;
}

export interface TestImagesSlice {
  testImages: Record<TestImagesSlot, TestImagesView | null>;
}

export const noTestImages: TestImagesSlice['testImages'] = { cell: null, gallery: null };

/**
 * What `run` recorded of `domains` to find their images by, or why it cannot be asked: a recording or
 * a run saved before per-image predictions were kept has none.
 */
export function recordedPredictions(
  run: FinishedRun,
  domains: readonly DomainId[],
): { ok: true; recorded: RecordedPredictions[] } | { ok: false; why: string } {
  const recorded: RecordedPredictions[] = [];
  for (const domain of domains) {
    const r = run.summary.final.results.find((x) => x.domain === domain);
    if (!r) return { ok: false, why: `run ${run.runId} was not measured on ${domain}` };
    if (!r.predictions || !r.confusion)
      return {
        ok: false,
        why: run.recorded
          ? `this recording was made before per-image predictions were kept (npm run record makes new ones)`
          : `run ${run.runId} was measured before per-image predictions were kept`,
      };
    recorded.push({ domain, predictions: r.predictions, confusion: r.confusion });
  }
  return { ok: true, recorded };
}

/**
 * Whether two runs measured the same images on `domain`: same dataset, seed and test subset, and the
 * domain at the same place with the same severity (its transform is seeded by that place).
 */
export function sameTestImages(a: RunSpec, b: RunSpec, domain: DomainId): boolean {
  if (a.datasetId !== b.datasetId || a.config.seed !== b.config.seed || a.testPerClass !== b.testPerClass) return false;
  const da = testDomainsOf(a);
  const db = testDomainsOf(b);
  const k = da.findIndex((d) => d.id === domain);
  return k >= 0 && db[k]?.id === domain && db[k].severity === da[k].severity;
}

/** The prediction `run` made for image `position` of `domain`'s test set; null when it kept none. */
export function predictionOf(run: FinishedRun, domain: DomainId, position: number): number | null {
  const text = run.summary.final.results.find((r) => r.domain === domain)?.predictions;
  const bytes = text ? decodeCached(text) : null;
  return bytes && position < bytes.length ? bytes[position] : null;
}

// a cell of 48 images asks for the second run's prediction 48 times: decode its 1–14 KB once
let lastText = '';
let lastBytes: Uint8Array | null = null;
function decodeCached(text: string): Uint8Array | null {
  if (text !== lastText) {
    lastText = text;
    lastBytes = decodePredictions(text);
  }
  return lastBytes;
}

/** The state after a worker event answering (or failing) a test-images request; {} when it is not one. */
export function reduceTestImages(views: TestImagesSlice['testImages'], event: WorkerEvent): Partial<TestImagesSlice> {
  if (event.type !== 'testImages' && event.type !== 'failed') return {};
  const slot = (['cell', 'gallery'] as const).find(
    (s) => views[s] !== null && views[s].requestId !== null && views[s].requestId === event.requestId,
  );
  if (!slot) return {};
  const view = views[slot] as TestImagesView;
  const answered =
    event.type === 'testImages'
      ? { ...view, requestId: null, rows: event.rows, error: null }
      : { ...view, requestId: null, error: event.error };
  return { testImages: { ...views, [slot]: answered } };
}

/** Requests in flight when the worker was lost: they fail with the reason (the next click asks again). */
export function failPendingTestImages(
  views: TestImagesSlice['testImages'],
  why: string,
): TestImagesSlice['testImages'] {
  const fail = (v: TestImagesView | null): TestImagesView | null =>
    v && v.requestId !== null ? { ...v, requestId: null, error: { name: 'WorkerLost', message: why } } : v;
  return { cell: fail(views.cell), gallery: fail(views.gallery) };
}
