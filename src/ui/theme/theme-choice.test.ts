import { describe, expect, it } from 'vitest';

import { THEME_STORAGE_KEY, applyThemeChoice, readThemeChoice, storeThemeChoice } from './theme-choice';

/** A Map behind the Storage methods the theme uses. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('the theme choice', () => {
  it('is remembered, and auto forgets it so the system setting applies again', () => {
    const storage = memoryStorage();
    expect(readThemeChoice(storage)).toBe('auto');
    storeThemeChoice(storage, 'dark');
    expect(storage.items.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(readThemeChoice(storage)).toBe('dark');
    storeThemeChoice(storage, 'auto');
    expect(storage.items.has(THEME_STORAGE_KEY)).toBe(false);
  });

  it('reads an unknown value, a missing storage or a throwing one as auto', () => {
    expect(readThemeChoice(memoryStorage({ [THEME_STORAGE_KEY]: 'sepia' }))).toBe('auto');
    expect(readThemeChoice(undefined)).toBe('auto');
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(readThemeChoice(throwing)).toBe('auto');
    expect(() => storeThemeChoice(throwing, 'light')).not.toThrow();
  });

  it('sets data-theme for light and dark and removes it for auto', () => {
    const root = { dataset: {} as DOMStringMap };
    applyThemeChoice(root, 'light');
    expect(root.dataset.theme).toBe('light');
    applyThemeChoice(root, 'dark');
    expect(root.dataset.theme).toBe('dark');
    applyThemeChoice(root, 'auto');
    expect(root.dataset.theme).toBeUndefined();
  });
});
