/** Which tfjs backend trains, on what adapter, and (folded, on demand) why any preferred one was skipped. */
import { useAppStore } from '../../store/app-store';

const LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' } as const;

export function BackendStatus() {
  const status = useAppStore((s) => s.status);
  const backend = useAppStore((s) => s.backend);
  const error = useAppStore((s) => s.sessionError);
  const lost = useAppStore((s) => s.deviceLost);
  if (status === 'starting')
    return (
      <p className="backend" role="status">
        Starting the worker: checking WebGPU…
      </p>
    );
  if (status === 'failed' || !backend) {
    return (
      <p className="backend error" role="alert">
        The training worker could not start: {error?.message ?? 'unknown error'}
      </p>
    );
  }
  return (
    <div className="backend" role="status" aria-label="backend">
      <strong data-testid="backend-name">{LABEL[backend.name]}</strong>
      <span className="muted"> · {backend.adapter}</span>
      {backend.forced && <span className="muted"> · forced by ?backend={backend.forced}</span>}
      {backend.fallbacks.length > 0 && (
        // one line; why a faster backend was skipped is there on demand
        <details className="fallbacks-note">
          <summary className="muted"> · why not {backend.fallbacks.map((f) => LABEL[f.backend]).join(' or ')}?</summary>
          <ul className="fallbacks">
            {backend.fallbacks.map((f) => (
              <li key={f.backend}>
                {LABEL[f.backend]} not used: {f.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {lost && (
        <p className="error" role="alert">
          The GPU device was lost ({lost}). Results shown so far are kept; reload the page to train again.
        </p>
      )}
    </div>
  );
}
