/**
 * Messages about the link and other recoverable problems, shown above everything else: each once (a
 * repeated notice is not stacked), each dismissible.
 */
import { useAppStore } from '../../store/app-store';
import { useActions } from '../actions-context';

export function Notices() {
  const actions = useActions();
  const notices = useAppStore((s) => s.notices);
  const sessionError = useAppStore((s) => s.sessionError);
  const status = useAppStore((s) => s.status);
  const all = [...new Set([...notices, ...(sessionError && status === 'ready' ? [sessionError.message] : [])])];
  if (all.length === 0) return null;
  return (
    <div className="notices" role="alert" aria-label="notices">
      {all.map((n) => (
        <p key={n} className="notice">
          <span>{n}</span>
          {notices.includes(n) && (
            <button type="button" className="dismiss" onClick={() => actions.dismissNotice(n)} aria-label="Dismiss">
              ×
            </button>
          )}
        </p>
      ))}
    </div>
  );
}
