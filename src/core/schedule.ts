/**
 * Learning-rate schedules, evaluated per optimiser step (0-based).
 * cosine: lr_t = lr0 · ½(1 + cos(π t / T)), from lr0 at t = 0 towards 0 at t = T
 * (PyTorch CosineAnnealingLR with eta_min 0 and T_max = T, stepped every iteration).
 * one-cycle: linear warm-up over the first 10 % to lr0, then the cosine above over the rest
 * (the pre-training recipe of ../shared/EXPERIMENT.md).
 */
import type { ScheduleKind } from './spec/config';

/** Fraction of a one-cycle run spent warming up. */
export const ONE_CYCLE_WARMUP = 0.1;

export function learningRate(kind: ScheduleKind, baseLr: number, step: number, totalSteps: number): number {
  if (kind === 'constant') return baseLr;
  const t = Math.min(Math.max(step, 0), totalSteps);
  if (kind === 'one-cycle') {
    const warm = Math.max(1, Math.round(ONE_CYCLE_WARMUP * totalSteps));
    if (t < warm) return (baseLr * (t + 1)) / warm;
    return baseLr * 0.5 * (1 + Math.cos((Math.PI * (t - warm)) / Math.max(1, totalSteps - warm)));
  }
  return baseLr * 0.5 * (1 + Math.cos((Math.PI * t) / totalSteps));
}
