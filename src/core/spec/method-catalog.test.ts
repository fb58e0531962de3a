/**
 * The catalog's two forms of each formula agree: the TeX the method card typesets names the same
 * symbols as the plain text used where only text fits (aria labels, exports, the fallback).
 * (That the TeX renders is src/ui/math/tex.test.ts.)
 */
import { describe, expect, it } from 'vitest';

import { METHOD_IDS } from './config';
import { METHOD_INFO } from './method-catalog';

/** Each symbol of the plain text and the TeX that writes it. */
const SYMBOLS: [string, RegExp][] = [
  ['θ', /\\theta(?![a-zA-Z])/],
  ['θ0', /\\theta_(0|\{0)/],
  ['θ̃', /\\tilde\\theta/],
  ['γ', /\\gamma(?![a-zA-Z])/],
  ['α', /\\alpha(?![a-zA-Z])/],
  ['β', /\\beta(?![a-zA-Z])/],
  ['λ', /\\lambda(?![a-zA-Z])/],
  ['ρ', /\\rho(?![a-zA-Z])/],
  ['L_val', /L_\{\\text\{val\}\}/],
  ['Adam', /\\operatorname\{Adam\}/],
  ['∇', /\\nabla(?![a-zA-Z])/],
  ['‖', /\\\|/],
  ['½', /\\tfrac\{1\}\{2\}/],
  ['⊙', /\\odot/],
  ['clamp', /\\operatorname\{clamp\}/],
];

describe('METHOD_INFO formulas', () => {
  for (const id of METHOD_IDS) {
    it(`${id}: the TeX and the plain text name the same symbols`, () => {
      const { formula, tex } = METHOD_INFO[id];
      expect(tex.trim().length).toBeGreaterThan(0);
      for (const [text, texPattern] of SYMBOLS) {
        expect(`${id} ${text}: ${String(formula.includes(text))}`).toBe(
          `${id} ${text}: ${String(texPattern.test(tex))}`,
        );
      }
    });
  }

  it('writes TPGM as METHODS.md §1 does: the projection of θ̃ about θ0, the radius step on L_val', () => {
    const { tex } = METHOD_INFO.tpgm;
    expect(tex).toContain(
      String.raw`\theta \leftarrow \theta_0 + \min\Bigl(1, \frac{\gamma}{\|\tilde\theta-\theta_0\|}\Bigr)(\tilde\theta-\theta_0)`,
    );
    expect(tex).toContain(
      String.raw`\gamma \leftarrow \operatorname{Adam}\Bigl(\gamma, \frac{\partial L_{\text{val}}(\theta)}{\partial\gamma}\Bigr)`,
    );
  });
});
