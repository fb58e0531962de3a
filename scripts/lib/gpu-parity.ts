/**
 * The parity check of `npm run bench:gpu`: one backend's training losses over a run's first steps
 * against the CPU backend's (same model, seed and batches), a verdict per run and one for the whole
 * benchmark, and the exit code that follows. Pure: numbers in, words out; no tfjs. Backends sum float32
 * in different orders and with different kernels, so the losses agree to a tolerance, not bit for bit,
 * and the gap grows with the steps (each step starts from the last one's rounded weights).
 */

export interface Tolerance {
  /** Allowed |loss − CPU loss| relative to |CPU loss|. */
  rel: number;
  /** Allowed |loss − CPU loss| on top of the relative part, in nats. */
  abs: number;
}

/**
 * 0.1 % of the loss (plus 1e-4 nats) at every compared step. Measured here on cnn-small at batch 32
 * (B1, random images): the WASM backend's first 5 losses agree with the CPU backend's to 2e-6, and
 * scaling every image by 1 + 1e-6 moves the first 10 losses by at most 2e-5 (rounding does not blow up
 * over these steps); the same run planned for 26 steps instead of 6 (another cosine schedule) is off by
 * 0.14–0.5 % at step 3.
 */
export const PARITY_TOLERANCE: Tolerance = { rel: 1e-3, abs: 1e-4 };

export interface Parity {
  pass: boolean;
  /** Losses compared. */
  steps: number;
  /** 0-based step of the largest gap relative to what is allowed there; -1 when nothing was compared. */
  worstStep: number;
  /** |loss − CPU loss| at `worstStep`. */
  worstGap: number;
  /** What the tolerance allows at `worstStep`. */
  allowed: number;
  /** Why the sequences could not be compared, or which step broke the tolerance first; null on a pass. */
  problem: string | null;
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(6) : String(v));

/**
 * Compares `actual` (the backend's losses, step by step) with `expected` (the CPU backend's). Fails on
 * different lengths, on no losses, on a non-finite loss, and on any step whose gap exceeds
 * `tol.abs + tol.rel · |expected|`.
 */
export function compareLosses(
  actual: readonly number[],
  expected: readonly number[],
  tol: Tolerance = PARITY_TOLERANCE,
): Parity {
  const none = { steps: 0, worstStep: -1, worstGap: Number.NaN, allowed: Number.NaN };
  if (actual.length !== expected.length) {
    return {
      pass: false,
      ...none,
      problem: `${actual.length} losses against the CPU backend's ${expected.length}: not the same run`,
    };
  }
  if (expected.length === 0) return { pass: false, ...none, problem: 'no losses to compare' };
  let worst = { step: -1, gap: 0, allowed: 0, ratio: -1 };
  let problem: string | null = null;
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    const allowed = tol.abs + tol.rel * Math.abs(e);
    const gap = Math.abs(a - e);
    if (!Number.isFinite(a) || !Number.isFinite(e)) {
      problem ??= `step ${i + 1}'s loss is ${fmt(a)}, the CPU backend's ${fmt(e)}: not a finite number`;
      if (worst.ratio < Infinity) worst = { step: i, gap: Number.NaN, allowed, ratio: Infinity };
      continue;
    }
    if (gap > allowed)
      problem ??= `step ${i + 1}'s loss ${fmt(a)} is ${gap.toExponential(2)} from the CPU backend's ${fmt(e)}`;
    if (gap / allowed > worst.ratio) worst = { step: i, gap, allowed, ratio: gap / allowed };
  }
  return {
    pass: problem === null,
    steps: expected.length,
    worstStep: worst.step,
    worstGap: worst.gap,
    allowed: worst.allowed,
    problem,
  };
}

/** The tolerance in words: `0.1 % + 1e-4 nats`. */
export function toleranceText(tol: Tolerance = PARITY_TOLERANCE): string {
  return `${tol.rel * 100} % + ${tol.abs} nats`;
}

/** One line per compared run: `PASS wasm · FT: …` or `FAIL webgpu · TPGM: …`. */
export function parityLine(label: string, p: Parity, tol: Tolerance = PARITY_TOLERANCE): string {
  if (!p.pass) return `FAIL ${label}: ${p.problem ?? 'no verdict'} (allowed: ${toleranceText(tol)} of each loss)`;
  return (
    `PASS ${label}: ${p.steps} losses within ${toleranceText(tol)} of the CPU backend's ` +
    `(largest gap ${p.worstGap.toExponential(2)} at step ${p.worstStep + 1}, ${p.allowed.toExponential(2)} allowed)`
  );
}

export interface BenchOutcome {
  /** Whether a WebGPU backend ran (an adapter was found and its rows measured). */
  gpuMeasured: boolean;
  /** The parity of every compared run (each non-CPU backend × method). */
  parities: readonly Parity[];
}

/** The benchmark's last line: every run's parity in one verdict, and whether WebGPU was measured. */
export function verdictLine({ gpuMeasured, parities }: BenchOutcome): string {
  const failed = parities.filter((p) => !p.pass).length;
  const word = failed > 0 || parities.length === 0 ? 'FAIL' : 'PASS';
  const runs = `${parities.length - failed} of ${parities.length} runs within tolerance`;
  return `parity: ${word} (${runs}${gpuMeasured ? '' : '; WebGPU not measured: no adapter'})`;
}

/**
 * The exit code: 1 when a parity check failed (or none ran), else 2 when no WebGPU backend could be
 * measured (the script is meant for a machine with a GPU, and a run there that finds no adapter must
 * not pass silently), else 0.
 */
export function benchExitCode({ gpuMeasured, parities }: BenchOutcome): 0 | 1 | 2 {
  if (parities.length === 0 || parities.some((p) => !p.pass)) return 1;
  return gpuMeasured ? 0 : 2;
}
