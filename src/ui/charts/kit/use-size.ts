/**
 * The size a chart is given by its container (a block of the figure's width, and a fixed height in the
 * lab or the panel's height in the lecture view), kept up to date by a ResizeObserver; 0 × 0 until its
 * first report, when nothing is drawn. Replaces recharts' ResponsiveContainer. The size is read only from
 * the observer's reports, which come after the browser's own layout: reading clientWidth when a chart
 * mounts forced a layout of its own, 28 % of the task that draws the finished run's panels (bench:ui).
 */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export function useSize<T extends HTMLElement>(): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      const width = Math.floor(box.width);
      const height = Math.floor(box.height);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
