/**
 * One line in the header: whether the app works with the server gone (saved by the service worker,
 * src/app/offline.ts), how far saving has got, or why it cannot. Words carry the state; the mark before
 * them and the colour only repeat it. Nothing in the dev server, which registers no service worker.
 */
import { percentSaved, useOffline, type OfflineState } from '../../store/offline-store';

/** 'unavailable': this browser or page allows no service worker, which is no fault of the app. */
type Tone = 'ok' | 'busy' | 'problem' | 'unavailable';

interface Shown {
  text: string;
  tone: Tone;
  /** 0–100 while files are being saved. */
  percent?: number;
}

const SAVED = 'The app, its models, datasets and recordings are saved in this browser: it works with the server gone.';

function shown(state: Exclude<OfflineState, { kind: 'off' }>): Shown {
  switch (state.kind) {
    case 'checking':
      return { text: 'Checking offline use…', tone: 'busy' };
    case 'saving': {
      const percent = percentSaved(state.savedBytes, state.totalBytes);
      return { text: `Saving for offline use… ${percent} %`, tone: 'busy', percent };
    }
    case 'ready':
      return { text: 'Available offline', tone: 'ok' };
    case 'updating': {
      const percent = percentSaved(state.savedBytes, state.totalBytes);
      return { text: `Available offline · saving a new version… ${percent} %`, tone: 'busy', percent };
    }
    case 'updated':
      // the page keeps the code it loaded: no reload in the middle of a run or a lecture
      return { text: 'Available offline · a new version is saved and opens on the next load', tone: 'ok' };
    case 'updateFailed':
      return { text: `Available offline · the new version could not be saved: ${state.reason}`, tone: 'problem' };
    case 'failed':
      return { text: `Offline use unavailable: ${state.reason}`, tone: 'problem' };
    case 'unsupported':
      return { text: `Offline use unavailable: ${state.reason}`, tone: 'unavailable' };
  }
}

const MARK: Record<Tone, string> = { ok: '✓', busy: '↓', problem: '!', unavailable: '–' };

export function OfflineStatus() {
  const state = useOffline((s) => s.state);
  const build = useOffline((s) => s.build);
  if (state.kind === 'off') return null;
  const { text, tone, percent } = shown(state);
  const version = build ? ` Build ${build}.` : '';
  return (
    <p
      className={`offline offline-${tone}`}
      role="status"
      data-testid="offline-status"
      data-state={state.kind}
      data-build={build}
      title={tone === 'ok' ? `${SAVED}${version}` : version.trim() || undefined}
    >
      <span className="offline-mark" aria-hidden="true">
        {MARK[tone]}
      </span>{' '}
      {text}
      {percent !== undefined && <progress max={100} value={percent} aria-label="saved for offline use" />}
    </p>
  );
}
