/**
 * A run's per-image predictions as they are kept with it: the predicted class of every image of a
 * domain's whole test set, in the test set's order, one byte each, as base64 (1,000 images are 1.3 KB
 * of JSON; a number list would be 2–4 times that). Tfjs-free: the store and the worker share it.
 */

/** Classes one byte can name: a dataset with more keeps no per-image predictions. */
export const MAX_PREDICTED_CLASSES = 256;

/** Base64 of one byte per image. Throws on a class a byte cannot hold. */
export function encodePredictions(classes: ArrayLike<number>): string {
  const bytes = new Uint8Array(classes.length);
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    if (!Number.isInteger(c) || c < 0 || c >= MAX_PREDICTED_CLASSES)
      throw new RangeError(`predicted class ${c} of image ${i} does not fit one byte`);
    bytes[i] = c;
  }
  let text = '';
  // in chunks: String.fromCharCode(...bytes) over 10,000 images would pass too many arguments
  for (let at = 0; at < bytes.length; at += 8192) text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  return btoa(text);
}

/** The bytes of `encodePredictions`; null when `text` is not base64. */
export function decodePredictions(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/**
 * The confusion counts [true class][predicted class] of `predicted` against `labels`: what the final
 * evaluation counted on the device, so a rebuilt test set can be checked against a run's record.
 */
export function confusionOf(labels: ArrayLike<number>, predicted: ArrayLike<number>, numClasses: number): number[][] {
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const row = counts[labels[i]];
    if (row && predicted[i] < numClasses) row[predicted[i]]++;
  }
  return counts;
}
