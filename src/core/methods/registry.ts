/**
 * Every fine-tuning method, by id. A `Record` over the MethodId union, so adding an id without its
 * definition is a compile error.
 */
import type { MethodId } from '../config';
import { fullFt } from './full-ft';
import { linearProbe } from './linear-probe';
import type { MethodDefinition } from './method';
import { tpgm } from './tpgm';
import { tpgmPostHoc } from './tpgm-posthoc';

export const METHODS: Readonly<Record<MethodId, MethodDefinition>> = {
  'full-ft': fullFt,
  lp: linearProbe,
  tpgm,
  'tpgm-posthoc': tpgmPostHoc,
};

export function getMethod(id: MethodId): MethodDefinition {
  const method = (METHODS as Partial<Record<string, MethodDefinition>>)[id];
  if (!method) throw new Error(`unknown method "${id}"; known: ${Object.keys(METHODS).join(', ')}`);
  return method;
}
