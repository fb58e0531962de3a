/**
 * A formula typeset as mathematics: TeX rendered by KaTeX to MathML (tex.ts), laid out by the browser
 * with no KaTeX stylesheet or font. If the TeX does not render, the plain-text formula is shown instead,
 * so a broken formula reads as text rather than as an error.
 */
import { useMemo } from 'react';

import { formulaView } from './tex';
import './math.css';

/**
 * @param tex  TeX source in math mode (e.g. METHOD_INFO[id].tex)
 * @param text  the same formula as plain text (METHOD_INFO[id].formula), shown when the TeX fails
 * @param display  a display formula on its own line (true) or inline in running text (default)
 */
export function Formula(props: { tex: string; text: string; display?: boolean }) {
  const { tex, text, display = false } = props;
  const view = useMemo(() => formulaView(tex, text, display), [tex, text, display]);
  const Box = display ? 'div' : 'span';
  const className = display ? 'formula formula-display' : 'formula formula-inline';
  if (view.kind === 'text') {
    return (
      <Box className={`${className} formula-plain`} data-tex-error={view.error}>
        <code>{view.text}</code>
      </Box>
    );
  }
  // KaTeX's MathML, checked by renderTex to carry no inline style (the CSP would refuse it) and no link, image or HTML
  return <Box className={className} dangerouslySetInnerHTML={{ __html: view.mathml }} />;
}
