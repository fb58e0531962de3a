/**
 * How much larger a chart that fills its container draws everything (text, margins, strokes) when the
 * container is large: a chart put full screen on a projector (the lecture view's F key) keeps its tick
 * and axis text readable from the back of the room instead of staying at its panel's 14 px on a
 * 1024 px-wide drawing. Below the reference size the chart draws at its CSS sizes, as it always did.
 */

/** The plot size (px) up to which a chart's text is its CSS size: a lecture panel on a 1920×1080 screen. */
export const TEXT_SCALE_REFERENCE = { width: 640, height: 400 } as const;

/**
 * The factor (≥ 1) a `width` × `height` px plot is drawn at: the smaller of its width and height over the
 * reference, so text grows with the chart but never past what its shorter side leaves room for.
 */
export function textScale(width: number, height: number): number {
  if (!(width > 0) || !(height > 0)) return 1;
  return Math.max(1, Math.min(width / TEXT_SCALE_REFERENCE.width, height / TEXT_SCALE_REFERENCE.height));
}
