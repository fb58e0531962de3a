/** When batched live data reaches the store: a few times a second, on an animation frame. */
/** Live charts redraw at most this often: each redraw of every chart costs tens of ms of main thread. */
const MIN_REDRAW_MS = 250;

/**
 * The next animation frame at least MIN_REDRAW_MS after the previous flush, in a page; null (apply at
 * once) in Node tests. Fewer, larger updates keep every main-thread task short while the worker trains.
 */
export const redrawFrame: ((f: () => void) => void) | null =
  typeof requestAnimationFrame === 'function'
    ? (() => {
        let last = 0;
        return (f) => {
          const wait = Math.max(0, last + MIN_REDRAW_MS - performance.now());
          setTimeout(
            () =>
              requestAnimationFrame(() => {
                last = performance.now();
                f();
              }),
            wait,
          );
        };
      })()
    : null;
