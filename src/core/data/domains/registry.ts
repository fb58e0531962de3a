import type * as tf from '@tensorflow/tfjs';

import type { DomainId } from '../../spec/domain-ids';
import { blur } from './blur';
import { clean } from './clean';
import { contrast } from './contrast';
import type { Domain } from './domain';
import { inverted } from './inverted';
import { noise } from './noise';
import { rotate } from './rotate';
import { sketch } from './sketch';
import { texture } from './texture';

/** Every domain by id (a Record over DomainId, so a missing one is a compile error). */
export const DOMAINS: Readonly<Record<DomainId, Domain>> = {
  clean,
  sketch,
  inverted,
  noise,
  blur,
  texture,
  rotate,
  contrast,
};

export function getDomain(id: string): Domain {
  const d = (DOMAINS as Partial<Record<string, Domain>>)[id];
  if (!d) throw new Error(`unknown domain "${id}"; known: ${Object.keys(DOMAINS).join(', ')}`);
  return d;
}

/** `domain.apply` after checking that the severity is in the domain's range. */
export function applyDomain(domain: Domain, x: tf.Tensor4D, severity: number, seed: number): tf.Tensor4D {
  if (severity < domain.severity.min || severity > domain.severity.max) {
    throw new Error(`${domain.name}: severity ${severity} is outside ${domain.severity.min}–${domain.severity.max}`);
  }
  return domain.apply(x, severity, seed);
}
