/**
 * `value`, applied later as a transition of its own: a chart redraw (recharts dispatches to its internal
 * store from effects, so one redraw is 50–120 ms of main thread here, a first mount up to 270 ms) starts
 * in its own timer task instead of every chart redrawing in the one task that received the worker's
 * points, and as a transition React renders it in slices, yielding to the page between them, with its
 * effects after the paint. Measured here on the default run (2-core machine, 2 runs each): the longest
 * task at the first draw went from 269–274 ms (each redraw committed with flushSync) to 170–177 ms (a
 * long-task observer, quiet machine); `npm run bench:ui` (BENCHMARKS.md §5): longest task of the run
 * 215–259 → 191–222 ms, the rest recharts' own mount. The first value shows at once.
 */
import { startTransition, useEffect, useState } from 'react';

export function useOwnTask<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const id = setTimeout(() => startTransition(() => setShown(value)), 0);
    return () => clearTimeout(id);
  }, [value, shown]);
  return shown;
}
