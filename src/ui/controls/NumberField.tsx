/** A labelled number input that reports NaN for an empty or unparsable value (validation says why). */
export function NumberField(props: {
  label: string;
  value: number;
  step?: number;
  min?: number;
  onChange(value: number): void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        value={Number.isFinite(props.value) ? props.value : ''}
        step={props.step ?? 'any'}
        min={props.min}
        onChange={(e) => props.onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
      />
    </label>
  );
}
