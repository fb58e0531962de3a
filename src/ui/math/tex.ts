/**
 * TeX to MathML with KaTeX, as a string the Formula component inserts. MathML only: the browser lays it
 * out, so no KaTeX stylesheet or font is loaded. Not a renderer of our own, and no HTML output.
 * The page's CSP (vite.config.ts: style-src 'self') refuses inline style attributes, so markup that
 * carries one (KaTeX writes them only for \fbox, \fcolorbox and \pmb) is refused here as well.
 * formulaView decides what Formula.tsx shows, so the fallback is tested here, without a DOM.
 */
import katex from 'katex';

/** What renderTex made: MathML markup, or why there is none (the caller shows the plain text). */
export type TexResult = { readonly ok: true; readonly mathml: string } | { readonly ok: false; readonly error: string };

/** A `style` attribute anywhere in the markup (KaTeX escapes quotes in values, so a match is an attribute). */
const STYLE_ATTRIBUTE = /\sstyle\s*=/i;

/**
 * Renders TeX as MathML: `<span class="katex"><math …>…</math></span>`. Errors are data, never thrown:
 * a KaTeX ParseError (throwOnError), a strict-mode complaint, a command that needs trust (links,
 * images, HTML), or markup with an inline style.
 * @param tex  TeX source in math mode, without delimiters
 * @param display  true: a display formula (`<math display="block">`); false: inline in running text
 */
export function renderTex(tex: string, display: boolean): TexResult {
  let mathml: string;
  try {
    mathml = katex.renderToString(tex, {
      output: 'mathml',
      displayMode: display,
      throwOnError: true,
      strict: 'error',
      // \href, \includegraphics and \html…: refused outright (trust: false would draw them as red text)
      trust: (context) => {
        throw new Error(`${context.command} is not allowed in a formula`);
      },
    });
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (STYLE_ATTRIBUTE.test(mathml)) {
    return { ok: false, error: 'the MathML carries an inline style, which the CSP refuses' };
  }
  return { ok: true, mathml };
}

/** What a formula shows: its MathML, or its plain text and why the TeX did not render. */
export type FormulaView =
  | { readonly kind: 'mathml'; readonly mathml: string }
  | { readonly kind: 'text'; readonly text: string; readonly error: string };

/**
 * The MathML of `tex`, or the plain-text `text` when the TeX fails (a parse error, a strict-mode
 * complaint, a refused command, an inline style), so a broken formula still reads as a formula.
 */
export function formulaView(tex: string, text: string, display: boolean): FormulaView {
  const result = renderTex(tex, display);
  return result.ok ? { kind: 'mathml', mathml: result.mathml } : { kind: 'text', text, error: result.error };
}
