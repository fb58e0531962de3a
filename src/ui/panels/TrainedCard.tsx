/**
 * The card of a loaded model that was fine-tuned in this app (tpgm-model.json, checked against its
 * files in the worker): what it is, its results per domain, and "Evaluate as is", which measures it
 * again with its own head on its run's test sets, so the numbers on the card can be seen to hold.
 */
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore } from '../../store/app-store';
import type { UserModelSummary } from '../../worker/protocol';
import { useActions } from '../actions-context';

const pct = (v: number): string => (100 * v).toFixed(1);

export function TrainedCard({ model }: { model: UserModelSummary }) {
  const actions = useActions();
  const check = useAppStore((s) => s.modelChecks[model.id]);
  const domains = useAppStore((s) => s.domains);
  const card = model.card;
  if (!card) return null;
  const name = (id: string): string => domains.find((d) => d.id === id)?.name ?? id;
  const measured = (domain: string) => check?.results?.find((r) => r.domain === domain)?.accuracy;
  const base = card.baseModel.kind === 'architecture' ? `a fresh ${card.baseModel.id}` : card.baseModel.id;
  return (
    <section className="trained-card" aria-label="your model's card" data-testid="trained-card">
      <p className="small">
        <strong>{card.name}</strong>: {METHOD_INFO[card.spec.config.method]?.label ?? card.spec.config.method} of {base}{' '}
        on {card.datasetId}, seed {card.spec.config.seed}, {card.steps} steps ({card.outcome}), {card.backend},{' '}
        {new Date(card.date).toLocaleString('en-GB')}. Its files match the SHA-256 on its card.
      </p>
      <table className="small trained-card-results">
        <thead>
          <tr>
            <th scope="col">domain</th>
            <th scope="col">card %</th>
            <th scope="col">measured here %</th>
          </tr>
        </thead>
        <tbody>
          {card.results.map((r) => {
            const here = measured(r.domain);
            return (
              <tr key={r.domain} data-domain={r.domain}>
                <th scope="row">{name(r.domain)}</th>
                <td data-testid="card-accuracy">{pct(r.accuracy)}</td>
                <td data-testid="measured-accuracy">
                  {here === undefined ? '–' : `${pct(here)}${here === r.accuracy ? ' (same)' : ''}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() => actions.evaluateModel(model.id)}
        disabled={check?.requestId != null}
        title="its own head, on the whole test sets of its run's domains, rebuilt from the card's settings"
      >
        Evaluate as is
      </button>
      {check?.requestId != null && <span role="status"> measuring…</span>}
      {check?.error && (
        <p className="error" role="alert">
          Not measured: {check.error.message}
        </p>
      )}
    </section>
  );
}
