/**
 * Learning-rate schedules, evaluated per optimiser step (0-based).
 * cosine: lr_t = lr0 · ½(1 + cos(π t / T)), from lr0 at t = 0 towards 0 at t = T
 * (PyTorch CosineAnnealingLR with eta_min 0 and T_max = T, stepped every iteration).
 */
import type { ScheduleKind } from './config';

export function learningRate(kind: ScheduleKind, baseLr: number, step: number, totalSteps: number): number {
  if (kind === 'constant') return baseLr;
  const t = Math.min(Math.max(step, 0), totalSteps);
  return baseLr * 0.5 * (1 + Math.cos((Math.PI * t) / totalSteps));
}
