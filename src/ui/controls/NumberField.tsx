/** A labelled number input that reports NaN for an empty or unparsable value (validation says why). */
import { useId } from 'react';

export function NumberField(props: {
  label: string;
  value: number;
  step?: number;
  min?: number;
  /** A line under the field (its description, not its name): its cost, or why its default is what it is. */
  hint?: string;
  onChange(value: number): void;
}) {
  const hintId = useId();
  return (
    <>
      <label className="field">
        <span>{props.label}</span>
        <input
          type="number"
          value={Number.isFinite(props.value) ? props.value : ''}
          step={props.step ?? 'any'}
          min={props.min}
          aria-describedby={props.hint ? hintId : undefined}
          onChange={(e) => props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
        />
      </label>
      {props.hint && (
        <small className="muted hint" id={hintId}>
          {props.hint}
        </small>
      )}
    </>
  );
}
