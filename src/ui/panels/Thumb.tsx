/** One image from the worker (RGBA) on a canvas, shown at twice its size. */
import { useEffect, useRef } from 'react';

import type { GalleryImage } from '../../worker/protocol';

const SIZE = 28;
const SCALE = 2;

export function Thumb({ image, label }: { image: GalleryImage; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const side = Math.round(Math.sqrt(image.rgba.length / 4));
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.rgba), side, side), 0, 0);
  }, [image]);
  const side = Math.round(Math.sqrt(image.rgba.length / 4)) || SIZE;
  return (
    <canvas
      ref={ref}
      width={side}
      height={side}
      style={{ width: side * SCALE, height: side * SCALE }}
      title={label}
      aria-label={label}
    />
  );
}
