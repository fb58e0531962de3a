/**
 * On a phone the lecture view's panels stack under the story, so the one a story step highlights can be
 * screens away: when the story moves, that panel is scrolled into view (centred), smoothly unless the
 * reader asked for reduced motion. On a projector's one screen every panel is already in view and
 * nothing moves. The step the page opens at is left alone: the reader starts at the story.
 */
import { useEffect, useRef } from 'react';

/** Scroll `el` into the middle of the window unless it is wholly in view already. */
function bringIntoView(el: HTMLElement): void {
  const r = el.getBoundingClientRect();
  if (r.top >= 0 && r.bottom <= window.innerHeight) return;
  const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'center', behavior: reduced ? 'auto' : 'smooth' });
}

/**
 * After the story moves to `story`, bring `panel()` (the step's first highlighted panel on screen) into
 * view. @param panel read after the step's render, when the panel it highlights is mounted
 */
export function useFollowFocus(story: number, panel: () => HTMLElement | null): void {
  const shown = useRef(story);
  const latest = useRef(panel);
  latest.current = panel;
  useEffect(() => {
    if (shown.current === story) return;
    shown.current = story;
    const el = latest.current();
    if (el) bringIntoView(el);
  }, [story]);
}
