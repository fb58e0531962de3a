import { describe, expect, it } from 'vitest';

import { confusionOf, decodePredictions, encodePredictions } from './predictions';

describe('per-image predictions', () => {
  it('round-trip one byte per image through base64, long lists included', () => {
    const classes = Array.from({ length: 20_001 }, (_, i) => (i * 7) % 256);
    const text = encodePredictions(classes);
    expect(text.length).toBe(Math.ceil(20_001 / 3) * 4);
    expect(Array.from(decodePredictions(text) ?? [])).toEqual(classes);
    expect(Array.from(decodePredictions(encodePredictions([])) ?? [])).toEqual([]);
  });
  it('refuse a class one byte cannot hold, and text that is not base64', () => {
    expect(() => encodePredictions([3, 256])).toThrow(/predicted class 256 of image 1/);
    expect(() => encodePredictions([1.5])).toThrow(RangeError);
    expect(decodePredictions('AB$=')).toBeNull();
    expect(decodePredictions('ABC')).toBeNull();
  });
  it('count [true][predicted] like the device does', () => {
    expect(confusionOf([0, 0, 1, 2], [0, 1, 1, 0], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });
});
