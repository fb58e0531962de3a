/**
 * The reader's theme choice: 'auto' follows the system (prefers-color-scheme), 'light' and 'dark'
 * force one by setting data-theme on <html>, which styles.css reads. Remembered in localStorage; a
 * storage that throws (private mode, blocked cookies) only means the choice is not remembered.
 */

export type ThemeChoice = 'auto' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['auto', 'light', 'dark'];

export const THEME_STORAGE_KEY = 'tpgm-theme';

const isThemeChoice = (value: unknown): value is ThemeChoice => THEME_CHOICES.includes(value as ThemeChoice);

/** The remembered choice, 'auto' when none (or an unknown value) is stored. */
export function readThemeChoice(storage: Pick<Storage, 'getItem'> | undefined): ThemeChoice {
  try {
    const stored = storage?.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(stored) ? stored : 'auto';
  } catch {
    return 'auto';
  }
}

/** Remembers `choice` ('auto' removes the entry, so a later system change applies). */
export function storeThemeChoice(storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined, choice: ThemeChoice) {
  try {
    if (choice === 'auto') storage?.removeItem(THEME_STORAGE_KEY);
    else storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // not remembered; the choice still applies to this page
  }
}

/** Applies `choice` to the root element: data-theme="light" | "dark", or none for 'auto'. */
export function applyThemeChoice(root: Pick<HTMLElement, 'dataset'>, choice: ThemeChoice): void {
  if (choice === 'auto') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Applies the remembered choice to <html>; call before the first render to avoid a flash of the other theme. */
export function applyStoredTheme(): void {
  applyThemeChoice(document.documentElement, readThemeChoice(safeLocalStorage()));
}

/** window.localStorage, or undefined where reading it throws (a sandboxed iframe, blocked storage). */
export function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
