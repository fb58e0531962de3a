/**
 * Checks of the fields of a JSON file read back into the app (runs-import.ts): each returns the value
 * as its type, or throws an Invalid that names the field, what it holds (quoted in at most 40
 * characters) and what it should hold.
 */
import { echo } from './url-hash';

/** A problem with one field of a run: thrown by these checks, caught once per run. */
export class Invalid extends Error {}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a value found in the file is named in a reason: `"text"` (at most 40 characters), 3, null, a list. */
export function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `"${echo(v)}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export const wrong = (path: string, v: unknown, expected: string): Invalid =>
  new Invalid(v === undefined ? `${path} is missing` : `${path} is ${shown(v)}, not ${expected}`);

/** A check of one field: its value as `T`, or an Invalid naming the field, what it holds and what it should. */
const check =
  <T>(ok: (v: unknown) => v is T, expected: string) =>
  (v: unknown, path: string): T => {
    if (ok(v)) return v;
    throw wrong(path, v, expected);
  };
export const obj = check(isObj, 'an object');
export const list = check((v): v is unknown[] => Array.isArray(v), 'a list');
export const str = check((v): v is string => typeof v === 'string', 'text');
export const bool = check((v): v is boolean => typeof v === 'boolean', 'true or false');
export const num = check((v): v is number => typeof v === 'number' && Number.isFinite(v), 'a number');
/** A step, a count, a run number: an integer ≥ 0. */
export const count = check(
  (v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  'a whole number ≥ 0',
);

/** A measurement that may be NaN or ±Infinity (a diverged loss): JSON writes those as null, read back as NaN. */
export const measured = (v: unknown, path: string): number => (v === null ? Number.NaN : num(v, path));

/** A number that is null where it does not apply (a radius of a tensor without one). */
export const orNull = (v: unknown, path: string): number | null => (v === null ? null : num(v, path));

export function oneOf<T extends string>(v: unknown, path: string, options: readonly T[], what: string): T {
  const found = options.find((o) => o === v);
  if (found !== undefined) return found;
  throw wrong(path, v, what);
}
