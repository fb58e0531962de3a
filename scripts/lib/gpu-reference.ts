/**
 * `npm run bench:gpu -- --reference report.json`: the CPU backend's parity losses taken from an earlier
 * report of the same benchmark instead of measured again. The CPU backend's step takes 15–30 s, so its
 * parity steps are most of the benchmark's time; on a machine lent by the minute (a GPU machine) they
 * can be recorded beforehand on any x86-64 machine: the CPU backend is plain JavaScript float32, the same
 * run gives the same losses. A recorded report is used only when its setup is the one measured now.
 */
import type { MethodId } from '../../src/core/spec/config';

/** What makes two benchmark runs the same run (losses comparable step by step). */
export interface BenchSetup {
  model: string;
  seed: number;
  batch: number;
  recipe: string;
  /** Losses compared. */
  parity: number;
  /** Steps every run plans (the learning-rate schedule's length). */
  planned: number;
}

export const REPORT_FORMAT = 'tpgm-bench-gpu/2';

/** A CPU row as a report records it: the parts a reference needs. */
export interface RecordedCpuRow {
  method: MethodId;
  losses: number[];
  stepMs: number;
  /** Kernels per step as the report recorded them (compute / all calls). */
  kernels: { dispatches: number; kernels: number };
}

export type Reference =
  { ok: true; date: string; machine: string; rows: RecordedCpuRow[] } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The CPU rows of `report` (a parsed `--out` file) for `methods`, if it was made with `setup`: the
 * format, every field of the setup and, per method, at least `setup.parity` finite losses. Otherwise
 * why not, in words that name the file's value and the one expected.
 */
export function referenceFromReport(report: unknown, setup: BenchSetup, methods: readonly MethodId[]): Reference {
  if (!isObject(report) || report.format !== REPORT_FORMAT) {
    const found = isObject(report) ? String(report.format) : typeof report;
    return { ok: false, reason: `not a bench:gpu report of format ${REPORT_FORMAT} (found ${found})` };
  }
  const recorded = isObject(report.setup) ? report.setup : {};
  for (const key of Object.keys(setup) as (keyof BenchSetup)[]) {
    if (recorded[key] !== setup[key]) {
      return {
        ok: false,
        reason: `recorded with ${key} ${JSON.stringify(recorded[key])}, this run has ${JSON.stringify(setup[key])}`,
      };
    }
  }
  const rows = Array.isArray(report.rows) ? report.rows.filter(isObject) : [];
  const picked: RecordedCpuRow[] = [];
  for (const method of methods) {
    const row = rows.find((r) => r.backend === 'cpu' && r.method === method);
    const run = row && isObject(row.run) ? row.run : null;
    const losses = run && Array.isArray(run.losses) ? run.losses : [];
    if (!row) return { ok: false, reason: `it has no CPU row for ${method}` };
    if (losses.length < setup.parity || !losses.slice(0, setup.parity).every(Number.isFinite)) {
      return { ok: false, reason: `its CPU row for ${method} has no ${setup.parity} finite losses` };
    }
    const kernels = isObject(row.kernels) ? row.kernels : {};
    picked.push({
      method,
      losses: (losses as number[]).slice(0, setup.parity),
      stepMs: Number(row.stepMs),
      kernels: { dispatches: Number(kernels.dispatches), kernels: Number(kernels.kernels) },
    });
  }
  return {
    ok: true,
    date: String(report.date),
    machine: String(report.machine ?? 'a machine not named'),
    rows: picked,
  };
}
