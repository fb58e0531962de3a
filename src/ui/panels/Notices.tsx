/** Messages about the URL and other recoverable problems, shown above everything else. */
import { useAppStore } from '../../store/app-store';

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  const sessionError = useAppStore((s) => s.sessionError);
  const status = useAppStore((s) => s.status);
  const all = [...notices, ...(sessionError && status === 'ready' ? [sessionError.message] : [])];
  if (all.length === 0) return null;
  return (
    <div className="notices" role="alert" aria-label="notices">
      {all.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}
