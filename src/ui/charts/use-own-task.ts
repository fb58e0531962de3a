/**
 * `value`, applied later as a transition of its own: a chart's redraw (or a panel's, below the live
 * charts) starts in its own timer task instead of every chart redrawing in the one task that received the
 * worker's points, and as a transition React renders it in slices, yielding to the page between them,
 * with its effects after the paint. The first value shows at once. It was made for recharts, whose
 * redraws were 50–120 ms each (its own store dispatched from effects); the charts are plain SVG now
 * (kit/), a few ms each, and this still keeps the task that ends a run short (BENCHMARKS.md §5).
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
