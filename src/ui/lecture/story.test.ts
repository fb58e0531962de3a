import { describe, expect, it } from 'vitest';

import { FAKE_SPEC, fakeRecording } from '../../testing/fake-recording';
import { factsOf, newClassesCost } from './story-facts';

const lesson = (method: 'full-ft' | 'lp' | 'tpgm') =>
  fakeRecording({ ...FAKE_SPEC, classes: [5, 6, 7, 8, 9], config: { ...FAKE_SPEC.config, method } }, `nc-${method}`);

describe('the story in the new-classes lesson', () => {
  it('says which classes θ0 saw and which the runs fine-tune on, from the card and the recordings', () => {
    const f = factsOf([lesson('full-ft'), lesson('lp'), lesson('tpgm')], 5, [0, 1, 2, 3, 4]);
    expect(f.classes).toEqual({ seen: '0–4', fresh: '5–9' });
    expect(f.chance).toBe(20);
    expect(newClassesCost(f)).toBe(
      'The linear probe reads digits 5–9 with features learned for 0–4: it is within a point of FT in distribution.',
    );
  });

  it('tells the first lesson as before: no classes when the runs fine-tune on the classes θ0 learned', () => {
    const f = factsOf([fakeRecording({ ...FAKE_SPEC, config: { ...FAKE_SPEC.config, method: 'full-ft' } })], 10);
    expect(f.classes).toBeNull();
    expect(newClassesCost(f)).toBe('');
    // a subset, but no card that says what θ0 saw: nothing claimed
    expect(factsOf([lesson('full-ft'), lesson('lp')], 5, null).classes).toBeNull();
  });
});
