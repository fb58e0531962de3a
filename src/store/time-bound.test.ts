import { describe, expect, it } from 'vitest';

import { withinMs } from './time-bound';

describe('withinMs', () => {
  it('passes a value or an error that comes in time', async () => {
    await expect(withinMs(Promise.resolve(3), 50, 'late')).resolves.toBe(3);
    await expect(withinMs(Promise.reject(new Error('no')), 50, 'late')).rejects.toThrow('no');
  });

  it('refuses with the message when the work never answers', async () => {
    await expect(withinMs(new Promise(() => {}), 20, 'storage did not answer')).rejects.toThrow(
      'storage did not answer',
    );
  });
});
