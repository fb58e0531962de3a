/** Pick a dataset (shipped or uploaded) and read its card: source, licence, subset, counts. */
import { useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';
import { UploadDrop } from '../controls/UploadDrop';
import { ClassSubsetField } from './ClassSubsetField';
import { SkippedFiles } from './SkippedFiles';

export function DatasetPanel() {
  const actions = useActions();
  const catalog = useAppStore((s) => s.catalog);
  const available = useAppStore((s) => s.available);
  const selectedId = useAppStore((s) => s.selectedId);
  const loading = useAppStore((s) => s.loading);
  const error = useAppStore((s) => s.datasetError);
  const catalogError = useAppStore((s) => s.catalogError);
  const uploads = Object.values(available).filter((d) => d.uploaded);
  const options = [...catalog, ...uploads];
  const selected = (selectedId && (available[selectedId] ?? catalog.find((d) => d.id === selectedId))) || null;

  return (
    <section className="panel" aria-labelledby="dataset-heading">
      <h2 id="dataset-heading">Dataset</h2>
      {catalogError && (
        <p className="error" role="alert">
          The shipped datasets could not be listed: {catalogError.message}
        </p>
      )}
      <label>
        Dataset{' '}
        <select value={selectedId ?? ''} onChange={(e) => actions.selectDataset(e.target.value)} aria-label="Dataset">
          {options.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
              {d.uploaded ? ' (yours)' : ''}
            </option>
          ))}
        </select>
      </label>
      {loading && (
        <p role="status">
          Loading: {loading.stage} ({Math.round(loading.fraction * 100)} %)
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      {selected && (
        <dl className="card" aria-label="dataset card">
          <dt>About</dt>
          <dd>{selected.description}</dd>
          <dt>Images</dt>
          <dd>
            {selected.partitions.map((p) => `${p.count.toLocaleString('en')} ${p.name}`).join(' + ')} ·{' '}
            {selected.imageShape.join('×')} · {selected.classes.length} classes
          </dd>
          <dt>Classes</dt>
          <dd>
            <ClassSubsetField classes={selected.classes} />
          </dd>
          <dt>Source</dt>
          <dd>{selected.source}</dd>
          <dt>Subset</dt>
          <dd>{selected.subset}</dd>
          <dt>Licence</dt>
          <dd>{selected.licence}</dd>
          {selected.skipped.length > 0 && <SkippedFiles skipped={selected.skipped} datasetName={selected.name} />}
        </dl>
      )}
      <UploadDrop />
    </section>
  );
}
