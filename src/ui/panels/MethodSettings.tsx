/**
 * The method picker: every registered method, its description, its formula (typeset as MathML) and its
 * own settings (ranges from core/spec/method-settings.ts, so the form and the validation agree). Tfjs-free.
 */
import type { NormMode, TrainConfig } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { getSetting, withSetting } from '../../core/spec/method-settings';
import { NumberField } from '../controls/NumberField';
import { Formula } from '../math/Formula';

/** Methods whose projection or decay has a scope (which tensors it bounds): the head can be left free. */
const SCOPED = new Set(['tpgm', 'mars-sp', 'ftp', 'spd']);

export function MethodSettings(props: { config: TrainConfig; onChange(config: TrainConfig): void }) {
  const { config: c, onChange } = props;
  const info = METHOD_INFO[c.method];
  return (
    <fieldset className="method-settings" aria-label="method settings">
      <legend>{info.label}</legend>
      <p className="muted small" role="note" aria-label="method description">
        {info.description}
      </p>
      <Formula tex={info.tex} text={info.formula} display />
      {info.settings.map((s) => (
        <NumberField
          key={s.path}
          label={s.label}
          value={getSetting(c, s.path)}
          min={s.min}
          step={s.step}
          hint={s.hint}
          onChange={(v) => onChange(withSetting(c, s.path, v))}
        />
      ))}
      {c.method === 'tpgm' && (
        <label className="field">
          <span>TPGM norm</span>
          <select
            value={c.tpgm.norm}
            onChange={(e) => onChange({ ...c, tpgm: { ...c.tpgm, norm: e.target.value as NormMode } })}
            aria-label="TPGM norm"
          >
            <option value="mars">MARS (one L1 row norm per output unit)</option>
            <option value="l2">L2 (one norm per tensor)</option>
          </select>
        </label>
      )}
      {c.method === 'surgical' && (
        <label className="field">
          <span>Blocks to train</span>
          <input
            type="text"
            value={c.surgical.blocks.join(', ')}
            placeholder="first, last, conv2, block1…"
            onChange={(e) =>
              onChange({
                ...c,
                surgical: {
                  blocks: e.target.value
                    .split(',')
                    .map((b) => b.trim())
                    .filter((b) => b.length > 0),
                },
              })
            }
          />
        </label>
      )}
      {c.method === 'wise-ft' && (
        <label className="field">
          <input
            type="checkbox"
            checked={c.wiseFt.keepHead}
            onChange={(e) => onChange({ ...c, wiseFt: { ...c.wiseFt, keepHead: e.target.checked } })}
          />{' '}
          keep the fine-tuned head (mix the backbone only)
        </label>
      )}
      {SCOPED.has(c.method) && (
        <label className="field">
          <input
            type="checkbox"
            checked={c.tpgm.scope.excludeHead}
            onChange={(e) =>
              onChange({ ...c, tpgm: { ...c.tpgm, scope: { ...c.tpgm.scope, excludeHead: e.target.checked } } })
            }
          />{' '}
          leave the head free (not projected)
        </label>
      )}
    </fieldset>
  );
}
