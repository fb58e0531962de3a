/**
 * Set up and steer a run: model, method, the essential hyper-parameters (more behind "Advanced"),
 * the ID domain to fine-tune on and the OOD domains to track, and a comparison of several methods.
 * Invalid settings are listed here and block Start (RunControls, beside the live charts); nothing here touches tfjs.
 */
import { useState } from 'react';

import { DEFAULT_ADAM, DEFAULT_SGD, METHOD_IDS, type MethodId } from '../../core/spec/config';
import { draftIssues } from '../../core/spec/default-run';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { PRESETS, presetOf } from '../../core/spec/presets';
import type { RunSpec } from '../../core/spec/run-spec';
import { isRunActive, useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';
import { NumberField } from '../controls/NumberField';
import { MethodSettings } from './MethodSettings';
import { ModelPicker } from './ModelPicker';
import { showLivePanel } from './RunControls';

export function TrainPanel() {
  const actions = useActions();
  const draft = useAppStore((s) => s.draft);
  const domains = useAppStore((s) => s.domains);
  // the run's state only: the panel must not redraw with every live point
  const runState = useAppStore((s) => s.run?.state ?? null);
  const ready = useAppStore((s) => s.status === 'ready' && s.deviceLost === null);
  const [compared, setCompared] = useState<MethodId[]>(['full-ft', 'tpgm']);
  if (!draft) return null;
  const issues = draftIssues(draft);
  const compareIssues = compared.flatMap((method) => draftIssues({ ...draft, config: { ...draft.config, method } }));
  const active = isRunActive(runState);
  const edit = (patch: (d: RunSpec) => RunSpec): void => actions.editDraft(patch);
  const config = (patch: Partial<RunSpec['config']>): void =>
    edit((d) => ({ ...d, config: { ...d.config, ...patch } }));
  const c = draft.config;
  const preset = presetOf(draft);

  return (
    <section className="panel" aria-labelledby="train-heading">
      <h2 id="train-heading">Fine-tune</h2>
      <fieldset disabled={active}>
        <ModelPicker value={draft.model} onChange={(model) => edit((d) => ({ ...d, model }))} />
        <label className="field">
          <span>Recipe</span>
          <select
            value={preset?.id ?? 'custom'}
            onChange={(e) => {
              const chosen = PRESETS.find((p) => p.id === e.target.value);
              if (chosen) edit((d) => chosen.apply(d));
            }}
            aria-label="Recipe"
          >
            {PRESETS.filter((p) => !p.datasets || p.datasets.includes(draft.datasetId)).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value="custom" disabled>
              custom
            </option>
          </select>
        </label>
        {preset && (
          <p className="muted small" role="note" aria-label="recipe">
            {preset.recipe} Measured: {preset.measured}
          </p>
        )}
        <label className="field">
          <span>Method</span>
          <select
            value={c.method}
            onChange={(e) => {
              // a draft that follows a preset keeps following it (LP has its own lr there)
              const method = e.target.value as MethodId;
              edit((d) => {
                const next = { ...d, config: { ...d.config, method } };
                return preset ? preset.apply(next) : next;
              });
            }}
            aria-label="Method"
          >
            {METHOD_IDS.map((id) => (
              <option key={id} value={id}>
                {METHOD_INFO[id].label}
              </option>
            ))}
          </select>
        </label>
        <MethodSettings config={c} onChange={(next) => edit((d) => ({ ...d, config: next }))} />
        <NumberField label="Steps" value={c.steps} min={1} step={10} onChange={(steps) => config({ steps })} />
        <label className="field">
          <span>Optimiser</span>
          <select
            value={c.optimizer.kind}
            onChange={(e) =>
              config({ optimizer: e.target.value === 'adam' ? { ...DEFAULT_ADAM } : { ...DEFAULT_SGD } })
            }
            aria-label="Optimiser"
          >
            <option value="sgd">SGD, Nesterov 0.9, weight decay 5e-4</option>
            <option value="adam">Adam (β 0.9/0.999, no weight decay)</option>
          </select>
        </label>
        <NumberField
          label="Learning rate"
          value={c.optimizer.lr}
          step={0.001}
          onChange={(lr) => config({ optimizer: { ...c.optimizer, lr } })}
        />
        <NumberField label="Seed" value={c.seed} min={0} step={1} onChange={(seed) => config({ seed })} />
        <details>
          <summary>Advanced</summary>
          <NumberField
            label="Batch size"
            value={c.batchSize}
            min={1}
            step={1}
            onChange={(batchSize) => config({ batchSize })}
          />
          <NumberField
            label="Training images per class"
            value={draft.trainPerClass ?? Number.NaN}
            min={1}
            step={10}
            onChange={(v) => edit((d) => ({ ...d, trainPerClass: v }))}
          />
          <NumberField
            label="Test images per class"
            value={draft.testPerClass ?? Number.NaN}
            min={1}
            step={10}
            hint="Empty: the whole test split (the final numbers in the table and the trade-off chart)."
            onChange={(v) => edit((d) => ({ ...d, testPerClass: Number.isNaN(v) ? null : v }))}
          />
          <NumberField
            label="Live test images per class"
            value={draft.liveTestPerClass ?? Number.NaN}
            min={1}
            step={10}
            hint="Evaluations during the run measure this fixed, class-balanced subset of each domain's test images (quick, ±2–3 points); the final one measures them all. Empty: all, every time."
            onChange={(v) => edit((d) => ({ ...d, liveTestPerClass: Number.isNaN(v) ? null : v }))}
          />
          <NumberField
            label="Evaluate every (steps)"
            value={draft.evalEvery}
            min={1}
            step={10}
            onChange={(v) => edit((d) => ({ ...d, evalEvery: v }))}
          />
          <label className="check">
            <input
              type="checkbox"
              checked={c.freezeBnStats === true}
              onChange={(e) =>
                edit((d) => {
                  const next: RunSpec['config'] = { ...d.config, freezeBnStats: e.target.checked };
                  if (!e.target.checked) delete next.freezeBnStats;
                  return { ...d, config: next };
                })
              }
            />{' '}
            Freeze BatchNorm statistics
          </label>
          <p className="muted small">
            Normalise with the pre-trained model's moving statistics and leave them as they were, instead of
            re-estimating them from the clean fine-tuning batches (which no projection bounds). Only models with
            BatchNorm (resnet-mini) have them.
          </p>
        </details>
        <label className="field">
          <span>ID domain (fine-tune and validate on)</span>
          <select
            value={draft.idDomain.id}
            aria-label="ID domain"
            onChange={(e) => {
              const chosen = domains.find((d) => d.id === e.target.value);
              if (!chosen) return;
              edit((x) => ({
                ...x,
                idDomain: { id: chosen.id, severity: chosen.id === 'clean' ? 0 : chosen.severity.default },
                oodDomains: x.oodDomains.filter((o) => o.id !== chosen.id),
              }));
            }}
          >
            {domains.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="domains">
          <legend>OOD domains to track</legend>
          {domains
            .filter((d) => d.id !== draft.idDomain.id)
            .map((d) => {
              const on = draft.oodDomains.some((o) => o.id === d.id);
              return (
                <label key={d.id} className="check">
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={() =>
                      edit((x) => ({
                        ...x,
                        oodDomains: on
                          ? x.oodDomains.filter((o) => o.id !== d.id)
                          : [...x.oodDomains, { id: d.id, severity: d.severity.default }],
                      }))
                    }
                  />{' '}
                  {d.name}
                </label>
              );
            })}
        </fieldset>
      </fieldset>
      {issues.length > 0 && (
        <ul className="error" role="alert" aria-label="settings problems">
          {issues.map((i) => (
            <li key={i.path}>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      )}
      <fieldset className="compare" disabled={active}>
        <legend>Compare methods (same seed, data and recipe)</legend>
        {METHOD_IDS.map((id) => (
          <label key={id} className="check">
            <input
              type="checkbox"
              checked={compared.includes(id)}
              onChange={() =>
                setCompared((now) =>
                  now.includes(id)
                    ? now.filter((m) => m !== id)
                    : METHOD_IDS.filter((m) => m === id || now.includes(m)),
                )
              }
            />{' '}
            {METHOD_INFO[id].short}
          </label>
        ))}
        <button
          type="button"
          onClick={() => {
            actions.compare(compared);
            showLivePanel();
          }}
          disabled={!ready || active || compareIssues.length > 0 || compared.length < 2}
          title="Run the chosen methods one after the other with the same seed and data"
        >
          Compare {compared.length} methods
        </button>
        {compareIssues.length > 0 && compareIssues.length !== issues.length * compared.length && (
          <p className="error small" role="alert">
            A compared method’s settings are invalid: {compareIssues.map((i) => `${i.path} ${i.message}`).join('; ')}
          </p>
        )}
      </fieldset>
    </section>
  );
}
