/**
 * Kernels per training step (issue #16): how many backend kernels one optimiser step launches, counted
 * by tfjs's own profiler. On a GPU, a model this small is bound by dispatches, not FLOPs, so this is
 * the proxy for WebGPU step time that can be measured on a machine without one. The count is the
 * backend-independent op-level figure (each tfjs kernel call), the same on CPU, WASM and WebGPU up to
 * the backends' own fused kernels.
 */
import * as tf from '@tensorflow/tfjs';

import type { Trainer } from './trainer';

const METADATA_ONLY = new Set(['Identity', 'Reshape']);

export interface KernelCount {
  /** Kernel calls the profiler recorded in the step measured. */
  kernels: number;
  /**
   * Of those, the ones that compute: without Identity and Reshape (they change a tensor's metadata, not
   * its data) and without `…__op` records (a custom-gradient op wrapping the kernel it calls).
   */
  dispatches: number;
  /** Of those, per kernel name, most first. */
  byName: [string, number][];
}

/**
 * Steps `trainer` until `skip` steps are done (optimiser slots, phase changes and first-step caches
 * settle there), then counts the kernels of the next step. The trainer is left one step further on.
 */
export async function kernelsOfStep(trainer: Trainer, skip: number): Promise<KernelCount> {
  while (trainer.stepsDone < skip) trainer.step().loss.dispose();
  return kernelsOf(() => trainer.step().loss.dispose());
}

/**
 * The mean count of `steps` steps after `skip`: a schedule that updates the radii every k steps
 * pays for the update once in k steps. Every figure is a mean per step.
 */
export async function kernelsOfSteps(trainer: Trainer, skip: number, steps: number): Promise<KernelCount> {
  while (trainer.stepsDone < skip) trainer.step().loss.dispose();
  const all = await kernelsOf(() => {
    for (let i = 0; i < steps; i++) trainer.step().loss.dispose();
  });
  return {
    kernels: all.kernels / steps,
    dispatches: all.dispatches / steps,
    byName: all.byName.map(([name, n]) => [name, n / steps]),
  };
}

/** The kernels `f` launches (it must free what it makes). */
export async function kernelsOf(f: () => void): Promise<KernelCount> {
  const info = await tf.profile(f);
  const counts = new Map<string, number>();
  for (const k of info.kernels) counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
  const dispatches = info.kernels.filter((k) => !METADATA_ONLY.has(k.name) && !k.name.endsWith('__op')).length;
  return { kernels: info.kernels.length, dispatches, byName: [...counts].sort((a, b) => b[1] - a[1]) };
}
