/**
 * `value`, applied in a task of its own: a chart redraw (recharts dispatches to its internal store from
 * effects, so one redraw is 50–120 ms of main thread here) runs in its own timer task, committed with
 * flushSync, instead of every chart redrawing in the one task that received the worker's points. Each
 * task then stays under the 200 ms long-task bound while the worker trains. The first value shows at once.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

export function useOwnTask<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(value, shown)) return;
    const id = setTimeout(() => flushSync(() => setShown(value)), 0);
    return () => clearTimeout(id);
  }, [value, shown]);
  return shown;
}
