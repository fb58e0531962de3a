/**
 * A model fine-tuned by the worker, saved as the page saves it (store/trained-models.ts) and loaded
 * back through the worker: across the layers, so it lives here rather than beside either side.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';

import { trainedModelZip } from '../store/trained-models';
import type { FinishedRun } from '../store/runs';
import { expandZips, withCard } from '../worker/model-upload';
import { finishedWorkerRun, smallRunSpec } from './worker-run';

const spec = smallRunSpec(12, 10);

const CLASSES = Array.from({ length: 10 }, (_, i) => String(i));

/** A run trained by the worker, its model saved as the app saves it, and the handler that trained it. */
async function trainedAndSaved() {
  const { events, handle, summary, files } = await finishedWorkerRun(spec, 3);
  const run: FinishedRun = {
    uid: 'u3',
    runId: 3,
    spec,
    summary,
    evals: [],
    steps: [],
    finishedAt: '2026-12-03T05:00:00.000Z',
  };
  const zip = await trainedModelZip(run, files, CLASSES, [28, 28, 1]);
  return { events, handle, run, zip };
}

describe('a model fine-tuned here, saved and loaded again', () => {
  it('loads from its .zip with its card, and evaluated as it is gives the run’s own results on every domain', async () => {
    const { events, handle, run, zip } = await trainedAndSaved();
    await handle({
      type: 'uploadModel',
      requestId: 1,
      files: [{ path: 'tpgm-full-ft-mnist-run3.zip', data: new Blob([zip as Uint8Array<ArrayBuffer>]) }],
      imageShape: [28, 28, 1],
    });
    const loaded = events.find((e) => e.type === 'modelUploaded');
    if (loaded?.type !== 'modelUploaded') throw new Error(`not loaded: ${JSON.stringify(events.at(-1))}`);
    expect(loaded.model.name).toBe('FT · mnist · run 3');
    expect(loaded.model.card?.spec).toEqual(spec);
    expect(loaded.model.card?.results.map((r) => r.accuracy)).toEqual(run.summary.final.results.map((r) => r.accuracy));

    await handle({ type: 'evaluateModel', requestId: 2, modelId: loaded.model.id, spec });
    const measured = events.find((e) => e.type === 'modelEvaluated');
    if (measured?.type !== 'modelEvaluated') throw new Error(`not evaluated: ${JSON.stringify(events.at(-1))}`);
    // the same test images through the same weights: the same predictions, hence the same counts
    expect(measured.results.map((r) => [r.domain, r.accuracy, r.confusion, r.predictions])).toEqual(
      run.summary.final.results.map((r) => [r.domain, r.accuracy, r.confusion, r.predictions]),
    );
    for (const [a, b] of measured.results.map((r, i) => [r.loss, run.summary.final.results[i].loss]))
      expect(a).toBeCloseTo(b, 5);
  });

  it('refuses a file that differs from its card, naming it, and a card that is not one', async () => {
    const { zip } = await trainedAndSaved();
    const files = expandZips([{ name: 'm.zip', bytes: zip }]);
    expect(files.map((f) => f.name).sort()).toEqual(['model.json', 'tpgm-model.json', 'weights.bin']);
    const changed = files.map((f) => {
      if (f.name !== 'weights.bin') return f;
      const bytes = f.bytes.slice();
      bytes[100] ^= 1; // one bit of one weight
      return { ...f, bytes };
    });
    await expect(withCard(changed)).rejects.toThrow(/^weights\.bin does not match its card \(tpgm-model\.json\)/);
    const foreign = files.map((f) =>
      f.name === 'tpgm-model.json' ? { ...f, bytes: new TextEncoder().encode('{"format":"tpgm-model/1"}') } : f,
    );
    await expect(withCard(foreign)).rejects.toThrow(
      /tpgm-model\.json is not a model card of this app: its kind is undefined/,
    );
    // loose files without a card are a plain tfjs model, as before
    const plain = files.filter((f) => f.name !== 'tpgm-model.json');
    expect(await withCard(plain)).toEqual({ files: plain, card: null });
  });

  it('refuses a zip that declares more than the limit, before inflating it', () => {
    const zip = zipSync({ 'weights.bin': new Uint8Array(1000) });
    // the central directory's entry says 300 MiB (APPNOTE §4.3.12: uncompressed size at +24)
    const view = new DataView(zip.buffer);
    const at = zip.findIndex((_, i) => i + 4 <= zip.length && view.getUint32(i, true) === 0x02014b50);
    view.setUint32(at + 24, 300 * 1024 * 1024, true);
    expect(() => expandZips([{ name: 'big.zip', bytes: zip }])).toThrow(
      /the archive unpacks to 300\.0 MiB; the limit is 256\.0 MiB/,
    );
  });
});
