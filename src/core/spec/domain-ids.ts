/** The domains' ids and how a domain's severity is described (the transforms are in core/data/domains). tfjs-free. */
export type DomainId = 'clean' | 'sketch' | 'inverted' | 'noise' | 'blur' | 'texture' | 'rotate' | 'contrast';

export interface Severity {
  min: number;
  max: number;
  default: number;
  step: number;
  /** What the number means, with its unit, for the UI (e.g. "noise σ"). */
  label: string;
}
