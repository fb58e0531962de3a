/** The lecture view's keys, and the help overlay that lists them (opened with ?). */
import { useEffect, useRef } from 'react';

import { lectureActions, useLecture } from '../../store/lecture-store';

export const KEYS: readonly [string, string][] = [
  ['← / →', 'story: back / next (a presenter remote’s Page Up / Page Down too)'],
  ['Space', 'play / pause the replay'],
  ['. / ,', 'step the replay forward / back to the next measurement'],
  ['R', 'radius step of the live TPGM run (while it is paused)'],
  ['F', 'full screen on the highlighted panel (Esc leaves)'],
  ['?', 'this help'],
];

/**
 * Keys a focused control uses itself: all of them in a text field; arrows and the like in a slider or a
 * list. Buttons and radio buttons (the theme switch) keep none: after a click, Space still plays and the
 * arrows still move the story (Enter presses a focused button).
 */
const CONTROL_KEYS = new Set([
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'PageUp',
  'PageDown',
  'Home',
  'End',
  ' ',
]);
function controlKeeps(t: EventTarget | null, key: string): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable || t.tagName === 'TEXTAREA') return true;
  if (t instanceof HTMLInputElement) {
    if (t.type === 'radio' || t.type === 'checkbox') return false;
    return t.type === 'range' ? CONTROL_KEYS.has(key) : true;
  }
  return t.tagName === 'SELECT' && CONTROL_KEYS.has(key);
}

export function useLectureKeys(h: {
  back(): void;
  next(): void;
  panel(): HTMLElement | null;
  radiusStep(): void;
}): void {
  // the listener is added once; it calls the handlers of the latest render
  const handlers = useRef(h);
  handlers.current = h;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const h = handlers.current;
      if (e.altKey || e.ctrlKey || e.metaKey || controlKeeps(e.target, e.key)) return;
      // a modal dialog (the settings drawer) owns the keys: Escape closes it, arrows and Space are its controls'
      if (document.querySelector('dialog[open]')) return;
      const act: Record<string, () => void> = {
        ArrowLeft: h.back,
        PageUp: h.back,
        ArrowRight: h.next,
        PageDown: h.next,
        ' ': lectureActions.togglePlay,
        '.': () => lectureActions.step(1),
        ',': () => lectureActions.step(-1),
        r: h.radiusStep,
        R: h.radiusStep,
        f: () =>
          void h
            .panel()
            ?.requestFullscreen?.()
            .catch(() => undefined),
        F: () =>
          void h
            .panel()
            ?.requestFullscreen?.()
            .catch(() => undefined),
        '?': () => lectureActions.setHelp(true),
        Escape: () => lectureActions.setHelp(false),
      };
      const f = act[e.key];
      if (!f) return;
      // before the focused control sees it (a radio would change the theme, a button would click again)
      e.preventDefault();
      e.stopPropagation();
      f();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}

export function KeyboardHelp() {
  const open = useLecture((s) => s.help);
  if (!open) return null;
  return (
    <div
      className="lecture-help"
      role="dialog"
      aria-modal="true"
      aria-labelledby="keys-title"
      data-testid="keyboard-help"
    >
      <h2 id="keys-title">Keys</h2>
      <dl>
        {KEYS.map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="primary" onClick={() => lectureActions.setHelp(false)} autoFocus>
        Close
      </button>
    </div>
  );
}
