/**
 * Auto / Light / Dark: a radio group that sets data-theme on <html> (styles.css holds both themes'
 * tokens) and remembers the choice. Auto follows the system setting, live.
 */
import { useEffect, useState } from 'react';

import {
  THEME_CHOICES,
  applyThemeChoice,
  readThemeChoice,
  safeLocalStorage,
  storeThemeChoice,
  type ThemeChoice,
} from '../theme/theme-choice';

const LABEL: Record<ThemeChoice, string> = { auto: 'Auto', light: 'Light', dark: 'Dark' };

export function ThemeSwitch() {
  const [choice, setChoice] = useState<ThemeChoice>(() => readThemeChoice(safeLocalStorage()));
  useEffect(() => {
    applyThemeChoice(document.documentElement, choice);
    storeThemeChoice(safeLocalStorage(), choice);
  }, [choice]);
  return (
    <fieldset className="theme-switch">
      <legend className="sr-only">Colour theme</legend>
      {THEME_CHOICES.map((c) => (
        <label key={c} title={c === 'auto' ? 'Follow the system setting' : undefined}>
          <input
            type="radio"
            className="sr-only"
            name="theme"
            value={c}
            checked={choice === c}
            onChange={() => setChoice(c)}
          />
          {LABEL[c]}
        </label>
      ))}
    </fieldset>
  );
}
