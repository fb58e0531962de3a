/**
 * A run's trained model as a download (a .zip of model.json, weights.bin and its card tpgm-model.json),
 * while its weights are kept: the newest runs' of this browser, on the page and in its storage
 * (store/trained-persist.ts).
 */
import { classNamesOf } from '../../core/spec/class-list';
import { useState } from 'react';

import { useAppStore } from '../../store/app-store';
import type { FinishedRun } from '../../store/runs';
import { KEPT_MODELS, modelFileName, trainedModelZip } from '../../store/trained-models';
import { saveBlob } from '../download';

export function ModelDownload({ run }: { run: FinishedRun }) {
  const files = useAppStore((s) => s.trainedModels[run.uid]);
  const dataset = useAppStore(
    (s) => s.available[run.spec.datasetId] ?? s.catalog.find((d) => d.id === run.spec.datasetId),
  );
  const [error, setError] = useState<string | null>(null);
  if (!files || !dataset)
    return (
      <span
        className="muted"
        title={`the trained weights are kept for the newest ${KEPT_MODELS} runs trained in this browser (an imported run has none)`}
      >
        –
      </span>
    );
  const download = async (): Promise<void> => {
    try {
      const zip = await trainedModelZip(
        run,
        files,
        classNamesOf(dataset.classes, run.spec.classes),
        dataset.imageShape,
      );
      saveBlob(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${modelFileName(run)}.zip`);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()} aria-label={`download the model of run ${run.runId}`}>
        .zip
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          not saved: {error}
        </span>
      )}
    </>
  );
}
