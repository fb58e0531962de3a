/**
 * Which network a run starts from: a shipped pre-trained model (with its card: how it was made and how
 * it does on held-out images in every style) or a fresh seeded architecture.
 */
import { formatClassList } from '../../core/spec/class-list';
import type { ChangeEvent } from 'react';

import type { ArchitectureId } from '../../core/spec/architecture-ids';
import { isMethodId } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import type { ModelCard } from '../../core/spec/model-card';
import type { ModelChoice } from '../../core/spec/run-spec';
import { useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';
import { TrainedCard } from './TrainedCard';

const ARCHITECTURES: { id: ArchitectureId; label: string }[] = [
  { id: 'cnn-small', label: 'cnn-small (convs 16-32-64-64, 60,874 params)' },
  { id: 'resnet-mini', label: 'resnet-mini (residual, BatchNorm)' },
  { id: 'mlp', label: 'mlp (784-256-128)' },
];

const encode = (m: ModelChoice): string => `${m.kind}:${m.id}`;

function decode(value: string): ModelChoice {
  const [kind, id] = value.split(/:(.*)/s);
  if (kind === 'pretrained' || kind === 'uploaded') return { kind, id };
  return { kind: 'architecture', id: id as ArchitectureId };
}

/** "Load your own model": pick model.json with its .bin files; checked in the worker. */
function OwnModel() {
  const actions = useActions();
  const loading = useAppStore((s) => s.modelUpload !== null);
  const error = useAppStore((s) => s.modelUploadError);
  const onPick = (e: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(e.target.files ?? []);
    if (files.length > 0) actions.uploadModel(files.map((f) => ({ path: f.name, data: f })));
    e.target.value = '';
  };
  return (
    <div className="field small">
      <label>
        Load your own model (tfjs LayersModel: model.json and its .bin files, or a model .zip saved here){' '}
        <input type="file" multiple accept=".json,.bin,.zip" onChange={onPick} aria-label="Load your own model" />
      </label>
      {loading && <span className="muted"> checking…</span>}
      {error && (
        <p className="error" role="alert" aria-label="model load error">
          Model refused: {error.message}
        </p>
      )}
    </div>
  );
}

/** A method's short name for a card row (the id as it is when the card names a method this app does not know). */
const methodName = (id: string): string => (isMethodId(id) ? METHOD_INFO[id].short : id);

function Card({ card }: { card: ModelCard }) {
  const p = card.pretraining;
  return (
    <div className="model-card small" role="group" aria-label="model card">
      <p>
        <strong>{card.name}</strong> · {card.parameters.toLocaleString('en')} parameters · input{' '}
        {card.inputShape.join('×')} ({card.normalisation})
        {card.classSubset && (
          <>
            {' '}
            · saw only classes {formatClassList(card.classSubset)} of {card.datasetId}: fine-tuned on others, its
            features meet classes they never learned
          </>
        )}
      </p>
      <details className="card-details">
        <summary>How it was pre-trained, and its held-out accuracy</summary>
        <p className="muted">
          Pre-trained on {p.images.toLocaleString('en')} {card.datasetId} images of its {p.split.split(' ')[0]} split,{' '}
          {p.epochs} epochs ({p.steps} steps, batch {p.batchSize}), {p.optimizer}, {p.schedule}, seed {p.seed};{' '}
          {p.augmentation}. {card.run.wallSeconds} s on {card.run.backend} ({card.run.machine}), {card.run.date}.
        </p>
        <p>
          Held-out accuracy ({card.heldOut.images.toLocaleString('en')} {card.heldOut.split} images):{' '}
          {card.heldOut.accuracy.map((a) => `${a.domain} ${a.accuracy.toFixed(1)} %`).join(', ')}
        </p>
        <p className="muted">
          Made by <code>{card.builtBy}</code> · {card.licence}
        </p>
      </details>
      {card.finetuned && card.finetuned.length > 0 && (
        <details>
          <summary>Measured fine-tuning results (mean ± std over seeds)</summary>
          {card.finetuned.map((f) => (
            <table key={f.recipe} className="card-results" aria-label={`results ${f.recipe}`}>
              <caption>{f.recipe}</caption>
              <thead>
                <tr>
                  <th scope="col">method</th>
                  <th scope="col">ID %</th>
                  <th scope="col">OOD mean %</th>
                </tr>
              </thead>
              <tbody>
                {f.rows.map((r) => (
                  <tr key={r.method}>
                    <td title={r.method}>{methodName(r.method)}</td>
                    <td>{r.id}</td>
                    <td>{r.oodMean}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <p className="muted">Measured by {card.finetuned.flatMap((f) => f.measuredBy).join('; ')}.</p>
        </details>
      )}
    </div>
  );
}

export function ModelPicker({ value, onChange }: { value: ModelChoice; onChange(m: ModelChoice): void }) {
  const models = useAppStore((s) => s.models);
  const own = useAppStore((s) => s.userModels);
  const problems = useAppStore((s) => s.modelProblems);
  const card = value.kind === 'pretrained' ? models.find((m) => m.id === value.id) : undefined;
  const ownCard = value.kind === 'uploaded' ? own.find((m) => m.id === value.id && m.card) : undefined;
  return (
    <>
      <label className="field">
        <span>Model</span>
        <select value={encode(value)} onChange={(e) => onChange(decode(e.target.value))} aria-label="Model">
          {models.length > 0 && (
            <optgroup label="Pre-trained (shipped)">
              {models.map((m) => (
                <option key={m.id} value={`pretrained:${m.id}`} title={m.name}>
                  {m.id}
                </option>
              ))}
            </optgroup>
          )}
          {own.length > 0 && (
            <optgroup label="Yours (this session)">
              {own.map((m) => (
                <option key={m.id} value={`uploaded:${m.id}`}>
                  {m.name} ({m.parameters.toLocaleString('en')} params)
                </option>
              ))}
            </optgroup>
          )}
          <optgroup label="From scratch (seeded random weights = θ0)">
            {ARCHITECTURES.map((a) => (
              <option key={a.id} value={`architecture:${a.id}`}>
                {a.label}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      {card ? (
        <Card card={card} />
      ) : value.kind === 'uploaded' ? (
        <>
          <p className="muted small" aria-label="your model">
            Your model: its last Dense layer is replaced by a fresh head for the dataset's classes; its other weights
            are θ0.
          </p>
          {ownCard && <TrainedCard model={ownCard} />}
        </>
      ) : (
        <p className="muted small">
          From scratch: the network starts from its seeded random initialisation, which is also its anchor θ0, so a run
          shows the mechanics, not the paper's effect.
        </p>
      )}
      <OwnModel />
      {problems.length > 0 && (
        <ul className="error small" aria-label="model problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </>
  );
}
