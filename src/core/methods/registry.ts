/**
 * Every fine-tuning method, by id. A `Record` over the MethodId union, so adding an id without its
 * definition is a compile error. The UI's text for each lives in core/spec/method-catalog.ts (tfjs-free).
 */
import type { MethodId } from '../spec/config';
import { ftp } from './ftp';
import { fullFt } from './full-ft';
import { l2Sp } from './l2-sp';
import { linearProbe } from './linear-probe';
import { lpFt } from './lp-ft';
import { marsSp } from './mars-sp';
import type { MethodDefinition } from './method';
import { spd } from './spd';
import { surgical } from './surgical';
import { tpgm } from './tpgm';
import { tpgmPostHoc } from './tpgm-posthoc';
import { wiseFt } from './wise-ft';

export const METHODS: Readonly<Record<MethodId, MethodDefinition>> = {
  'full-ft': fullFt,
  lp: linearProbe,
  'lp-ft': lpFt,
  'l2-sp': l2Sp,
  'mars-sp': marsSp,
  surgical,
  ftp,
  spd,
  'wise-ft': wiseFt,
  tpgm,
  'tpgm-posthoc': tpgmPostHoc,
};

export function getMethod(id: MethodId): MethodDefinition {
  const method = (METHODS as Partial<Record<string, MethodDefinition>>)[id];
  if (!method) throw new Error(`unknown method "${id}"; known: ${Object.keys(METHODS).join(', ')}`);
  return method;
}
