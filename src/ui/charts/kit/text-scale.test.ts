import { describe, expect, it } from 'vitest';

import { TEXT_SCALE_REFERENCE, textScale } from './text-scale';

describe('textScale', () => {
  it('draws a chart up to the reference size at its CSS sizes', () => {
    expect(textScale(320, 240)).toBe(1);
    expect(textScale(TEXT_SCALE_REFERENCE.width, TEXT_SCALE_REFERENCE.height)).toBe(1);
    // wide but short (a lab chart's strip): the short side rules
    expect(textScale(1800, 240)).toBe(1);
  });
  it('grows with the smaller of the two ratios', () => {
    expect(textScale(1280, 800)).toBe(2);
    expect(textScale(1280, 600)).toBe(1.5);
    expect(textScale(960, 1200)).toBe(1.5);
  });
  it('is 1 before the size is known', () => {
    expect(textScale(0, 0)).toBe(1);
    expect(textScale(Number.NaN, 500)).toBe(1);
  });
});
