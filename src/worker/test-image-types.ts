/**
 * The vocabulary of the `testImages` command and event (protocol.ts re-exports it): which images of a
 * finished run's test sets are asked for, what the run recorded to find them by, and what comes back.
 * Types only.
 */
import type { DomainId } from '../core/spec/domain-ids';

/**
 * Which images of a finished run's test sets a `testImages` command asks for: those of one confusion
 * cell (true class → predicted class), or `perClass` images of each class chosen with `seed`, the
 * same images in every domain (the gallery with a run's predictions).
 */
export type TestImageQuery =
  | { kind: 'cell'; trueClass: number; predicted: number; limit: number }
  | { kind: 'sample'; perClass: number; seed: number };

/** What a run recorded of one domain's whole test set, to find and check its images by. */
export interface RecordedPredictions {
  domain: DomainId;
  /** `DomainResult.predictions`. */
  predictions: string;
  /** `DomainResult.confusion`: the rebuilt test set must give the same counts, or it is not the run's. */
  confusion: number[][];
}

export interface TestImage {
  /** Where the image is in the domain's whole test set (its index in the run's predictions). */
  position: number;
  label: number;
  predicted: number;
  /** RGBA, H × W × 4, as the domain shows it. */
  rgba: Uint8ClampedArray;
}

export interface TestImageRow {
  domain: DomainId;
  severity: number;
  /** Images that matched the query (a cell may hold more than its `limit`). */
  matched: number;
  images: TestImage[];
}
