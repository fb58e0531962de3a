/**
 * The formulas typeset: every method's TeX renders with KaTeX (no parse or strict-mode error) to MathML
 * that the page's CSP accepts (no inline style attribute), and TeX that fails falls back to plain text.
 */
import { describe, expect, it } from 'vitest';

import { METHOD_IDS } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { formulaView, renderTex } from './tex';

describe('renderTex', () => {
  for (const id of METHOD_IDS) {
    for (const display of [true, false]) {
      it(`renders ${id}'s formula as ${display ? 'display' : 'inline'} MathML with no inline style`, () => {
        const result = renderTex(METHOD_INFO[id].tex, display);
        if (!result.ok) throw new Error(`${id}: ${result.error}`);
        expect(result.mathml).toMatch(/^<span class="katex"><math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/);
        expect(result.mathml.includes('display="block"')).toBe(display);
        expect(result.mathml).not.toMatch(/\sstyle\s*=/i);
        // MathML only: none of KaTeX's HTML layout, which would need its stylesheet and fonts
        expect(result.mathml).not.toContain('katex-html');
        // KaTeX marks what it could not parse in red when it does not throw; it must not have got there
        expect(result.mathml).not.toContain('mathcolor');
      });
    }
  }

  it('typesets TPGM with the symbols of METHODS.md: θ0, θ̃, γ, L_val', () => {
    const result = renderTex(METHOD_INFO.tpgm.tex, true);
    if (!result.ok) throw new Error(result.error);
    expect(result.mathml).toContain('<msub><mi>θ</mi><mn>0</mn></msub>');
    expect(result.mathml).toContain('<mover accent="true"><mi>θ</mi><mo>~</mo></mover>');
    expect(result.mathml).toContain('<mi>γ</mi>');
    expect(result.mathml).toMatch(/<msub><mi>L<\/mi><mtext>val<\/mtext><\/msub>/);
    expect(result.mathml).toContain('<mi>min</mi>');
  });

  it('reports broken TeX as an error instead of throwing', () => {
    const result = renderTex(String.raw`\frac{1}{`, true);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/KaTeX parse error/);
    expect(renderTex(String.raw`\notACommand x`, false).ok).toBe(false);
  });

  it('refuses MathML that would carry an inline style (the CSP would block it)', () => {
    // KaTeX writes a style attribute for \fbox's border and \pmb's shadow
    const result = renderTex(String.raw`\fbox{x} + \pmb{y}`, true);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/inline style/) });
  });

  it('refuses the commands that would need trust: links, images, HTML', () => {
    for (const tex of [
      String.raw`\href{https://example.org}{x}`,
      String.raw`\includegraphics{a.png}`,
      String.raw`\htmlClass{a}{x}`,
    ]) {
      expect(renderTex(tex, false)).toEqual({ ok: false, error: expect.any(String) });
    }
  });
});

describe('formulaView', () => {
  it('shows the MathML when the TeX renders', () => {
    const view = formulaView(METHOD_INFO['wise-ft'].tex, METHOD_INFO['wise-ft'].formula, true);
    expect(view.kind).toBe('mathml');
    if (view.kind === 'mathml') expect(view.mathml).toContain('<mi>α</mi>');
  });

  it('falls back to the plain text, with the reason, when the TeX is broken', () => {
    const text = 'θ = (1 − α)·θ0 + α·θ_ft';
    expect(formulaView(String.raw`\theta = \frac{1-\alpha`, text, true)).toEqual({
      kind: 'text',
      text,
      error: expect.stringMatching(/KaTeX parse error/),
    });
    expect(formulaView(String.raw`\fbox{\theta}`, text, false)).toMatchObject({ kind: 'text', text });
  });
});
