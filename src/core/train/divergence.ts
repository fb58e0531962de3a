/**
 * When a run has diverged: a training loss that is not finite, one above a bound the run states
 * (DIVERGENCE_FACTOR × its first loss, at least DIVERGENCE_FACTOR), or a run that ends at chance
 * accuracy after its loss exploded (above EXPLODED_FACTOR × the first loss). Pure, no tfjs.
 */

import type { StateReader, StateWriter, Stateful } from './run-state';

/** The loss bound is this many times the run's first loss (and never below this many nats). */
export const DIVERGENCE_FACTOR = 100;
/** A loss this many times the first counts as exploded, for the chance-accuracy rule. */
export const EXPLODED_FACTOR = 10;

export type DivergenceReason = 'non-finite' | 'above-bound' | 'chance-after-explosion';

export interface Divergence {
  step: number;
  loss: number;
  lr: number;
  reason: DivergenceReason;
  /** The loss bound in force (nats). */
  bound: number;
}

/** The loss above which a run whose first training loss was `firstLoss` counts as diverged. */
export function lossBound(firstLoss: number): number {
  return DIVERGENCE_FACTOR * Math.max(firstLoss, 1);
}

/** Watches a run's losses as they are read back, in step order. */
export class DivergenceWatch implements Stateful {
  private first: number | null = null;
  private worst: { step: number; loss: number; lr: number } | null = null;
  private found: Divergence | null = null;

  get divergence(): Divergence | null {
    return this.found;
  }

  get bound(): number | null {
    return this.first === null ? null : lossBound(this.first);
  }

  /** Take the next losses; returns the divergence once one of them crosses a rule. */
  add(points: readonly { step: number; loss: number; lr: number }[]): Divergence | null {
    for (const p of points) {
      if (this.found) break;
      if (!Number.isFinite(p.loss)) {
        this.found = { ...p, reason: 'non-finite', bound: this.bound ?? Number.NaN };
        break;
      }
      this.first ??= p.loss;
      const bound = lossBound(this.first);
      if (p.loss > bound) this.found = { ...p, reason: 'above-bound', bound };
      if (!this.worst || p.loss > this.worst.loss) this.worst = p;
    }
    return this.found;
  }

  /**
   * The first loss and the worst so far (as read back until now), so that a continued run keeps its
   * bound; nothing is saved once the run has diverged, since it stops there.
   */
  saveState(w: StateWriter): void {
    w.numbers('first', this.first === null ? [] : [this.first]);
    w.numbers('worst', this.worst === null ? [] : [this.worst.step, this.worst.loss, this.worst.lr]);
  }

  loadState(r: StateReader): void {
    const [first] = r.numbers('first');
    const worst = r.numbers('worst');
    this.first = first ?? null;
    this.worst = worst.length === 3 ? { step: worst[0], loss: worst[1], lr: worst[2] } : null;
  }

  /**
   * At the end of a run: diverged when the ID accuracy is at chance (≤ 1.5 / classes) and the loss had
   * exploded on the way, else whatever was found while training.
   */
  atEnd(idAccuracy: number, numClasses: number): Divergence | null {
    if (this.found || !this.worst || this.first === null) return this.found;
    const exploded = this.worst.loss > EXPLODED_FACTOR * Math.max(this.first, 1);
    if (exploded && idAccuracy <= 1.5 / numClasses)
      this.found = { ...this.worst, reason: 'chance-after-explosion', bound: lossBound(this.first) };
    return this.found;
  }
}
