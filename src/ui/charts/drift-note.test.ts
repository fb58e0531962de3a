import { describe, expect, it } from 'vitest';

import { driftNote } from './drift-note';

describe('driftNote', () => {
  it('names one step for all runs when they agree, each run’s step when they do not', () => {
    const tail = 'Biases (they start at 0) and the new head are not drawn.';
    expect(driftNote([{ name: 'TPGM', step: 80 }])).toBe(`TPGM step 80. ${tail}`);
    expect(
      driftNote([
        { name: 'FT', step: 640 },
        { name: 'TPGM', step: 640 },
        { name: 'TPGM (live)', step: 640 },
      ]),
    ).toBe(`All at step 640. ${tail}`);
    expect(
      driftNote([
        { name: 'FT', step: 640 },
        { name: 'TPGM (live)', step: 120 },
      ]),
    ).toBe(`FT step 640, TPGM (live) step 120. ${tail}`);
  });
});
