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

/** The OOD domains in display order (every domain but the clean one). */
export const OOD_DOMAIN_IDS: readonly DomainId[] = [
  'sketch',
  'inverted',
  'noise',
  'blur',
  'texture',
  'rotate',
  'contrast',
];

/** Every domain id, the clean one first. */
export const DOMAIN_IDS: readonly DomainId[] = ['clean', ...OOD_DOMAIN_IDS];

/**
 * Each domain's severity range (the transforms in core/data/domains take theirs from here), so a link
 * or a form is checked against the same numbers the worker enforces.
 */
export const DOMAIN_SEVERITY: Readonly<Record<DomainId, Severity>> = {
  clean: { min: 0, max: 0, default: 0, step: 1, label: 'none' },
  sketch: { min: 0, max: 1, default: 1, step: 0.05, label: 'blend towards the edge map' },
  inverted: { min: 0, max: 1, default: 1, step: 0.05, label: 'blend towards 1 − x' },
  noise: { min: 0, max: 1, default: 0.45, step: 0.05, label: 'noise σ' },
  blur: { min: 0.3, max: 3, default: 1.5, step: 0.1, label: 'blur σ (pixels)' },
  texture: { min: 0, max: 1, default: 1, step: 0.05, label: 'texture strength' },
  rotate: { min: 0, max: 180, default: 45, step: 5, label: 'angle (degrees)' },
  contrast: { min: 0, max: 0.95, default: 0.7, step: 0.05, label: 'contrast reduction' },
};
